import { describe, expect, it } from 'vitest';
import { Barrier, BrokenBarrierError, runSync, sleep, spawn, type Task } from '../lib/index.js';

describe('Barrier', () => {
  it('lets parties through together, each with its own index, and can be reused', () => {
    const log: string[] = [];
    runSync(function* () {
      const b = new Barrier(3);
      const tasks: Task[] = [];
      for (const n of ['a', 'b', 'c']) {
        tasks.push(
          yield* spawn(function* () {
            for (let round = 0; round < 2; round++) {
              const i = yield* b.wait();
              log.push(`${round}:${n}${i}`);
            }
          }),
        );
      }
      for (const t of tasks) yield* t;
      expect(b.nWaiting).toBe(0);
    });
    // The second round's indices follow arrival: c, which tripped the barrier, comes back first (as CPython).
    expect(log.sort()).toEqual(['0:a0', '0:b1', '0:c2', '1:a2', '1:b0', '1:c1']);
  });

  it('abort breaks waiters with BrokenBarrierError; reset brings it back', () => {
    const log: string[] = [];
    runSync(function* () {
      const b = new Barrier(2);
      const t = yield* spawn(function* () {
        try {
          yield* b.wait();
        } catch (e) {
          log.push((e as Error).name);
        }
      });
      yield* sleep(0);
      yield* b.abort();
      yield* t;
      expect(b.broken).toBe(true);
      try {
        yield* b.wait();
      } catch (e) {
        log.push(`after abort: ${e instanceof BrokenBarrierError}`);
      }
      yield* b.reset();
      expect(b.broken).toBe(false);
    });
    expect(log).toEqual(['BrokenBarrierError', 'after abort: true']);
  });

  it('a Barrier of 0 parties is an error', () => {
    expect(() => new Barrier(0)).toThrowErrorMatchingInlineSnapshot(`[ValueError: Barrier(parties): expected a positive integer, got 0]`);
  });
});
