import { describe, expect, it } from 'vitest';
import { awaitFuture, EventLoop, Future, Queue, sleep, spawn, Tracer } from '../lib/index.js';

// The kernel has fast paths for the commonest effects; each must compute exactly what the
// general path computes. These programs run the same work through both and compare every
// observable: the values each task sees, and the order in which tasks see them.

type Style = 'class' | 'plain' | 'star';

/** Producers and consumers on bounded queues, with sleeps in between; logs every step. */
function queueProgram(style: Style, seed: number, trace = false): string[] {
  const log: string[] = [];
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  // 'star' is the typed spelling, `yield* q.put(x)`: inside a running task it completes inline
  // when it need not wait (yield-once.ts); the other two always yield the effect to the loop.
  function* put(q: Queue<number>, item: number): Generator<unknown, void, any> {
    if (style === 'star') return yield* q.put(item);
    yield style === 'class' ? q.put(item) : { type: 'put', queue: q, item };
  }
  function* get(q: Queue<number>): Generator<unknown, number, any> {
    if (style === 'star') return yield* q.get();
    return yield style === 'class' ? q.get() : { type: 'get', queue: q };
  }
  const loop = new EventLoop(trace ? { trace: new Tracer() } : {});
  loop.runUntilComplete(
    (function* (): Generator<unknown, void, any> {
      const qs = [new Queue<number>(1 + rnd(3)), new Queue<number>(rnd(2))];
      const ts = [];
      for (let p = 0; p < 3; p++) {
        const q = qs[p % 2]!;
        const pauses = Array.from({ length: 12 }, () => rnd(3));
        ts.push(
          yield spawn(function* () {
            for (let i = 0; i < 12; i++) {
              yield* put(q, p * 100 + i);
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
              const v = yield* get(q);
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

/** Spawns, joins and awaits of done futures, spelled with yield* (inline when they need not wait) or yield. */
function spawnProgram(star: boolean, trace: boolean): string[] {
  const log: string[] = [];
  const loop = new EventLoop(trace ? { trace: new Tracer() } : {});
  function* child(i: number): Generator<unknown, number, any> {
    log.push(`child ${i} starts`);
    if (i % 3 === 0) yield sleep(0);
    if (i % 4 === 0) yield sleep(0.5);
    log.push(`child ${i} ends`);
    return i * i;
  }
  loop.runUntilComplete(
    (function* (): Generator<unknown, void, any> {
      const done = new Future<string>(loop);
      done.setResult('ready');
      const ts = [];
      for (let i = 0; i < 12; i++) {
        ts.push(star ? yield* spawn(child, i) : ((yield spawn(child, i)) as ReturnType<typeof loop.createTask>));
        log.push(`spawned ${i}; done future: ${star ? yield* done : yield done}, ${star ? yield* awaitFuture(done) : yield awaitFuture(done)}`);
        if (i % 5 === 4) yield sleep(0);
      }
      for (const t of ts) log.push(`joined ${star ? yield* t : yield t}`);
    })(),
  );
  return log;
}

describe('yield* of an effect that need not wait completes inline, with the same outcome', () => {
  it('queues: the typed spelling gives the same run as plain yield, with and without a tracer', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const plain = queueProgram('class', seed);
      expect(queueProgram('star', seed)).toEqual(plain);
      expect(queueProgram('star', seed, true)).toEqual(plain);
    }
  });

  it('spawn, join and done futures: the same run spelled with yield* and with yield, with and without a tracer', () => {
    const plain = spawnProgram(false, false);
    expect(plain.length).toBe(12 * 2 + 12 + 12);
    expect(spawnProgram(true, false)).toEqual(plain);
    expect(spawnProgram(true, true)).toEqual(plain);
  });

  it('a traced run records the same effects for yield* as for yield (the tracer sees every effect)', () => {
    const effects = (star: boolean): string[] => {
      const tracer = new Tracer();
      const loop = new EventLoop({ trace: tracer });
      loop.runUntilComplete(
        (function* (): Generator<unknown, number, any> {
          const q = new Queue<number>(2);
          const t = star ? yield* spawn(function* () {}) : yield spawn(function* () {});
          if (star) yield* q.put(1);
          else yield q.put(1);
          const v = star ? yield* q.get() : yield q.get();
          if (star) yield* t;
          else yield t;
          return v;
        })(),
      );
      return tracer.events.filter((e) => e.kind === 'effect').map((e) => (e as { effect: string }).effect);
    };
    expect(effects(true)).toEqual(effects(false));
    expect(effects(true).length).toBe(4);
  });

  it('outside a running task, yield* hands the effect to whoever drives the generator', () => {
    const q = new Queue<number>();
    function* body(): Generator<unknown, number, any> {
      yield* q.put(7);
      return yield* q.get();
    }
    const g = body();
    const first = g.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ type: 'put', queue: q, item: 7 });
    expect(q.qsize()).toBe(0); // not carried out: it was handed out
    const second = g.next();
    expect(second.value).toMatchObject({ type: 'get', queue: q });
    expect(g.next(42)).toEqual({ value: 42, done: true });
  });

  it.each([false, true])('a generator driven by hand inside a running task sees only the effects that must wait (the documented difference; traced: %s)', (traced) => {
    const trace = new Tracer();
    const loop = new EventLoop(traced ? { trace } : {});
    const q = new Queue<number>(1);
    const seen: string[] = [];
    loop.runUntilComplete(
      (function* () {
        function* body(): Generator<unknown, void, any> {
          yield* q.put(1); // room: carried out on the spot, the driver sees nothing
          yield* q.put(2); // full: must wait, so the driver is handed the effect
          yield q.put(3); // plain yield: always handed to the driver
        }
        const g = body();
        for (let r = g.next(); !r.done; r = g.next()) seen.push(`${(r.value as { type: string }).type} ${(r.value as { item: number }).item}`);
        seen.push(`qsize ${q.qsize()}`);
        yield* sleep(0);
      })(),
    );
    loop.close();
    expect(seen).toEqual(['put 2', 'put 3', 'qsize 1']);
    // Traced, the put carried out inline is recorded once, as a yielded one would be; the two handed out are not (nobody gave them to the loop).
    if (traced) expect(trace.events.filter((e) => e.kind === 'effect').map((e) => (e as { effect: string }).effect)).toEqual(['put(<Queue maxsize=1 qsize=0>, 1)', 'sleep(0)']);
  });
});
