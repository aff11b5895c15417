// The 'yieldfrom/core' entry point (lib/core.ts): options take implementations (clock: realClock,
// timers: cpythonTimers, debug: debugMode), names are sugar that only the 'yieldfrom' entry point
// adds (lib/names.ts), and a bundle of the core carries only the implementations it imports.
// This file imports lib/core.ts and never lib/index.ts, so the names are not registered here
// (vitest gives each spec file its own modules).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { cpythonTimers, debugMode, EventLoop, fifoTimers, realClock, run, runSync, sleep, spawn, steppedClock, virtualClock } from '../lib/core.js';
import { ROOT } from './helpers.js';

/** The order in which six callbacks due at the same time fire, and the loop's time after. */
function tieOrder(timers?: unknown): string {
  const loop = new EventLoop(timers === undefined ? {} : { timers: timers as typeof fifoTimers });
  const out: number[] = [];
  for (let i = 0; i < 6; i++) loop.callLater(1, () => out.push(i));
  loop.callLater(2, () => loop.stop());
  loop.runForever();
  loop.close();
  return out.join('');
}

describe('options take implementations', () => {
  it('clock: each clock source gives its own kind of clock, a new one per loop', () => {
    const kinds = [virtualClock, steppedClock, realClock].map((c) => {
      const loop = new EventLoop({ clock: c });
      const kind = loop.clock.kind;
      loop.close();
      return kind;
    });
    expect(kinds).toEqual(['virtual', 'stepped', 'real']);
    const a = new EventLoop({ clock: steppedClock });
    const b = new EventLoop({ clock: steppedClock });
    a.advance(5);
    expect([a.time(), b.time()]).toEqual([5, 0]);
  });

  it('clock: realClock runs on the host (run() uses it without any name)', async () => {
    expect(await run(function* () {
      yield* sleep(0.01);
      return 'done';
    })).toBe('done');
    const loop = new EventLoop({ clock: realClock });
    const t0 = Date.now();
    await loop.runUntilCompleteAsync(function* () {
      yield* sleep(0.02);
    });
    loop.close();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
  });

  it("timers: cpythonTimers fires ties in CPython's heapq order, fifoTimers (the default) in arrival order", () => {
    // 0251349 is what CPython's heapq pops for six equal deadlines and a later one (checked on 3.13).
    expect(tieOrder(cpythonTimers)).toBe('025134');
    expect(tieOrder(fifoTimers)).toBe('012345');
    expect(tieOrder()).toBe('012345');
  });

  describe('debug: debugMode', () => {
    let warn: MockInstance<(...args: unknown[]) => void>;
    beforeEach(() => {
      warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    });
    afterEach(() => warn.mockRestore());

    it('turns debug mode on: an effect made and never yielded is reported', () => {
      const loop = new EventLoop({ debug: debugMode });
      expect(loop.getDebug()).toBe(true);
      loop.runUntilComplete(function* () {
        sleep(1); // made, never yielded
      });
      loop.close();
      expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/never yielded/);
      expect(new EventLoop({ debug: false }).getDebug()).toBe(false);
    });
  });
});

describe('names are sugar from the yieldfrom entry point, and the core says so', () => {
  it('rejects the names it does not know, saying what to import', () => {
    expect(() => new EventLoop({ clock: 'real' })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop(clock): the 'yieldfrom/core' entry point takes the implementation itself: import { realClock } from 'yieldfrom/core' and pass clock: realClock (the name 'real' works from 'yieldfrom')]`,
    );
    expect(() => new EventLoop({ timers: 'cpython' })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop(timers): the 'yieldfrom/core' entry point takes the implementation itself: import { cpythonTimers } from 'yieldfrom/core' and pass timers: cpythonTimers (the name 'cpython' works from 'yieldfrom')]`,
    );
    expect(() => new EventLoop({ debug: true })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop(debug): the 'yieldfrom/core' entry point takes the implementation itself: import { debugMode } from 'yieldfrom/core' and pass debug: debugMode (debug: true works from 'yieldfrom')]`,
    );
  });

  it('keeps the names of the defaults, which it always has', () => {
    expect(new EventLoop({ clock: 'virtual', timers: 'fifo' }).clock.kind).toBe('virtual');
    expect(new EventLoop({ clock: 'stepped' }).clock.kind).toBe('stepped');
    expect(runSync(function* () {
      yield* sleep(1);
      return 1;
    }, { clock: virtualClock })).toBe(1);
  });

  it('rejects what is neither a name nor an implementation', () => {
    expect(() => new EventLoop({ clock: { kind: 'real' } as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop(clock): expected virtualClock, realClock or steppedClock (or 'virtual', 'real', 'stepped'), got {"kind":"real"}]`,
    );
    expect(() => new EventLoop({ timers: 'heapq' as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: EventLoop(timers): expected fifoTimers or cpythonTimers (or 'fifo', 'cpython'), got "heapq"]`,
    );
    expect(() => new EventLoop({ debug: {} as never })).toThrowErrorMatchingInlineSnapshot(`[TypeError: EventLoop(debug): expected a boolean or debugMode, got {}]`);
    expect(() => runSync(function* () {}, { clock: realClock as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: runSync(): runs on the virtual clock only, got clock "real"; use run() for the real clock]`,
    );
  });
});

// What a bundler keeps of dist/core.js for a program that imports three things: none of the
// implementations it did not import. Each class name is one the bundle had before the options
// took implementations (esbuild keeps their names, as `var X = class`, when it does not minify).
const built = existsSync(join(ROOT, 'dist', 'core.js'));
describe.skipIf(!built)('a bundle of yieldfrom/core carries only what it uses', () => {
  const bundle = async (imports: string): Promise<string> => {
    const r = await build({
      stdin: { contents: `import { ${imports} } from ${JSON.stringify(join(ROOT, 'dist', 'core.js'))}; globalThis.keep = [${imports}];`, resolveDir: ROOT },
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    return r.outputFiles[0]!.text;
  };
  const LEFT_OUT = ['RealClock = class', 'HeapqTimers = class', 'DebugWatch = class', 'Mailbox = class', 'WeakUnretrieved = class'];

  it('runSync + sleep + spawn leaves out the real clock, heapq timers, debug mode and send/receive', async () => {
    const code = await bundle('runSync, sleep, spawn');
    expect(code).toContain('FifoTimers = class');
    expect(LEFT_OUT.filter((c) => code.includes(c))).toEqual([]);
  });

  it('each implementation comes in when imported', async () => {
    expect(await bundle('runSync, realClock')).toContain('RealClock = class');
    expect(await bundle('runSync, cpythonTimers')).toContain('HeapqTimers = class');
    expect(await bundle('runSync, debugMode')).toContain('DebugWatch = class');
    expect(await bundle('runSync, send')).toContain('Mailbox = class');
  });
});
