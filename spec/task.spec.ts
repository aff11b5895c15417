import { describe, expect, it } from 'vitest';
import { CancelledError, EventLoop, Future, InvalidStateError, runSync, sleep, spawn, type Task } from '../lib/index.js';

describe('Task', () => {
  it('is a Future of its coroutine\'s return value, named Task-N unless named', () => {
    const loop = new EventLoop();
    const t = loop.createTask(function* () {
      yield* sleep(1);
      return 'v';
    });
    const named = loop.createTask(function* () {}, { name: 'worker' });
    expect(t.getName()).toBe('Task-1');
    expect(named.getName()).toBe('worker');
    expect(String(t)).toBe('<Task pending name="Task-1">');
    expect(loop.runUntilComplete(t)).toBe('v');
    expect(t.done()).toBe(true);
    expect(t.result()).toBe('v');
    expect(String(t)).toBe('<Task finished result="v" name="Task-1">');
  });

  it('delivers CancelledError at the suspension point, where the coroutine may catch it', () => {
    const log: string[] = [];
    const loop = new EventLoop();
    const t = loop.createTask(function* () {
      try {
        yield* sleep(10);
      } catch (e) {
        log.push(`caught ${(e as Error).name}: ${(e as Error).message} at ${loop.time()}`);
      }
      yield* sleep(1);
      return 'survived';
    });
    loop.callLater(2, () => t.cancel('enough'));
    expect(loop.runUntilComplete(t)).toBe('survived');
    expect(log).toEqual(['caught CancelledError: enough at 2']);
    expect(loop.time()).toBe(3);
  });

  it('a cancelled sleep leaves no wake behind: the next, longer sleep runs its full length (both timer orders)', () => {
    for (const timers of ['fifo', 'cpython'] as const) {
      const loop = new EventLoop({ timers });
      const log: string[] = [];
      const t = loop.createTask(function* () {
        try {
          yield* sleep(10);
        } catch {
          log.push(`cancelled at ${loop.time()}`);
        }
        yield* sleep(20); // the first sleep's timer, due at 10, must not end this one
        log.push(`woke at ${loop.time()}`);
        try {
          yield* sleep(5); // due in the same iteration as the callback that cancels it, which comes first
        } catch {
          log.push(`cancelled again at ${loop.time()}`);
        }
        yield* sleep(1);
        log.push(`done at ${loop.time()}`);
      });
      loop.callLater(2, () => t.cancel());
      // Due with the first sleep's timer and ahead of it, so that timer is not dropped from the top of the heap beforehand.
      loop.callLater(10, () => log.push('tick at 10'));
      loop.callLater(27, () => t.cancel());
      loop.runUntilComplete(t);
      expect(log, timers).toEqual(['cancelled at 2', 'tick at 10', 'woke at 22', 'cancelled again at 27', 'done at 28']);
    }
  });

  it('a task cancelled while not blocked raises at its next suspension', () => {
    const log: string[] = [];
    const t = runSync(function* () {
      const self = yield* spawn(function* () {
        log.push('running');
        const me = (yield* spawn(function* () {})) as Task; // a non-blocking effect: keeps the turn
        void me;
        selfTask.cancel();
        log.push('cancel() returned; still running');
        try {
          yield* sleep(1);
        } catch (e) {
          log.push(`raised at the next suspension: ${(e as Error).name}`);
          throw e;
        }
      });
      const selfTask = self;
      try {
        yield* self;
      } catch (e) {
        log.push(`awaiter sees ${(e as Error).name}`);
      }
      return self;
    });
    expect(t.cancelled()).toBe(true);
    expect(log).toEqual(['running', 'cancel() returned; still running', 'raised at the next suspension: CancelledError', 'awaiter sees CancelledError']);
  });

  it('cancelling a task that awaits another task cancels the inner one too', () => {
    const log: string[] = [];
    const loop = new EventLoop();
    let inner!: Task;
    const outer = loop.createTask(function* () {
      inner = yield* spawn(function* () {
        try {
          yield* sleep(10);
        } finally {
          log.push('inner finally');
        }
      });
      try {
        yield* inner;
      } finally {
        log.push('outer finally');
      }
    });
    loop.callLater(1, () => outer.cancel());
    expect(() => loop.runUntilComplete(outer)).toThrow(CancelledError);
    expect(inner.cancelled()).toBe(true);
    expect(log).toEqual(['inner finally', 'outer finally']);
  });

  it('a task that returns right after cancel() was requested ends cancelled', () => {
    const loop = new EventLoop();
    const t = loop.createTask(function* () {
      t.cancel();
      return 1;
    });
    expect(() => loop.runUntilComplete(t)).toThrow(CancelledError);
    expect(t.cancelled()).toBe(true);
  });

  it('cancel() returns false once done; cancelling() and uncancel() count requests', () => {
    const loop = new EventLoop();
    const t = loop.createTask(function* () {
      try {
        yield* sleep(1);
      } catch {
        /* swallowed */
      }
      return 'ok';
    });
    loop.runOnce();
    expect(t.cancel()).toBe(true);
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(2);
    expect(t.uncancel()).toBe(1);
    expect(loop.runUntilComplete(t)).toBe('ok');
    expect(t.cancel()).toBe(false);
  });

  it('refuses setResult/setException from outside, and awaiting itself', () => {
    const loop = new EventLoop();
    const t = loop.createTask(function* (): Generator<unknown, string, any> {
      try {
        yield* t;
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    });
    expect(() => t.setResult(1 as never)).toThrowErrorMatchingInlineSnapshot(
      `[RuntimeError: Task.setResult(): a task's result is set by its coroutine (task Task-1)]`,
    );
    expect(() => t.setException(new Error('x'))).toThrowErrorMatchingInlineSnapshot(
      `[RuntimeError: Task.setException(): a task's exception is set by its coroutine (task Task-1)]`,
    );
    expect(loop.runUntilComplete(t)).toBe('await: task "Task-1" cannot await itself');
  });

  it('result() of a pending task is an InvalidStateError', () => {
    const loop = new EventLoop();
    const t = loop.createTask(function* () {});
    expect(() => t.result()).toThrow(InvalidStateError);
    expect(() => t.result()).toThrowErrorMatchingInlineSnapshot(`[InvalidStateError: Task.result(): result is not set yet]`);
  });

  it('starts from a generator function with arguments (spawn) or a generator object', () => {
    const out = runSync(function* () {
      function* add(a: number, b: number) {
        yield* sleep(0);
        return a + b;
      }
      const t1 = yield* spawn(add, 1, 2);
      const t2 = yield* spawn(add(3, 4));
      return [yield* t1, yield* t2];
    });
    expect(out).toEqual([3, 7]);
  });

  it('awaits a future by plain yield as well as yield*', () => {
    const loop = new EventLoop();
    const f = new Future<number>(loop);
    loop.callLater(1, () => f.setResult(5));
    expect(loop.runUntilComplete(function* () {
      const a = (yield f) as number;
      const b = yield* f;
      return a + b;
    })).toBe(10);
  });

  it('reports its delegation depth', () => {
    const depths: number[] = [];
    runSync(function* () {
      const t = yield* spawn(function* outer() {
        yield (function* mid() {
          yield (function* inner() {
            yield* sleep(1);
          })();
        })();
      });
      yield* sleep(0.5);
      depths.push(t.getStackDepth());
      yield* t;
      depths.push(t.getStackDepth());
    });
    expect(depths).toEqual([3, 0]);
  });

  it('spawned as (fn, ...args), calls fn when the task first runs, with 0, 1, 2, 3 or more arguments', () => {
    const calls: string[] = [];
    function* child(...args: number[]) {
      calls.push(`run ${args.length}`);
      return args.reduce((a, b) => a + b, 0);
    }
    function* withDefault(x: number, label = (calls.push(`default ${x}`), 'd')) {
      return label + x;
    }
    const out = runSync(function* () {
      const ts = [yield* spawn(child), yield* spawn(child, 1), yield* spawn(child, 1, 2), yield* spawn(child, 1, 2, 3), yield* spawn(child, 1, 2, 3, 4)];
      const d = yield* spawn(withDefault, 7);
      calls.push('spawned');
      expect(d.getStackDepth()).toBe(1);
      const results = [];
      for (const t of ts) results.push(yield* t);
      return [...results, yield* d];
    });
    expect(out).toEqual([0, 1, 3, 6, 10, 'd7']);
    // The parameter list runs with the task's first step, after the spawner went on.
    expect(calls).toEqual(['spawned', 'run 0', 'run 1', 'run 2', 'run 3', 'run 4', 'default 7']);
  });

  it('a generator function whose parameter list throws fails its task with that error; getCoro() makes the coroutine early', () => {
    function* needsObject({ id }: { id: number }) {
      return id;
    }
    const out = runSync(function* () {
      const bad = yield* spawn(needsObject, undefined as unknown as { id: number });
      const good = yield* spawn(needsObject, { id: 5 });
      const coro = good.getCoro();
      expect(typeof coro?.next).toBe('function');
      let err: unknown = null;
      try {
        yield* bad;
      } catch (e) {
        err = e;
      }
      return [err instanceof TypeError, yield* good, good.getCoro()];
    });
    expect(out).toEqual([true, 5, null]);
  });
});
