import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Condition, getRunningLoop, Lock, runSync, sleep, spawn, type Task } from '../lib/index.js';

describe('Condition', () => {
  it('wait releases the lock, notify wakes waiters FIFO, each re-acquires before returning', () => {
    const log: string[] = [];
    runSync(function* () {
      const cond = new Condition();
      const items: number[] = [];
      const tasks: Task[] = [];
      for (const n of ['a', 'b']) {
        tasks.push(
          yield* spawn(function* () {
            yield* cond.with(function* () {
              const x = yield* cond.waitFor(() => items.shift());
              log.push(`${n} got ${x} holding=${cond.locked()}`);
            });
          }),
        );
      }
      yield* sleep(0);
      for (const x of [1, 2]) {
        yield* cond.with(function* () {
          items.push(x);
          cond.notify();
        });
        yield* sleep(0.1);
      }
      for (const t of tasks) yield* t;
    });
    expect(log).toEqual(['a got 1 holding=true', 'b got 2 holding=true']);
  });

  it('notifyAll wakes everyone; a waiter cancelled after a notify passes it on', () => {
    const log: string[] = [];
    runSync(function* () {
      const cond = new Condition(new Lock());
      const mk = (n: string) =>
        spawn(function* () {
          yield* cond.with(function* () {
            yield* cond.wait();
            log.push(n);
          });
        });
      const a = yield* mk('a');
      const b = yield* mk('b');
      yield* sleep(0);
      yield* cond.with(function* () {
        cond.notify(1);
      });
      a.cancel(); // woken by the notify, cancelled before it runs: b must get the notification
      yield* b;
    });
    expect(log).toEqual(['b']);
  });

  it('refuses wait/notify without the lock, with errors named after the API', () => {
    const cond = new Condition();
    expect(() => cond.notify()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: Condition.notify(): cannot notify on un-acquired lock]`);
    expect(() => cond.notifyAll()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: Condition.notifyAll(): cannot notify on un-acquired lock]`);
    expect(() => cond.wait().next()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: Condition.wait(): cannot wait on un-acquired lock]`);
    expect(() => new Condition({} as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Condition(lock): expected a Lock, got {}]`);
  });
});

describe('properties', () => {
  test.prop([fc.array(fc.constantFrom(0, 0, 0.1, 0.2), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 })], { numRuns: Number(process.env.FC_RUNS ?? 200) })(
    'notify wakes waiters in arrival order',
    (arrivals, n) => {
      const arrived: number[] = [];
      const woken: number[] = [];
      runSync(function* () {
        const cond = new Condition();
        const tasks: Task[] = [];
        arrivals.forEach((at, i) =>
          tasks.push(
            getRunningLoop().createTask(function* () {
              yield* sleep(at);
              yield* cond.with(function* () {
                arrived.push(i);
                yield* cond.wait();
                woken.push(i);
              });
            }),
          ),
        );
        yield* sleep(1);
        while (woken.length < arrivals.length) {
          yield* cond.with(function* () {
            cond.notify(n);
          });
          yield* sleep(0.1);
        }
        for (const t of tasks) yield* t;
      });
      expect(woken).toEqual(arrived);
    },
  );
});
