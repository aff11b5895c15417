// gather, wait, asCompleted, waitFor, timeout/timeoutAt, shield (lib/gather.ts, wait.ts,
// as-completed.ts, timeout.ts, shield.ts).
import { describe, expect, it } from 'vitest';
import {
  ALL_COMPLETED,
  asCompleted,
  CancelledError,
  createTask,
  ensureFuture,
  EventLoop,
  Future,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  gather,
  getRunningLoop,
  Queue,
  runSync,
  shield,
  sleep,
  spawn,
  type Task,
  timeout,
  timeoutAt,
  TimeoutError,
  wait,
  waitFor,
} from '../lib/index.js';

function* after<T>(s: number, v: T): Generator<unknown, T, any> {
  yield* sleep(s);
  return v;
}
function* failAfter(s: number, msg: string): Generator<unknown, never, any> {
  yield* sleep(s);
  throw new Error(msg);
}
const now = (): number => getRunningLoop().time();

describe('gather', () => {
  it('runs awaitables concurrently and returns results in argument order', () => {
    expect(runSync(function* () {
      const r = yield* gather(after(0.3, 'a'), after(0.1, 'b'), after(0.2, 'c'));
      return [r, now()];
    })).toEqual([['a', 'b', 'c'], 0.3]);
  });

  it('raises the first error at once without cancelling the siblings', () => {
    const log: string[] = [];
    runSync(function* () {
      const slow = yield* spawn(after, 1, 'slow');
      try {
        yield* gather(failAfter(0.1, 'boom'), slow);
      } catch (e) {
        log.push(`${(e as Error).message} at ${now()}`);
      }
      log.push(`sibling ${yield* slow} at ${now()}`);
    });
    expect(log).toEqual(['boom at 0.1', 'sibling slow at 1']);
  });

  it('returnExceptions puts errors (and cancellations) in the results', () => {
    const out = runSync(function* () {
      const c = yield* spawn(after, 5, 'never');
      getRunningLoop().callLater(0.1, () => c.cancel());
      const r = yield* gather(failAfter(0.1, 'x'), after(0.2, 'ok'), c, { returnExceptions: true });
      return r.map((v) => (v instanceof Error ? v.name : v));
    });
    expect(out).toEqual(['Error', 'ok', 'CancelledError']);
  });

  it('cancelling the gather cancels every child that is not done', () => {
    const log: string[] = [];
    runSync(function* () {
      const a = yield* spawn(after, 1, 'a');
      const b = yield* spawn(after, 2, 'b');
      const g = gather(a, b);
      getRunningLoop().callLater(0.5, () => g.cancel());
      try {
        yield* g;
      } catch (e) {
        log.push((e as Error).name);
      }
      log.push(`${a.cancelled()} ${b.cancelled()}`);
    });
    expect(log).toEqual(['CancelledError', 'true true']);
  });

  it('of nothing is an empty list', () => {
    expect(runSync(function* () {
      return yield* gather();
    })).toEqual([]);
  });
});

describe('wait', () => {
  it('returns [done, pending] for FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and timeouts, cancelling nothing', () => {
    const out = runSync(function* () {
      const mk = function* () {
        return [yield* spawn(after, 0.1, 1), yield* spawn(failAfter, 0.2, 'f'), yield* spawn(after, 0.3, 3)] as Task[];
      };
      const sizes = (r: [Set<unknown>, Set<unknown>]): string => `${r[0].size}/${r[1].size}@${now()}`;
      const out: string[] = [];
      let ts = yield* mk();
      out.push(sizes(yield* wait(ts, { returnWhen: FIRST_COMPLETED })));
      out.push(sizes(yield* wait(ts, { returnWhen: FIRST_EXCEPTION })));
      out.push(sizes(yield* wait(ts, { returnWhen: ALL_COMPLETED })));
      ts = yield* mk();
      out.push(sizes(yield* wait(ts, { timeout: 0.15 })));
      out.push(String(ts[2]!.cancelled()));
      for (const t of ts) {
        try {
          yield* t;
        } catch {
          /* the failing one */
        }
      }
      return out;
    });
    expect(out).toEqual(['1/2@0.1', '2/1@0.2', '3/0@0.3', '1/2@0.44999999999999996', 'false']);
  });

  it('rejects bad input with errors named after the API', () => {
    runSync(function* () {
      const errors: string[] = [];
      for (const bad of [() => wait([]), () => wait([after(1, 1)] as never), () => wait([getRunningLoop().createFuture()], { returnWhen: 'SOMETIMES' as never }), () => wait([getRunningLoop().createFuture()], { timeout: '1' as never })]) {
        try {
          yield* bad();
        } catch (e) {
          errors.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
      }
      expect(errors).toEqual([
        'ValueError: wait(): the list of futures is empty',
        'TypeError: wait(): expected Futures or Tasks (wrap coroutines and effects with createTask), got a generator object',
        'ValueError: wait(): invalid returnWhen "SOMETIMES"',
        'TypeError: wait(): expected a timeout in seconds (a number) or null, got "1"',
      ]);
    });
  });
});

describe('asCompleted', () => {
  it('yields results in completion order, and TimeoutError when the timeout passes first', () => {
    const out = runSync(function* () {
      const got: string[] = [];
      for (const next of asCompleted([after(0.3, 'a'), after(0.1, 'b'), after(0.2, 'c')])) got.push(yield* next);
      try {
        for (const next of asCompleted([after(0.1, 'x'), after(5, 'y')], { timeout: 1 })) got.push(yield* next);
      } catch (e) {
        got.push(`${(e as Error).name} at ${now()}`);
      }
      return got;
    });
    expect(out).toEqual(['b', 'c', 'a', 'x', 'TimeoutError at 1.3']);
  });
});

describe('waitFor and timeout scopes', () => {
  it('waitFor returns the result in time, and on timeout cancels the work and raises TimeoutError', () => {
    const log: string[] = [];
    runSync(function* () {
      log.push(yield* waitFor(after(0.1, 'fast'), 1));
      const slow = yield* spawn(after, 5, 'slow');
      try {
        yield* waitFor(slow, 1);
      } catch (e) {
        log.push(`${(e as Error).name} at ${now()}, slow cancelled: ${slow.cancelled()}`);
      }
      try {
        yield* waitFor(after(1, 'x'), 0);
      } catch (e) {
        log.push(`zero timeout: ${(e as Error).name}`);
      }
    });
    expect(log).toEqual(['fast', 'TimeoutError at 1.1, slow cancelled: true', 'zero timeout: TimeoutError']);
  });

  it('turns only its own cancellation into TimeoutError: an outside cancel passes through', () => {
    const loop = new EventLoop();
    const t = loop.createTask(function* () {
      yield* waitFor(after(10, 'x'), 5);
    });
    loop.callLater(1, () => t.cancel());
    expect(() => loop.runUntilComplete(t)).toThrow(CancelledError);
    expect(t.cancelled()).toBe(true);
  });

  it('timeout(delay).with(body) can be rescheduled and reports expired()', () => {
    const log: string[] = [];
    runSync(function* () {
      const t = timeout(1);
      yield* t.with(function* () {
        t.reschedule(getRunningLoop().time() + 3);
        yield* sleep(2);
      });
      log.push(`not expired: ${t.expired()}`);
      const t2 = timeoutAt(getRunningLoop().time() + 0.5);
      try {
        yield* t2.with(function* () {
          yield* sleep(10);
        });
      } catch (e) {
        log.push(`${(e as Error).name}, expired: ${t2.expired()}, at ${now()}`);
      }
      expect(() => t2.reschedule(1)).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: Timeout.reschedule(): cannot change a expired timeout]`);
    });
    expect(log).toEqual(['not expired: false', 'TimeoutError, expired: true, at 2.5']);
  });

  it('rejects a timeout that is not a number', () => {
    runSync(function* () {
      expect(() => timeout('soon' as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: timeout(): expected a timeout in seconds (a number) or null, got "soon"]`);
      expect(() => waitFor(after(1, 1), Number.NaN).next()).toThrowErrorMatchingInlineSnapshot(`[TypeError: waitFor(): expected a timeout in seconds (a number) or null, got NaN]`);
    });
  });

  it('nested timeouts: the inner one expiring does not trip the outer', () => {
    const out = runSync(function* () {
      const outer = timeout(10);
      return yield* outer.with(function* () {
        try {
          yield* timeout(0.5).with(function* () {
            yield* sleep(5);
          });
        } catch (e) {
          return `${(e as Error).name} inner; outer expired: ${outer.expired()}`;
        }
        return 'no timeout';
      });
    });
    expect(out).toBe('TimeoutError inner; outer expired: false');
  });
});

describe('shield', () => {
  it('cancelling the caller does not cancel the shielded task', () => {
    const log: string[] = [];
    runSync(function* () {
      const inner = yield* spawn(after, 1, 'saved');
      const caller = yield* spawn(function* () {
        try {
          yield* shield(inner);
        } catch (e) {
          log.push(`caller: ${(e as Error).name}`);
        }
      });
      yield* sleep(0.5);
      caller.cancel();
      log.push(`inner: ${yield* inner}, cancelled: ${inner.cancelled()}`);
    });
    expect(log).toEqual(['caller: CancelledError', 'inner: saved, cancelled: false']);
  });
});

// An effect is awaitable as a coroutine is (asyncio users write create_task(q.get())): every
// function that takes awaitables makes a task of it where asyncio makes one of a coroutine. The
// expected results and times are CPython 3.13's for the same programs (checked with 3.13.0).
describe('effects as awaitables', () => {
  it('gather(sleep(0.1, "x")) waits for the sleep and gives its result, as asyncio.gather(asyncio.sleep(0.1, "x"))', () => {
    expect(
      runSync(function* () {
        const r = yield* gather(sleep(0.1, 'x'));
        return [r, now()];
      }),
    ).toEqual([['x'], 0.1]);
  });

  it('gather(t, q.get()) waits for the get', () => {
    expect(
      runSync(function* () {
        const q = new Queue<string>();
        const t = yield* spawn(function* () {
          yield* sleep(0.2);
          yield* q.put('item');
        });
        const r = yield* gather(t, q.get());
        return [r, now()];
      }),
    ).toEqual([[undefined, 'item'], 0.2]);
  });

  it('tells the options from an effect: only a trailing plain object without a string `type` is options', () => {
    const r = runSync(function* () {
      const custom = { type: 'custom' };
      const loop = getRunningLoop();
      loop.addEffectHandler('custom', () => 'handled');
      return yield* gather(failAfter(0.1, 'boom'), custom, { returnExceptions: true });
    });
    expect(r.map(String)).toEqual(['Error: boom', 'handled']);
  });

  it('rejects an unknown option instead of taking it for an awaitable or ignoring it', () => {
    expect(() =>
      runSync(function* () {
        return yield* gather(sleep(0), { returnException: true } as never);
      }),
    ).toThrowErrorMatchingInlineSnapshot(`[TypeError: gather(): unknown option "returnException" (the one option is returnExceptions)]`);
  });

  it('gather(array, options): the array form, for any number of awaitables (200,000 here; a spread overflows the stack)', () => {
    const r = runSync(function* () {
      const fs: Future<number>[] = [];
      for (let i = 0; i < 200_000; i++) {
        const f = new Future<number>();
        f.setResult(i);
        fs.push(f);
      }
      const all = yield* gather(fs);
      const failed = new Future<number>();
      failed.setException(new Error('x'));
      const some = yield* gather([fs[1]!, failed, sleep(0.5, 7)], { returnExceptions: true });
      return [all.length, all[199_999], some.map(String), now()];
    });
    expect(r).toEqual([200_000, 199_999, ['1', 'Error: x', '7'], 0.5]);
  });

  it('spawn, createTask and ensureFuture make a task of an effect', () => {
    const r = runSync(function* () {
      const q = new Queue<number>();
      const a = yield* spawn(q.get());
      const b = createTask(q.get(), { name: 'b' });
      const c = ensureFuture(q.get());
      const d = getRunningLoop().createTask(sleep(1, 'slept'));
      yield* q.put(1);
      yield* q.put(2);
      yield* q.put(3);
      return [yield* a, yield* b, yield* c, yield* d, b.getName(), now()];
    });
    expect(r).toEqual([1, 2, 3, 'slept', 'b', 1]);
  });

  it('waitFor(q.get(), 0) makes a task and times out without taking the item; waitFor(q.get(), 5) waits for it', () => {
    const r = runSync(function* () {
      const q = new Queue<number>();
      q.putNowait(1);
      let first: string;
      try {
        first = String(yield* waitFor(q.get(), 0));
      } catch (e) {
        first = String(e);
      }
      const size = q.qsize();
      yield* spawn(function* () {
        yield* sleep(2);
        yield* q.put(2);
      });
      const a = yield* waitFor(q.get(), 5); // the item put before
      const b = yield* waitFor(q.get(), 5);
      return [first, size, a, b, now()];
    });
    expect(r).toEqual(['TimeoutError: waitFor(): timed out', 1, 1, 2, 2]);
  });

  it('shield(q.get()) and asCompleted([effects]) wrap them in tasks', () => {
    const r = runSync(function* () {
      const q = new Queue<string>();
      const s = shield(q.get());
      const order: unknown[] = [];
      for (const next of asCompleted([sleep(0.3, 'slow'), sleep(0.1, 'fast')])) order.push(yield* next);
      yield* q.put('shielded');
      order.push(yield* s);
      return order;
    });
    expect(r).toEqual(['fast', 'slow', 'shielded']);
  });

  it('wait() refuses effects as it refuses coroutines (asyncio.wait: "use tasks explicitly")', () => {
    expect(() =>
      runSync(function* () {
        yield* wait([sleep(1)] as never);
      }),
    ).toThrowErrorMatchingInlineSnapshot(`[TypeError: wait(): expected Futures or Tasks (wrap coroutines and effects with createTask), got sleep(1)]`);
  });
});
