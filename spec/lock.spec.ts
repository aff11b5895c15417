import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CancelledError, getRunningLoop, Lock, runSync, RuntimeError, Semaphore, sleep, spawn, type Task } from '../lib/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

describe('Lock', () => {
  it('acquires a free lock without giving up the turn; any task may release', () => {
    const log: string[] = [];
    runSync(function* () {
      const lock = new Lock();
      yield* spawn(function* () {
        log.push('other');
        lock.release(); // no owner: another task releases it
        log.push('other released');
      });
      yield* lock.acquire();
      log.push(`locked ${lock.locked()}`);
      yield* sleep(0);
      log.push(`locked ${lock.locked()}`);
    });
    expect(log).toEqual(['locked true', 'other', 'other released', 'locked false']);
  });

  it('with(body) releases when body throws, and evaluates to body\'s result', () => {
    runSync(function* () {
      const lock = new Lock();
      expect(yield* lock.with(function* () {
        return 5;
      })).toBe(5);
      try {
        yield* lock.with(function* () {
          throw new Error('boom');
        });
      } catch (e) {
        expect((e as Error).message).toBe('boom');
      }
      expect(lock.locked()).toBe(false);
    });
  });

  it('release of an unlocked lock is an error named after the API', () => {
    expect(() => new Lock().release()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: Lock.release(): lock is not acquired]`);
    expect(RuntimeError).toBeDefined();
  });
});

// ---- properties, for Lock and Semaphore(1) alike ----

const plans = fc.array(
  fc.record({ arrive: fc.constantFrom(0, 0, 0.05, 0.1, 0.2), hold: fc.constantFrom(0, 0.05, 0.1, 0.3), cancelAt: fc.option(fc.constantFrom(0, 0.05, 0.1, 0.15, 0.25), { nil: null }) }),
  { minLength: 1, maxLength: 8 },
);

describe.each([
  ['Lock', () => new Lock()],
  ['Semaphore(1)', () => new Semaphore(1)],
] as const)('properties of %s', (_name, make) => {
  test.prop([plans], { numRuns: RUNS })('never has two holders at once, even with cancellations', (ps) => {
    let holders = 0;
    let maxHolders = 0;
    runSync(function* () {
      const lock = make();
      const tasks: Task[] = [];
      for (const p of ps) {
        const t = yield* spawn(function* () {
          yield* sleep(p.arrive);
          yield* lock.acquire();
          holders++;
          maxHolders = Math.max(maxHolders, holders);
          try {
            yield* sleep(p.hold);
          } finally {
            holders--;
            lock.release();
          }
        });
        tasks.push(t);
        if (p.cancelAt !== null) getRunningLoop().callLater(p.cancelAt, () => t.cancel());
      }
      for (const t of tasks) {
        try {
          yield* t;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
        }
      }
    });
    expect(maxHolders).toBeLessThanOrEqual(1);
  });

  test.prop([fc.array(fc.constantFrom(0, 0, 0.1, 0.2), { minLength: 1, maxLength: 8 })], { numRuns: RUNS })('wakes waiters in arrival order', (arrivals) => {
    const arrived: number[] = [];
    const acquired: number[] = [];
    runSync(function* () {
      const lock = make();
      yield* lock.acquire(); // held, so everyone queues
      const tasks: Task[] = [];
      arrivals.forEach((at, i) => {
        tasks.push(
          getRunningLoop().createTask(function* () {
            yield* sleep(at);
            arrived.push(i);
            yield* lock.acquire();
            acquired.push(i);
            yield* sleep(0.01);
            lock.release();
          }),
        );
      });
      yield* sleep(1);
      lock.release();
      for (const t of tasks) yield* t;
    });
    expect(acquired).toEqual(arrived);
  });
});
