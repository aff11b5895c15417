// Debug mode (lib/debug.ts): warnings, with where each thing was made, about coroutines from
// coroutine() that never ran, effects made but never yielded, and slow task steps; nothing when
// debug mode is off.
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { EffectRoot } from '../lib/debug-hook.js';
import { coroutine, createTask, EffectBase, EventLoop, gather, Queue, run, runSync, sleep, spawn, Tracer, waitFor } from '../lib/index.js';

let warn: MockInstance<(...args: unknown[]) => void>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());
const warnings = (): string[] => warn.mock.calls.map((c) => String(c[0]));

function busy(ms: number): void {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    // hold the loop
  }
}

describe('debug mode', () => {
  it('warns about a coroutine from coroutine() that never ran, with where it was made', () => {
    const loop = new EventLoop({ debug: true });
    const greeter = coroutine(function* greet() {
      yield* sleep(1);
    });
    loop.runUntilComplete(function* () {
      greeter(); // forgot yield*
      yield* greeter(); // ran: no warning
      yield* spawn(greeter); // ran as a task: no warning
      yield* sleep(1);
    });
    expect(warnings()).toEqual([]);
    loop.close();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/^yieldfrom debug: coroutine 'greet' was never run \(use yield\* greet\(\.\.\.\), or spawn it\)\n {2}created at:\n {4}at .*spec\/debug\.spec\.ts:31:7\)?($|\n)/);
  });

  it('warns about an effect made but never yielded, with where it was made, and not about effects that were', () => {
    const loop = new EventLoop({ debug: true });
    loop.runUntilComplete(function* () {
      const q = new Queue<number>(1);
      q.put(1); // forgot yield*
      yield* q.put(2); // completes at once (carried out inline)
      yield q.get(); // plain yield
      yield* sleep(0.1);
      const t = yield* spawn(q.get()); // handed to a task
      const w = createTask(q.get());
      yield* q.put(3);
      yield* q.put(4);
      yield* t;
      yield* w;
      yield* gather(sleep(0.1, 'x'));
      try {
        yield* waitFor(q.get(), 0); // the task made of it is cancelled before it runs
      } catch {
        // TimeoutError
      }
    });
    loop.close();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/^yieldfrom debug: put\(<Queue maxsize=1 qsize=0>, 1\) was made but never yielded \(use yield\* or yield\)\n {2}made at:\n {4}at .*spec\/debug\.spec\.ts:46:9\)?($|\n)/);
  });

  it('warns about a task step that holds the loop longer than slowStep, naming the task and where it was made', () => {
    const loop = new EventLoop({ debug: true, slowStep: 0.02 });
    loop.runUntilComplete(function* main() {
      const t = yield* spawn(function* worker() {
        busy(60);
        yield* sleep(1);
      });
      t.setName('worker');
      busy(5); // under slowStep
      yield* t;
    });
    loop.close();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/^yieldfrom debug: Executing <Task pending name="worker"> took 0\.0[5-9]\d seconds\n {2}task created at:\n {4}at main .*spec\/debug\.spec\.ts:71:24\)/);
  });

  it('slowStep defaults to 0.1 s', () => {
    const loop = new EventLoop({ debug: true });
    loop.runUntilComplete(function* () {
      busy(60);
      yield* sleep(0);
      busy(130);
    });
    loop.close();
    expect(warnings()).toHaveLength(1);
    // One step was 0.06 s, under the default; the other 0.13 s, over it.
    expect(Number(/took (\d+\.\d{3}) seconds/.exec(warnings()[0]!)?.[1])).toBeGreaterThanOrEqual(0.12);
  });

  it('run(main, { debug: true }) warns on the real clock, and reports an effect as soon as it is garbage', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    let before: string[] = [];
    await run(
      function* () {
        new Queue().put('lost');
        for (let i = 0; i < 10 && warnings().length === 0; i++) {
          gc();
          yield* sleep(0.01); // the registry reports in a later host turn
        }
        before = warnings();
      },
      { debug: true },
    );
    expect(before).toHaveLength(1);
    expect(before[0]).toMatch(/^yieldfrom debug: an effect \(PutEffect\) was made but never yielded/);
    expect(warnings()).toHaveLength(1); // not again at close
  });

  it('YIELDFROM_DEBUG=1 turns it on for a loop without the option; debug: false wins', () => {
    const saved = process.env.YIELDFROM_DEBUG;
    process.env.YIELDFROM_DEBUG = '1';
    try {
      const on = new EventLoop();
      const off = new EventLoop({ debug: false });
      expect([on.getDebug(), off.getDebug()]).toEqual([true, false]);
      runSync(function* () {
        sleep(5, 'x');
      });
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatch(/^yieldfrom debug: sleep\(5\) was made but never yielded/);
      on.close();
      off.close();
    } finally {
      if (saved === undefined) delete process.env.YIELDFROM_DEBUG;
      else process.env.YIELDFROM_DEBUG = saved;
    }
  });

  it('keeps a Tracer working beside it', () => {
    const trace = new Tracer();
    const loop = new EventLoop({ debug: true, trace });
    loop.runUntilComplete(function* () {
      yield* sleep(1);
    });
    loop.close();
    expect(loop.getTracer()).toBe(trace);
    expect(trace.events.map((e) => e.kind)).toEqual(['create', 'wake', 'step', 'effect', 'block', 'wake', 'step', 'done']);
  });

  it('is off by default: no warnings, no trace hooks, effects not watched once debug loops are closed', () => {
    const saved = process.env.YIELDFROM_DEBUG;
    delete process.env.YIELDFROM_DEBUG; // this spec may run under YIELDFROM_DEBUG=1
    const hello = coroutine(function* hello() {
      yield* sleep(1);
    });
    const loop = new EventLoop();
    if (saved !== undefined) process.env.YIELDFROM_DEBUG = saved;
    loop.runUntilComplete(function* () {
      hello();
      new Queue().put(1);
      busy(120);
      yield* sleep(0);
    });
    loop.close();
    expect(warnings()).toEqual([]);
    expect([loop.getDebug(), loop._tracer, loop._debug]).toEqual([false, null, null]);
    expect(Object.getPrototypeOf(EffectBase)).toBe(EffectRoot); // effects are not watched
  });

  it('rejects bad options', () => {
    expect(() => new EventLoop({ debug: 'yes' as never })).toThrowErrorMatchingInlineSnapshot(`[TypeError: EventLoop(debug): expected a boolean or debugMode, got "yes"]`);
    expect(() => new EventLoop({ slowStep: -1 })).toThrowErrorMatchingInlineSnapshot(`[TypeError: EventLoop(slowStep): expected a non-negative number of seconds, got -1]`);
  });
});

describe('debug mode on a host that refuses to show its environment', () => {
  it('runs without debug mode where reading process.env throws (Deno without --allow-env)', () => {
    const desc = Object.getOwnPropertyDescriptor(process, 'env')!;
    Object.defineProperty(process, 'env', {
      configurable: true,
      get() {
        throw new Error('NotCapable: Requires env access');
      },
    });
    try {
      expect(runSync(function* () {
        yield* sleep(1);
        return 'ran';
      })).toBe('ran');
      expect(new EventLoop().getDebug()).toBe(false);
    } finally {
      Object.defineProperty(process, 'env', desc);
    }
  });
});
