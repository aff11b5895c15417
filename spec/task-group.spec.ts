import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CancelledError, EventLoop, ExceptionGroup, getRunningLoop, runSync, sleep, TaskGroup, type Task } from '../lib/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

describe('TaskGroup', () => {
  it('waits for every child before with() returns', () => {
    const out = runSync(function* () {
      const tg = new TaskGroup();
      const tasks: Task<string>[] = [];
      yield* tg.with(function* () {
        for (const [s, v] of [[0.3, 'a'], [0.1, 'b']] as const) {
          tasks.push(
            tg.createTask(function* () {
              yield* sleep(s);
              return v;
            }),
          );
        }
      });
      return [tasks.map((t) => t.result()), getRunningLoop().time()];
    });
    expect(out).toEqual([['a', 'b'], 0.3]);
  });

  it('an ExceptionGroup is the host\'s AggregateError (its types do not name it: they compile with lib ES2020)', () => {
    const a = new Error('a');
    const g = new ExceptionGroup('two errors', [a, 'b']);
    expect(g).toBeInstanceOf(AggregateError);
    expect([g.name, g.message, g.exceptions, g.errors]).toEqual(['ExceptionGroup', 'two errors', [a, 'b'], [a, 'b']]);
  });

  it('a failing child cancels its siblings and the body; errors arrive together in an ExceptionGroup', () => {
    const log: string[] = [];
    runSync(function* () {
      const tg = new TaskGroup();
      try {
        yield* tg.with(function* () {
          tg.createTask(function* () {
            yield* sleep(0.1);
            throw new Error('first');
          });
          tg.createTask(function* () {
            yield* sleep(0.1);
            throw new Error('second');
          });
          tg.createTask(function* () {
            try {
              yield* sleep(10);
            } catch (e) {
              log.push(`sibling ${(e as Error).name}`);
              throw e;
            }
          });
          try {
            yield* sleep(10);
          } catch (e) {
            log.push(`body ${(e as Error).name}`);
            throw e;
          }
        });
      } catch (e) {
        log.push(`${(e as Error).name}: ${(e as ExceptionGroup).exceptions.map((x) => (x as Error).message).join(', ')}`);
      }
      log.push(`at ${getRunningLoop().time()}`);
    });
    expect(log).toEqual(['sibling CancelledError', 'body CancelledError', 'ExceptionGroup: first, second', 'at 0.1']);
  });

  it('an outside cancellation cancels the children and propagates as CancelledError', () => {
    const loop = new EventLoop();
    let child!: Task;
    const t = loop.createTask(function* () {
      const tg = new TaskGroup();
      yield* tg.with(function* () {
        child = tg.createTask(function* () {
          yield* sleep(10);
        });
        yield* sleep(10);
      });
    });
    loop.callLater(1, () => t.cancel());
    expect(() => loop.runUntilComplete(t)).toThrow(CancelledError);
    expect(child.cancelled()).toBe(true);
  });

  it('refuses createTask before it is entered', () => {
    const tg = new TaskGroup();
    expect(() => tg.createTask(function* () {})).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: TaskGroup.createTask(): <TaskGroup> has not been entered]`);
  });
});

describe('properties', () => {
  test.prop(
    [
      fc.array(fc.record({ s: fc.constantFrom(0, 0.1, 0.2, 0.5), fail: fc.boolean(), catchCancel: fc.boolean() }), { minLength: 1, maxLength: 6 }),
      fc.constantFrom(0, 0.05, 0.3, 1),
      fc.option(fc.constantFrom(0.05, 0.15, 0.4), { nil: null }),
    ],
    { numRuns: RUNS },
  )('a TaskGroup never returns while a child is still running', (children, bodySleep, cancelAt) => {
    const loop = new EventLoop();
    const tasks: Task[] = [];
    let runningAtExit = -1;
    const parent = loop.createTask(function* () {
      const tg = new TaskGroup();
      try {
        yield* tg.with(function* () {
          for (const c of children) {
            tasks.push(
              tg.createTask(function* () {
                try {
                  yield* sleep(c.s);
                } catch (e) {
                  if (!c.catchCancel) throw e;
                  yield* sleep(0.05); // cleanup that takes time
                }
                if (c.fail) throw new Error('child failed');
              }),
            );
          }
          yield* sleep(bodySleep);
        });
      } finally {
        runningAtExit = tasks.filter((t) => !t.done()).length;
      }
    });
    if (cancelAt !== null) loop.callLater(cancelAt, () => parent.cancel());
    try {
      loop.runUntilComplete(parent);
    } catch (e) {
      if (!(e instanceof CancelledError) && !(e instanceof ExceptionGroup)) throw e;
    }
    expect(runningAtExit).toBe(0);
  });
});
