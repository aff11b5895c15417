import { describe, expect, it } from 'vitest';
import { EventLoop, Queue, sleep, spawn, Tracer } from '../lib/index.js';

// The kernel has fast paths for the commonest effects; each must compute exactly what the
// general path computes. These programs run the same work through both and compare every
// observable: the values each task sees, and the order in which tasks see them.

type Style = 'class' | 'plain';

/** Producers and consumers on bounded queues, with sleeps in between; logs every step. */
function queueProgram(style: Style, seed: number, trace = false): string[] {
  const log: string[] = [];
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const put = (q: Queue<number>, item: number): unknown => (style === 'class' ? q.put(item) : { type: 'put', queue: q, item });
  const get = (q: Queue<number>): unknown => (style === 'class' ? q.get() : { type: 'get', queue: q });
  const loop = new EventLoop(trace ? { trace: new Tracer() } : {});
  loop.runUntilComplete(
    (function* () {
      const qs = [new Queue<number>(1 + rnd(3)), new Queue<number>(rnd(2))];
      const ts = [];
      for (let p = 0; p < 3; p++) {
        const q = qs[p % 2]!;
        const pauses = Array.from({ length: 12 }, () => rnd(3));
        ts.push(
          yield spawn(function* () {
            for (let i = 0; i < 12; i++) {
              yield put(q, p * 100 + i);
              log.push(`P${p} put ${p * 100 + i} @${loop.time()}`);
              if (pauses[i]! > 0) yield sleep(pauses[i]! === 1 ? 0 : 0.5);
            }
          }),
        );
      }
      for (let c = 0; c < 3; c++) {
        const q = qs[c % 2]!;
        const pauses = Array.from({ length: 12 }, () => rnd(3));
        ts.push(
          yield spawn(function* () {
            for (let i = 0; i < 12; i++) {
              const v = yield get(q);
              log.push(`C${c} got ${v} @${loop.time()}`);
              if (pauses[i]! > 0) yield sleep(pauses[i]! === 1 ? 0 : 0.25);
            }
          }),
        );
      }
      for (const t of ts) yield t;
    })(),
  );
  return log;
}

describe('fast paths compute what the general path computes', () => {
  it('queue put/get as effect classes (dispatched through the class) and as plain { type } objects (through the handler table) give the same run', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const viaClass = queueProgram('class', seed);
      expect(viaClass.length).toBe(72);
      expect(queueProgram('plain', seed)).toEqual(viaClass);
    }
  });
});
