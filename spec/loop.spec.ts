import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it, vi } from 'vitest';
import {
  CancelledError,
  currentTask,
  DeadlockError,
  EventLoop,
  Queue,
  Future,
  getRunningLoop,
  run,
  runSync,
  RuntimeError,
  sleep,
  spawn,
  SUSPEND,
  timeout,
  ValueError,
  type Task,
} from '../lib/index.js';
import { ROOT } from './helpers.js';
import { runTimerProgram, timerProgramArb } from './oracle/timer-programs.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

/** The host's gc(), for specs about what becomes garbage. */
function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Spawns `n` fire-and-forget tasks that fail at once; hands the first to `first` (not kept). */
function* spawnFailing(n: number, first?: (t: Task) => void): Generator<unknown, void, any> {
  for (let i = 0; i < n; i++) {
    const t = yield* spawn(function* () {
      throw new Error(`failed ${i}`);
    });
    if (i === 0) first?.(t);
  }
}

describe('EventLoop ordering (CPython 3.13 rules)', () => {
  it('runs callSoon callbacks FIFO, and a callback scheduled during an iteration runs in the next one', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push('a');
      loop.callSoon(() => log.push('c'));
    });
    loop.callSoon(() => log.push('b'));
    loop.runOnce();
    expect(log).toEqual(['a', 'b']);
    loop.runOnce();
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it("schedules a new task's first step instead of running it inline", () => {
    const log: string[] = [];
    runSync(function* () {
      yield* spawn(function* () {
        log.push('child runs');
      });
      log.push('parent continues');
      yield* sleep(0);
    });
    expect(log).toEqual(['parent continues', 'child runs']);
  });

  it('calls done callbacks through callSoon, never synchronously', () => {
    const loop = new EventLoop();
    const f = loop.createFuture<number>();
    const log: string[] = [];
    f.addDoneCallback(() => log.push('callback'));
    f.setResult(1);
    log.push('after setResult');
    loop.runOnce();
    expect(log).toEqual(['after setResult', 'callback']);
  });

  it('wakes a task that awaits a future one iteration after the future is done', () => {
    const loop = new EventLoop();
    const f = loop.createFuture<string>();
    const log: string[] = [];
    loop.createTask(function* () {
      log.push(`got ${yield* f}`);
    });
    loop.runOnce(); // the task starts and blocks on f
    loop.callSoon(() => {
      f.setResult('x');
      log.push('set');
    });
    loop.runOnce(); // runs the callback: f is done, the task is scheduled
    expect(log).toEqual(['set']);
    loop.runOnce(); // the task runs
    expect(log).toEqual(['set', 'got x']);
  });

  it('does not give up the turn for effects that do not block (spawn, awaiting a done future)', () => {
    const log: string[] = [];
    runSync(function* () {
      const other = yield* spawn(function* () {
        log.push('other');
      });
      const done = new Future<number>();
      done.setResult(7);
      log.push(`a ${yield* done}`);
      yield* spawn(function* () {});
      log.push('b');
      yield* other;
    });
    expect(log).toEqual(['a 7', 'b', 'other']);
  });

  it('moves due timers to the back of the ready queue, behind what was already ready', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.callLater(0, () => log.push('timer'));
    loop.callSoon(() => log.push('soon'));
    loop.runOnce();
    expect(log).toEqual(['soon', 'timer']);
  });

  it('fires timers with equal deadlines in the order they were scheduled (default mode)', () => {
    const loop = new EventLoop();
    const log: number[] = [];
    for (let i = 0; i < 50; i++) loop.callLater([0.2, 0.1, 0.3][i % 3]!, () => log.push(i));
    loop.callLater(1, () => loop.stop());
    loop.runForever();
    const expected = Array.from({ length: 50 }, (_, i) => i).sort((a, b) => [0.2, 0.1, 0.3][a % 3]! - [0.2, 0.1, 0.3][b % 3]! || a - b);
    expect(log).toEqual(expected);
  });

  it('skips cancelled callbacks and timers', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.callSoon(() => log.push('a')).cancel();
    const t = loop.callLater(0.5, () => log.push('b'));
    loop.callLater(0.1, () => t.cancel());
    loop.callLater(1, () => loop.stop());
    loop.runForever();
    expect(log).toEqual([]);
    expect(loop.time()).toBe(1);
  });

  it('stop() lets the current iteration finish', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.callSoon(() => loop.stop());
    loop.callSoon(() => log.push('same iteration'));
    loop.callSoon(() => loop.callSoon(() => log.push('next iteration')));
    loop.runForever();
    expect(log).toEqual(['same iteration']);
  });
});

describe('EventLoop errors', () => {
  it('throws a TypeError into a task that yields a non-effect, where it can be caught; the loop runs on', () => {
    const log: string[] = [];
    runSync(function* () {
      try {
        yield 42;
      } catch (e) {
        log.push((e as Error).message);
      }
      yield* sleep(1);
      log.push('still running');
    });
    expect(log).toMatchInlineSnapshot(`
      [
        "task "Task-1" yielded 42, which is not an effect, a generator or a Future (use yield* with helpers that return generators, yield for effects)",
        "still running",
      ]
    `);
  });

  it('suggests a fix for common mistakes', () => {
    const messages: string[] = [];
    function* worker() {}
    runSync(function* () {
      for (const bad of [worker, Promise.resolve(1), [1, 2], { type: 'nextFrame' }]) {
        try {
          yield bad;
        } catch (e) {
          messages.push((e as Error).message);
        }
      }
    });
    expect(messages).toMatchInlineSnapshot(`
      [
        "task "Task-1" yielded function worker, which is not an effect; did you mean to call it? (yield* fn(), or yield* spawn(fn, ...args))",
        "task "Task-1" yielded a Promise, which can only be awaited on a real-clock loop (run(), or new EventLoop({ clock: 'real' })); on the virtual clock use a Future",
        "task "Task-1" yielded [1,2], an iterable but not an effect or a generator (use yield*, not yield, to delegate to it)",
        "task "Task-1" yielded nextFrame({"type":"nextFrame"}), an effect of type 'nextFrame' that no handler is registered for (EventLoop.addEffectHandler)",
      ]
    `);
  });

  it('rejects bad arguments at the call site', () => {
    const loop = new EventLoop();
    expect(() => loop.callSoon(42 as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: EventLoop.callSoon(): expected a function, got 42]`);
    expect(() => loop.callLater('1' as never, () => {})).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop.callLater(): expected a number of seconds for delay, got "1"]`,
    );
    expect(() => loop.callAt(Number.NaN, () => {})).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop.callAt(): expected a number of seconds for when, got NaN]`,
    );
    expect(() => loop.createTask(42 as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop.createTask(): expected a generator object, a generator function or an effect, got 42]`,
    );
    expect(() => loop.createTask((() => 1) as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop.createTask(): an anonymous function returned 1, not a generator; coroutines are generator functions (function*)]`,
    );
    expect(() => sleep('x' as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: sleep(): expected a number of seconds, got "x"]`);
    expect(() => new EventLoop({ clock: 'wall' as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop(clock): expected virtualClock, realClock or steppedClock (or 'virtual', 'real', 'stepped'), got "wall"]`,
    );
    expect(() => new EventLoop({ timers: 'lifo' as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop(timers): expected fifoTimers or cpythonTimers (or 'fifo', 'cpython'), got "lifo"]`,
    );
  });

  it('delivers a plain-data sleep with a bad duration into the task', () => {
    const out = runSync(function* () {
      try {
        yield { type: 'sleep', seconds: 'soon' };
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(out).toBe('sleep(): expected a number of seconds, got "soon"');
  });

  it('reports a deadlock, naming the blocked tasks and what they wait on', () => {
    const never = new Future<void>();
    expect(() =>
      runSync(function* main() {
        yield* spawn(function* () {
          yield* never;
        });
        yield* never;
      }),
    ).toThrow(DeadlockError);
    const loop = new EventLoop();
    const f = loop.createFuture();
    expect(() => loop.runUntilComplete(f)).toThrowErrorMatchingInlineSnapshot(
      `[DeadlockError: deadlock: nothing is ready and no timer is pending, so <Future pending> can never complete]`,
    );
    const loop2 = new EventLoop();
    const t = loop2.createTask(function* () {
      yield* loop2.createFuture();
    });
    expect(() => loop2.runUntilComplete(t)).toThrowErrorMatchingInlineSnapshot(
      `[DeadlockError: deadlock: nothing is ready and no timer is pending, so <Task pending name="Task-1"> can never complete; blocked tasks: "Task-1" (awaiting <Future pending>)]`,
    );
  });

  it('sleep(NaN) raises ValueError with CPython\'s message, at the call and as a plain-data effect', () => {
    expect(() => sleep(Number.NaN)).toThrow(new ValueError('sleep(): Invalid delay: NaN (not a number)'));
    expect(() => sleep(Number.NaN)).toThrow(ValueError);
    const r = runSync(function* () {
      try {
        yield { type: 'sleep', seconds: Number.NaN };
      } catch (e) {
        return [(e as Error).name, (e as Error).message];
      }
    });
    expect(r).toEqual(['ValueError', 'sleep(): Invalid delay: NaN (not a number)']);
  });

  it('getRunningLoop() outside a loop says what to do, and so do the APIs that need one', () => {
    expect(() => getRunningLoop()).toThrowErrorMatchingInlineSnapshot(
      `[RuntimeError: getRunningLoop(): no running event loop (call it from a coroutine or callback that a loop runs: runSync(main), run(main), loop.runUntilComplete(main))]`,
    );
    expect(() => timeout(1)).toThrow(/^getRunningLoop\(\): no running event loop \(call it from a coroutine or callback that a loop runs/);
  });

  it('two tasks awaiting each other: runSync raises the DeadlockError naming the cycle, and shutdown ends (no RangeError)', () => {
    let a!: Task, b!: Task;
    expect(() =>
      runSync(function* () {
        a = yield* spawn(function* () {
          yield* b;
        });
        b = yield* spawn(function* () {
          yield* a;
        });
        yield* a;
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[DeadlockError: deadlock: nothing is ready and no timer is pending, so <Task pending name="Task-1"> can never complete; blocked tasks: "Task-1" (awaiting task "Task-2"), "Task-2" (awaiting task "Task-3"), "Task-3" (awaiting task "Task-2"); wait-for cycle: "Task-2" -> "Task-3" -> "Task-2"]`,
    );
    // asyncio.run's shutdown cancelled both: the cancellation went round the cycle once.
    expect([a.cancelled(), b.cancelled()]).toEqual([true, true]);
  });

  it('cancelling a task in a wait-for cycle ends: the cycle is broken where it closes', () => {
    const log: string[] = [];
    const r = runSync(function* () {
      let b!: Task;
      const a = yield* spawn(function* () {
        yield* b;
      });
      b = yield* spawn(function* () {
        try {
          yield* a;
        } catch (e) {
          log.push(`b got ${String(e)}`);
          throw e;
        }
      });
      yield* sleep(1);
      const cancelled = a.cancel('stop');
      yield* sleep(0);
      yield* sleep(0);
      return [cancelled, a.cancelled(), b.cancelled(), a.cancelling(), b.cancelling()];
    });
    expect(r).toEqual([true, true, true, 1, 1]);
    expect(log).toEqual(['b got CancelledError: stop']);
  });

  it('run() (real clock): when the host is about to exit with main pending, the run fails with the same DeadlockError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yf-deadlock-'));
    const script = join(dir, 'deadlock.mts');
    writeFileSync(
      script,
      `import { run, spawn, type Task } from ${JSON.stringify(join(ROOT, 'lib', 'index.ts'))};
await run(function* () {
  let b!: Task;
  const a = yield* spawn(function* () { yield* b; });
  b = yield* spawn(function* () { yield* a; });
  yield* a;
});
console.log('not reached');
`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1); // not 13 (a pending top-level await), and nothing silent
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'DeadlockError: deadlock: nothing is ready and no timer is pending, so <Task pending name="Task-1"> can never complete; blocked tasks: "Task-1" (awaiting task "Task-2"), "Task-2" (awaiting task "Task-3"), "Task-3" (awaiting task "Task-2"); wait-for cycle: "Task-2" -> "Task-3" -> "Task-2"',
    );
  });

  it('reports a failed task whose exception nobody retrieved to the exception handler', () => {
    const seen: { message: string; exception?: unknown; name?: string }[] = [];
    const loop = new EventLoop();
    loop.setExceptionHandler((_l, ctx) => seen.push({ message: ctx.message, exception: ctx.exception, name: ctx.task?.getName() }));
    loop.runUntilComplete(function* () {
      const t = yield* spawn(function* () {
        throw new Error('lost');
      });
      t.setName('worker');
      yield* sleep(1);
    });
    loop.close();
    expect(seen).toEqual([{ message: 'Task exception was never retrieved', exception: new Error('lost'), name: 'worker' }]);
  });

  it('real clock: a failed task nobody holds is reported when it becomes garbage, before the loop closes, and the loop does not keep it alive', async () => {
    const gc = collectGarbage();
    const seen: { message: string; exception?: unknown; description?: string; task?: unknown }[] = [];
    let first: WeakRef<Task> | null = null;
    let beforeClose: typeof seen = [];
    let collected = false;
    await run(function* () {
      getRunningLoop().setExceptionHandler((_l, ctx) => seen.push({ message: ctx.message, exception: ctx.exception, description: ctx.description, task: ctx.task }));
      yield* spawnFailing(200, (t) => (first = new WeakRef(t)));
      yield* sleep(0.001); // they fail
      for (let i = 0; i < 10 && seen.length < 200; i++) {
        gc();
        yield* sleep(0.01); // the registry reports in a later host turn
      }
      collected = first!.deref() === undefined;
      beforeClose = [...seen];
    });
    expect(collected).toBe(true);
    expect(beforeClose).toHaveLength(200);
    expect(seen).toHaveLength(200); // nothing reported twice at close
    const r = beforeClose.find((x) => x.description?.includes('name="Task-2"'))!;
    expect(r).toEqual({ message: 'Task exception was never retrieved', exception: new Error('failed 0'), description: '<Task failed exception=Error: failed 0 name="Task-2">', task: undefined });
  });

  it('virtual clock: the unretrieved failures are held and reported at close, in order (deterministic)', () => {
    const gc = collectGarbage();
    const seen: string[] = [];
    const loop = new EventLoop();
    loop.setExceptionHandler((_l, ctx) => seen.push(`${ctx.message}: ${(ctx.exception as Error).message} (${ctx.task?.getName()})`));
    loop.runUntilComplete(function* () {
      yield* spawnFailing(3);
      yield* sleep(1);
      gc();
    });
    expect(seen).toEqual([]);
    loop.close();
    expect(seen).toEqual([
      'Task exception was never retrieved: failed 0 (Task-2)',
      'Task exception was never retrieved: failed 1 (Task-3)',
      'Task exception was never retrieved: failed 2 (Task-4)',
    ]);
  });

  it('does not report an exception that was retrieved', () => {
    const handler = vi.fn();
    const loop = new EventLoop();
    loop.setExceptionHandler(handler);
    const r = loop.runUntilComplete(function* () {
      const t = yield* spawn(function* () {
        throw new Error('seen');
      });
      try {
        yield* t;
      } catch (e) {
        return (e as Error).message;
      }
    });
    loop.close();
    expect(r).toBe('seen');
    expect(handler).not.toHaveBeenCalled();
  });

  it('prints unretrieved exceptions with console.error by default, with the task name and stack', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      runSync(function* () {
        yield* spawn(function* boom() {
          throw new Error('kaboom');
        });
        yield* sleep(0);
      });
      expect(spy).toHaveBeenCalledTimes(1);
      const text = String(spy.mock.calls[0]![0]);
      expect(text).toContain('Task exception was never retrieved');
      expect(text).toContain('name="Task-2"');
      expect(text).toContain('Error: kaboom');
      expect(text).toContain('at boom');
    } finally {
      spy.mockRestore();
    }
  });

  it('sends an error thrown by a callback to the exception handler and keeps running', () => {
    const seen: string[] = [];
    const loop = new EventLoop();
    loop.setExceptionHandler((_l, ctx) => seen.push(`${ctx.message}: ${(ctx.exception as Error).message}`));
    loop.callSoon(function broken() {
      throw new Error('oops');
    });
    loop.callSoon(() => seen.push('next callback ran'));
    loop.runOnce();
    expect(seen).toEqual(['Exception in callback broken(): oops', 'next callback ran']);
  });

  it('refuses to run a loop inside itself, and to close a running loop', () => {
    const loop = new EventLoop();
    const errors: string[] = [];
    loop.runUntilComplete(function* () {
      for (const f of [() => loop.runUntilComplete(function* () {}), () => loop.close()]) {
        try {
          f();
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    });
    expect(errors).toMatchInlineSnapshot(`
      [
        "EventLoop.runUntilComplete(): this event loop is already running",
        "EventLoop.close(): cannot close a running event loop",
      ]
    `);
  });
});

describe('effect handlers', () => {
  it('lets an embedder add its own effect types without touching the kernel', () => {
    const loop = new EventLoop({
      effects: {
        double: (e: { n: number }) => e.n * 2, // resumes at once
      },
    });
    let frame = 0;
    loop.addEffectHandler('nextFrame', (_e, task, l) => {
      const f = l.createFuture<number>();
      l.callLater(1 / 60, () => f.setResult(++frame));
      return l.waitOn(task, f);
    });
    const out = loop.runUntilComplete(function* () {
      const d = (yield { type: 'double', n: 21 }) as number;
      const f1 = (yield { type: 'nextFrame' }) as number;
      const f2 = (yield { type: 'nextFrame' }) as number;
      return [d, f1, f2, loop.time()];
    });
    expect(out).toEqual([42, 1, 2, 2 / 60]);
    expect(() => loop.addEffectHandler('sleep', () => 0)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop.addEffectHandler(): 'sleep' is a built-in effect and cannot be replaced]`,
    );
    expect(SUSPEND).toBeTypeOf('symbol');
  });
});

describe('EventLoop.delegate', () => {
  it("lets a handler finish its work as a coroutine on the task's stack; the effect evaluates to its result", () => {
    const loop = new EventLoop();
    loop.addEffectHandler('fetchTwice', (e: { url: string }, task, l) =>
      l.delegate(
        task,
        (function* () {
          yield* sleep(0.5);
          yield* sleep(0.5);
          return `${e.url} fetched at ${l.time()}`;
        })(),
      ),
    );
    expect(loop.runUntilComplete(function* () {
      return (yield { type: 'fetchTwice', url: '/a' }) as string;
    })).toBe('/a fetched at 1');
    expect(() => loop.delegate(loop.createTask(function* () {}), (function* () {})())).toThrowErrorMatchingInlineSnapshot(
      `[RuntimeError: EventLoop.delegate(): only an effect handler of the running task can delegate]`,
    );
  });
});

describe('running', () => {
  it('runSync accepts a generator function or a generator object, and returns the value', () => {
    expect(runSync(function* () {
      yield* sleep(2);
      return getRunningLoop().time();
    })).toBe(2);
    function* g(x: number) {
      return x + 1;
    }
    expect(runSync(g(1))).toBe(2);
  });

  it('runSync cancels tasks still running when main returns, running their finally blocks', () => {
    const log: string[] = [];
    runSync(function* () {
      yield* spawn(function* () {
        try {
          yield* sleep(100);
        } finally {
          log.push('cleaned up');
        }
      });
      yield* sleep(0);
    });
    expect(log).toEqual(['cleaned up']);
  });

  it('getRunningLoop and currentTask see the running loop and task', () => {
    expect(() => getRunningLoop()).toThrow(RuntimeError);
    expect(currentTask()).toBeNull();
    const loop = new EventLoop();
    const t = loop.createTask(function* () {
      return [getRunningLoop() === loop, currentTask()];
    });
    const [sameLoop, cur] = loop.runUntilComplete(t);
    expect(sameLoop).toBe(true);
    expect(cur).toBe(t);
  });

  it('run() uses the real clock and can await Promises', async () => {
    const t0 = Date.now();
    const out = await run(function* () {
      yield* sleep(0.05);
      const v = (yield new Promise<string>((r) => setTimeout(() => r('promised'), 10))) as string;
      return v;
    });
    expect(out).toBe('promised');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it('run() rejects with the exception of main', async () => {
    await expect(
      run(function* () {
        yield* sleep(0.001);
        throw new Error('main failed');
      }),
    ).rejects.toThrow('main failed');
  });

  it('the real clock arms one host timer for many sleepers, not one per sleeper', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    try {
      await run(function* () {
        // One deadline for all: how long the spawning takes (debug mode makes it slower) must not
        // spread the deadlines out, or each new earliest one rightly arms a timer of its own.
        const deadline = getRunningLoop().time() + 0.05;
        const tasks: Task[] = [];
        for (let i = 0; i < 200; i++) tasks.push(yield* spawn(function* () { yield* sleep(deadline - getRunningLoop().time()); }));
        for (const t of tasks) yield* t;
      });
      expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the stepped clock (a host drives the loop)', () => {
  it('runs only when the host calls runOnce, and time moves only with advance()', () => {
    const loop = new EventLoop({ clock: 'stepped' });
    const log: string[] = [];
    loop.createTask(function* () {
      log.push(`start ${loop.time()}`);
      yield* sleep(0.5);
      log.push(`woke ${loop.time()}`);
    });
    expect(log).toEqual([]);
    loop.runOnce();
    expect(log).toEqual(['start 0']);
    expect(loop.nextDeadline()).toBe(0.5);
    loop.advance(0.25);
    loop.runUntilIdle();
    expect(log).toEqual(['start 0']);
    loop.advance(0.25);
    loop.runUntilIdle();
    expect(log).toEqual(['start 0', 'woke 0.5']);
    expect(() => new EventLoop().advance(1)).toThrowErrorMatchingInlineSnapshot(
      `[RuntimeError: EventLoop.advance(): only a stepped clock can be advanced (this loop's clock is virtual)]`,
    );
  });

  it('advanceTo(nextDeadline()) lands exactly on the deadline, where advance(d - time()) may round short of it', () => {
    const loop = new EventLoop({ clock: 'stepped' });
    const log: string[] = [];
    loop.callAt(0.3, () => loop.callAt(0.9, () => log.push(`fired at ${loop.time()}`)));
    loop.advanceTo(loop.nextDeadline()!);
    loop.runUntilIdle();
    expect(loop.time()).toBe(0.3);
    expect(loop.time() + (0.9 - loop.time())).not.toBe(0.9); // why advance() is not enough here
    loop.advanceTo(loop.nextDeadline()!);
    loop.runUntilIdle();
    expect(log).toEqual(['fired at 0.9']);
    expect(() => loop.advanceTo(0.5)).toThrowErrorMatchingInlineSnapshot(`[ValueError: EventLoop.advanceTo(): time cannot go backwards (now 0.9, asked for 0.5)]`);
    expect(() => loop.advanceTo('1' as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: EventLoop.advanceTo(): expected a loop time in seconds, got "1"]`);
    expect(() => new EventLoop().advanceTo(1)).toThrowErrorMatchingInlineSnapshot(
      `[RuntimeError: EventLoop.advanceTo(): only a stepped clock can be advanced (this loop's clock is virtual)]`,
    );
  });

  it('readyCount() and deadlockError() let a host see what the loop would do', () => {
    const loop = new EventLoop({ clock: 'stepped' });
    const q = new Queue<number>();
    expect(loop.readyCount()).toBe(0);
    const main = loop.createTask(function* () {
      return yield* q.get();
    }, { name: 'main' });
    loop.callSoon(() => {});
    expect(loop.readyCount()).toBe(2); // main's first step and the callback
    loop.runUntilIdle();
    expect(loop.readyCount()).toBe(0);
    expect(loop.nextDeadline()).toBe(null);
    const e = loop.deadlockError(main);
    expect(e).toBeInstanceOf(DeadlockError);
    expect(e.message).toBe('deadlock: nothing is ready and no timer is pending, so <Task pending name="main"> can never complete; blocked tasks: "main" (Queue.get())');
    // The same words runUntilComplete would use on the virtual clock.
    const v = new EventLoop();
    const q2 = new Queue<number>();
    let raised = '';
    try {
      v.runUntilComplete(v.createTask(function* () {
        return yield* q2.get();
      }, { name: 'main' }));
    } catch (err) {
      raised = (err as Error).message;
    }
    expect(raised).toBe(e.message);
  });
});

// ---- properties ----

describe('properties', () => {
  test.prop([fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 60 })], { numRuns: RUNS })(
    'callSoon runs FIFO (a reference queue predicts the order)',
    (fanout) => {
      const loop = new EventLoop();
      const log: number[] = [];
      const model: number[] = [];
      let next = 0;
      const queue: number[] = [];
      // Callback k, when run, schedules fanout[k] more callbacks (while ids last).
      const make = (id: number) => () => {
        log.push(id);
        for (let j = 0; j < (fanout[id] ?? 0) && next < fanout.length; j++) {
          const child = next++;
          loop.callSoon(make(child));
        }
      };
      for (let i = 0; i < 3 && next < fanout.length; i++) loop.callSoon(make(next++));
      loop.runUntilIdle();
      // The model: a plain FIFO queue.
      let id = 0;
      for (let i = 0; i < 3 && id < fanout.length; i++) queue.push(id++);
      while (queue.length) {
        const k = queue.shift()!;
        model.push(k);
        for (let j = 0; j < (fanout[k] ?? 0) && id < fanout.length; j++) queue.push(id++);
      }
      expect(log).toEqual(model);
    },
  );

  test.prop([fc.array(fc.record({ delay: fc.constantFrom(0, 0.1, 0.2, 0.25, 1), cancel: fc.boolean() }), { maxLength: 80 })], { numRuns: RUNS })(
    'default-mode timers fire in (deadline, order scheduled); cancelled ones never',
    (specs) => {
      const loop = new EventLoop();
      const log: number[] = [];
      const handles = specs.map((s, i) => loop.callLater(s.delay, () => log.push(i)));
      specs.forEach((s, i) => s.cancel && handles[i]!.cancel());
      loop.runUntilIdle();
      while (loop.nextDeadline() !== null) {
        loop.runOnce();
      }
      const expected = specs
        .map((s, i) => ({ ...s, i }))
        .filter((s) => !s.cancel)
        .sort((a, b) => a.delay - b.delay || a.i - b.i)
        .map((s) => s.i);
      expect(log).toEqual(expected);
    },
  );

  test.prop([fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 20 })], { numRuns: RUNS })(
    'N tasks looping on sleep(0) interleave in strict rotation',
    (n, rounds) => {
      const log: number[] = [];
      runSync(function* () {
        const tasks: Task[] = [];
        for (let i = 0; i < n; i++) {
          tasks.push(
            yield* spawn(function* () {
              for (let r = 0; r < rounds; r++) {
                log.push(i);
                yield* sleep(0);
              }
            }),
          );
        }
        for (const t of tasks) yield* t;
      });
      expect(log).toEqual(Array.from({ length: n * rounds }, (_, k) => k % n));
    },
  );

  const sleepsArb = fc.array(fc.array(fc.constantFrom(0, 0.001, 0.1, 0.3, 0.7, 1.5), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

  test.prop([sleepsArb], { numRuns: RUNS })('no task runs before its deadline, and virtual time never goes back', (plans) => {
    const events: { deadline: number; woke: number }[] = [];
    const times: number[] = [];
    const loop = new EventLoop();
    loop.runUntilComplete(function* () {
      const tasks: Task[] = [];
      for (const plan of plans) {
        tasks.push(
          yield* spawn(function* () {
            for (const s of plan) {
              const deadline = loop.time() + s;
              times.push(loop.time());
              // A callback scheduled in the past runs at once; the clock must not follow it back.
              if (s === 0.001) loop.callAt(loop.time() - 1, () => times.push(loop.time()));
              yield* sleep(s);
              times.push(loop.time());
              events.push({ deadline, woke: loop.time() });
            }
          }),
        );
      }
      for (const t of tasks) yield* t;
    });
    for (const e of events) expect(e.woke).toBeGreaterThanOrEqual(e.deadline);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(events.length).toBe(plans.flat().length);
  });

  test.prop([timerProgramArb({ maxBurst: 40 })], { numRuns: Math.min(RUNS, 100) })('the same program gives the same trace twice', (prog) => {
    expect(runTimerProgram(prog, 'fifo')).toEqual(runTimerProgram(prog, 'fifo'));
  });

  test.prop([fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 40 }), fc.boolean()], { numRuns: RUNS })(
    'cancelling a task always runs its finally blocks, innermost first',
    (depth, cancelAfter, busy) => {
      const log: number[] = [];
      function* level(n: number): Generator<unknown, void, any> {
        try {
          if (n === 0) {
            for (;;) yield busy ? sleep(0) : sleep(0.1);
          }
          yield level(n - 1);
        } finally {
          log.push(n);
        }
      }
      const loop = new EventLoop();
      const t = loop.createTask(level(depth));
      for (let i = 0; i < cancelAfter; i++) loop.runOnce();
      loop.runOnce();
      t.cancel();
      expect(() => loop.runUntilComplete(t)).toThrow(CancelledError);
      expect(t.cancelled()).toBe(true);
      expect(log).toEqual(Array.from({ length: depth + 1 }, (_, k) => k));
    },
  );
});
