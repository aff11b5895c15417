// until.ts: typed promise awaiting. `const v = yield* until(p)` waits for a Promise (any
// thenable) on a real-clock loop and evaluates to its value, typed; it throws where the Promise
// rejects. Plain `yield p` does the same, untyped (TypeScript's --strict calls its value `any`,
// TS7057). It yields the promise itself: the kernel awaits it, and raises the same error as for
// `yield p` on a virtual or stepped clock, where no host promise can settle in loop time.

import { short } from './future.js';
import { YieldOnce } from './yield-once.js';

/**
 * Waits for `promise` (real clock only) and evaluates to its value, typed.
 * @example
 * const res = yield* until(fetch(url, { signal: currentSignal() })); // Response
 * const text = yield* until(res.text());                              // string
 */
export function until<T>(promise: PromiseLike<T>): Generator<PromiseLike<T>, Awaited<T>, any> {
  if (typeof (promise as PromiseLike<T> | null)?.then !== 'function') {
    throw new TypeError(`until(): expected a Promise, got ${short(promise)}`);
  }
  return new YieldOnce<PromiseLike<T>, Awaited<T>>(promise) as unknown as Generator<PromiseLike<T>, Awaited<T>, any>;
}
