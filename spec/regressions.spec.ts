// Regressions found by review of the kernel: each test failed before its fix.
import { describe, expect, it, vi } from 'vitest';
import { coroutine, EventLoop, gather, getRunningLoop, pygen, run, runSync, RuntimeError, sleep, spawn, StopIteration } from '../lib/index.js';

describe('kernel regressions', () => {
  it('a timer added by host code while a real-clock loop waits fires on time', async () => {
    const loop = new EventLoop({ clock: 'real' });
    const fut = loop.createFuture<number>();
    const t0 = Date.now();
    setTimeout(() => loop.callLater(0.05, () => fut.setResult(42)), 10);
    const v = await loop.runUntilCompleteAsync(function* () {
      yield* spawn(function* () {
        yield* sleep(5); // an armed host timer far in the future
      });
      return yield* fut;
    });
    loop.close();
    expect(v).toBe(42);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a long real-clock sleep arms a host timer of at most a day (no overflow to 1 ms polling)', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    try {
      const loop = new EventLoop({ clock: 'real' });
      loop.createTask(function* () {
        yield* sleep(30 * 86400);
      });
      const main = loop.createTask(function* () {
        yield* sleep(0.02);
      });
      await loop.runUntilCompleteAsync(main);
      loop.close();
      const delays = spy.mock.calls.map((c) => Number(c[1]));
      expect(Math.max(...delays)).toBeLessThanOrEqual(86_400_000);
    } finally {
      spy.mockRestore();
    }
  });

  it('coroutine(fn) awaits a generator or future that fn returns, as asyncio.coroutine did', () => {
    function* work() {
      yield* sleep(1);
      return 'work-result';
    }
    const plain = coroutine(() => work());
    const loop = new EventLoop();
    expect(loop.runUntilComplete(function* () {
      return [(yield plain()) as string, loop.time()];
    })).toEqual(['work-result', 1]);
  });

  it('PEP 479: a StopIteration escaping a generator body becomes RuntimeError', () => {
    function* g() {
      yield 1;
      throw new StopIteration('leaked');
    }
    const p = pygen(g());
    p.next();
    expect(() => p.next()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: generator raised StopIteration]`);
  });

  it('a closed loop refuses to run', () => {
    const loop = new EventLoop();
    loop.close();
    expect(() => loop.runOnce()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: EventLoop.runOnce(): the event loop is closed]`);
    expect(() => loop.runForever()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: EventLoop.run(): the event loop is closed]`);
  });

  it('a bad yield is raised in the task\'s next step, after the tasks already ready (as CPython)', () => {
    const log: string[] = [];
    runSync(function* () {
      yield* spawn(function* () {
        try {
          yield 42;
        } catch {
          log.push('A caught TypeError');
        }
        log.push('A continues');
      });
      yield* spawn(function* () {
        log.push('B runs');
      });
      yield* sleep(1);
    });
    expect(log).toEqual(['B runs', 'A caught TypeError', 'A continues']);
  });

  it('shutdown reports every task that failed, even one whose exception was retrieved', () => {
    const seen: string[] = [];
    const loop = new EventLoop();
    loop.setExceptionHandler((_l, ctx) => seen.push(`${ctx.message}: ${ctx.task?.getName()}`));
    let failing!: ReturnType<typeof loop.createTask>;
    loop.runUntilComplete(function* () {
      failing = yield* spawn(function* () {
        try {
          yield* sleep(10);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new Error('cleanup failed');
        }
      });
      failing.setName('T');
      const u = yield* spawn(function* () {
        yield* failing;
      });
      u.setName('U');
      yield* sleep(1);
    });
    loop._cancelAllTasks();
    loop.close();
    expect(seen.sort()).toEqual(['unhandled exception during shutdown: T', 'unhandled exception during shutdown: U']);
  });

  it("the stepped clock with timers: 'cpython' honours CPython's clock-resolution window", () => {
    const loop = new EventLoop({ clock: 'stepped', timers: 'cpython' });
    let fired = false;
    loop.callLater(5e-10, () => (fired = true));
    loop.runUntilIdle();
    expect(fired).toBe(true);
  });

  it('run() resolves after a real sleep and leaves no host timer behind', async () => {
    expect(await run(function* () {
      yield* sleep(0.01);
      return 'ok';
    })).toBe('ok');
    void RuntimeError;
  });
});

describe('cancellation messages, as CPython hands them out (found by review of the toolkit)', () => {
  it("a cancelled task's own CancelledError goes to its first reader; later readers get an empty one", () => {
    const seen: string[] = [];
    runSync(function* () {
      const t = yield* spawn(function* () {
        yield* sleep(5);
      });
      const waiters = [0, 1].map((i) =>
        getRunningLoop().createTask(function* () {
          try {
            yield* t;
          } catch (e) {
            seen.push(`${i} ${JSON.stringify((e as Error).message)}`);
          }
        }),
      );
      yield* sleep(1);
      t.cancel('m');
      for (const w of waiters) yield* w;
    });
    expect(seen).toEqual(['0 "m"', '1 ""']);
  });

  it('gather(returnExceptions) reports a cancelled task child as CancelledError("") and takes the outer error from the last child', () => {
    const out = runSync(function* () {
      const t = yield* spawn(function* () {
        yield* sleep(10);
      });
      getRunningLoop().callLater(1, () => t.cancel('m'));
      const [r] = (yield* gather(t, { returnExceptions: true })) as [Error];
      const f = getRunningLoop().createFuture<number>();
      f.setResult(1);
      const a = yield* spawn(function* () {
        yield* sleep(5);
      });
      const g = gather(a, f, { returnExceptions: true });
      getRunningLoop().callLater(1, () => g.cancel('gm'));
      let outer = '';
      try {
        yield* g;
      } catch (e) {
        outer = `${(e as Error).name}(${JSON.stringify((e as Error).message)})`;
      }
      return [`${r.name}(${JSON.stringify(r.message)})`, outer];
    });
    expect(out).toEqual(['CancelledError("")', 'CancelledError("")']);
  });
});
