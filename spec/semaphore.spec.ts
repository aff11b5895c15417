import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BoundedSemaphore, CancelledError, getRunningLoop, runSync, Semaphore, sleep, spawn, type Task, ValueError } from '../lib/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

describe('Semaphore', () => {
  it('lets `value` tasks in at once, the rest FIFO', () => {
    const log: string[] = [];
    runSync(function* () {
      const sem = new Semaphore(2);
      const tasks: Task[] = [];
      for (const n of ['a', 'b', 'c']) {
        tasks.push(
          yield* spawn(function* () {
            yield* sem.with(function* () {
              log.push(`${n} in at ${getRunningLoop().time()}`);
              yield* sleep(1);
            });
          }),
        );
      }
      for (const t of tasks) yield* t;
    });
    expect(log).toEqual(['a in at 0', 'b in at 0', 'c in at 1']);
  });

  it('rejects bad input; BoundedSemaphore refuses over-release without changing its value', () => {
    expect(() => new Semaphore(-1)).toThrowErrorMatchingInlineSnapshot(`[ValueError: Semaphore(value): expected a non-negative integer, got -1]`);
    expect(() => new BoundedSemaphore(1.5)).toThrowErrorMatchingInlineSnapshot(`[ValueError: BoundedSemaphore(value): expected a non-negative integer, got 1.5]`);
    const b = new BoundedSemaphore(1);
    expect(() => b.release()).toThrowErrorMatchingInlineSnapshot(`[ValueError: BoundedSemaphore.release(): released too many times (bound 1)]`);
    expect(b.value).toBe(1);
    expect(ValueError).toBeDefined();
  });
});

describe('properties', () => {
  test.prop(
    [
      fc.integer({ min: 0, max: 3 }),
      fc.boolean(),
      fc.array(fc.record({ at: fc.constantFrom(0, 0, 0.1, 0.2), op: fc.constantFrom('acquire', 'acquire', 'release', 'cancel'), victim: fc.nat() }), { minLength: 1, maxLength: 12 }),
    ],
    { numRuns: RUNS },
  )("a Semaphore's value never goes below zero, a BoundedSemaphore's never above its bound", (initial, bounded, ops) => {
    const seen: number[] = [];
    runSync(function* () {
      const sem = bounded ? new BoundedSemaphore(initial) : new Semaphore(initial);
      const check = (): void => void seen.push(sem.value);
      const acquirers: Task[] = [];
      for (const o of ops) {
        yield* spawn(function* () {
          yield* sleep(o.at);
          if (o.op === 'acquire') {
            acquirers.push(
              yield* spawn(function* () {
                check();
                yield* sem.acquire();
                check();
              }),
            );
          } else if (o.op === 'release') {
            try {
              sem.release();
            } catch (e) {
              if (!(e instanceof ValueError)) throw e;
            }
            check();
          } else if (acquirers.length) acquirers[o.victim % acquirers.length]!.cancel();
          check();
        });
      }
      yield* sleep(1);
      check();
      void CancelledError;
    });
    for (const v of seen) {
      expect(v).toBeGreaterThanOrEqual(0);
      if (bounded) expect(v).toBeLessThanOrEqual(initial);
    }
  });
});
