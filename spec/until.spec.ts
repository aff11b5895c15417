// until(p): typed promise awaiting (lib/until.ts).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { EventLoop, run, runSync, sleep, spawn, until } from '../lib/index.js';

describe('until(p)', () => {
  it('evaluates to the promise value, typed, on the real clock', async () => {
    const out = await run(function* () {
      const n: number = yield* until(Promise.resolve(41));
      const s = yield* until(new Promise<string>((res) => setTimeout(() => res('later'), 20)));
      expectTypeOf(s).toEqualTypeOf<string>();
      const nested = yield* until(Promise.resolve(Promise.resolve(1)));
      expectTypeOf(nested).toEqualTypeOf<number>();
      return [n + 1, s, nested];
    });
    expect(out).toEqual([42, 'later', 1]);
  });

  it('throws where the promise rejects, and can be cancelled while it waits', async () => {
    const out = await run(function* () {
      let rejected = '';
      try {
        yield* until(Promise.reject(new RangeError('nope')));
      } catch (e) {
        rejected = `${(e as Error).name}: ${(e as Error).message}`;
      }
      const waiting = yield* spawn(function* () {
        return yield* until(new Promise<never>(() => {}));
      });
      yield* sleep(0.01);
      waiting.cancel('stop');
      let cancelled = '';
      try {
        yield* waiting;
      } catch (e) {
        cancelled = `${(e as Error).name}: ${(e as Error).message}`;
      }
      return [rejected, cancelled];
    });
    expect(out).toEqual(['RangeError: nope', 'CancelledError: stop']);
  });

  it('raises the same error as a yielded promise on the virtual clock, and refuses what is not a promise', () => {
    const viaUntil = (): unknown => runSync(function* () { return yield* until(Promise.resolve(1)); });
    const viaYield = (): unknown => runSync(function* () { return yield Promise.resolve(1); });
    let a = '';
    let b = '';
    try {
      viaUntil();
    } catch (e) {
      a = (e as Error).message;
    }
    try {
      viaYield();
    } catch (e) {
      b = (e as Error).message;
    }
    expect(a).toMatch(/yielded a Promise, which can only be awaited on a real-clock loop/);
    expect(a).toBe(b);
    expect(() => until(42 as never)).toThrow(/until\(\): expected a Promise, got 42/);
    expect(() => new EventLoop().runUntilComplete(function* () { return yield* until({ then: 1 } as never); })).toThrow(TypeError);
  });
});
