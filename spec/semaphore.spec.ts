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
  // Why holders release what they took, and stray releases come only once everyone is done:
  // CPython's own BoundedSemaphore can pass its bound when a stray release races a waiter that
  // was woken and then cancelled (checked against CPython 3.13: the value ends at 2 of 1). Such
  // programs are wrong anyway; the property covers correct use plus detectable over-release.
  test.prop(
    [
      fc.integer({ min: 1, max: 3 }), // with 0 units and no stray release before the end, users would wait forever
      fc.boolean(),
      fc.array(fc.record({ at: fc.constantFrom(0, 0, 0.1, 0.2), hold: fc.constantFrom(0, 0.1, 0.3), cancelAt: fc.option(fc.constantFrom(0, 0.05, 0.1, 0.2), { nil: null }) }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 0, max: 3 }),
    ],
    { numRuns: RUNS },
  )("a Semaphore's value never goes below zero, a BoundedSemaphore's never above its bound", (initial, bounded, users, strays) => {
    const seen: number[] = [];
    let refused = 0;
    runSync(function* () {
      const sem = bounded ? new BoundedSemaphore(initial) : new Semaphore(initial);
      const check = (): void => void seen.push(sem.value);
      const tasks: Task[] = [];
      for (const u of users) {
        const t = yield* spawn(function* () {
          yield* sleep(u.at);
          check();
          yield* sem.acquire();
          check();
          try {
            yield* sleep(u.hold);
          } finally {
            sem.release();
            check();
          }
        });
        tasks.push(t);
        if (u.cancelAt !== null) getRunningLoop().callLater(u.cancelAt, () => t.cancel());
      }
      for (const t of tasks) {
        try {
          yield* t;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
        }
      }
      check();
      for (let k = 0; k < strays; k++) {
        try {
          sem.release();
        } catch (e) {
          if (!(e instanceof ValueError)) throw e;
          refused++;
        }
        check();
      }
    });
    for (const v of seen) {
      expect(v).toBeGreaterThanOrEqual(0);
      if (bounded) expect(v).toBeLessThanOrEqual(initial);
    }
    if (bounded) expect(refused).toBe(strays);
  });
});
