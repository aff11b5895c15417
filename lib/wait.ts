// wait.ts: wait, as asyncio.wait: wait for futures until the first completes, the first fails,
// or all complete (or a timeout passes), and get [done, pending]. Nothing is cancelled.

import { ValueError } from './errors.js';
import { Future, short } from './future.js';
import type { TimerHandle } from './handle.js';
import { getRunningLoop } from './running.js';
import { isGenerator } from './trampoline.js';

/**
 * wait() returns when any future is done.
 * @example
 * const [done, pending] = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
 */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/**
 * wait() returns when any future fails, or when all are done.
 * @example
 * const [done, pending] = yield* wait(tasks, { returnWhen: FIRST_EXCEPTION });
 */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/**
 * wait() returns when all futures are done (the default).
 * @example
 * const [done] = yield* wait(tasks, { returnWhen: ALL_COMPLETED });
 */
export const ALL_COMPLETED = 'ALL_COMPLETED';
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Checks a timeout argument (seconds or null/undefined for none). @internal */
export function checkTimeout(api: string, timeout: unknown): number | null {
  if (timeout === null || timeout === undefined) return null;
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) throw new TypeError(`${api}: expected a timeout in seconds (a number) or null, got ${short(timeout)}`);
  return timeout;
}

/**
 * Waits for futures/tasks; evaluates to `[done, pending]` (Sets, in argument order).
 * @example
 * const [done, pending] = yield* wait(tasks, { returnWhen: FIRST_COMPLETED, timeout: 5 });
 */
export function* wait<T>(
  fs: Iterable<Future<T>>,
  options: { returnWhen?: ReturnWhen; timeout?: number | null } = {},
): Generator<unknown, [Set<Future<T>>, Set<Future<T>>], any> {
  if (fs instanceof Future || isGenerator(fs)) throw new TypeError(`wait(): expected a list of futures, got ${short(fs)}`);
  const list = [...new Set(fs)];
  if (list.length === 0) throw new ValueError('wait(): the list of futures is empty');
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new ValueError(`wait(): invalid returnWhen ${short(returnWhen)}`);
  }
  for (const f of list) {
    // As asyncio.wait (3.11+): coroutines (and so effects) are not wrapped in tasks here.
    if (!(f instanceof Future)) throw new TypeError(`wait(): expected Futures or Tasks (wrap coroutines and effects with createTask), got ${short(f)}`);
  }
  const timeout = checkTimeout('wait()', options.timeout);
  const loop = getRunningLoop();
  const waiter = new Future<void>(loop);
  let timeoutHandle: TimerHandle | null = null;
  if (timeout !== null) timeoutHandle = loop.callLater(timeout, () => void (waiter.done() || waiter.setResult(undefined)));
  let counter = list.length;
  const onCompletion = (f: Future<T>): void => {
    counter--;
    if (counter <= 0 || returnWhen === FIRST_COMPLETED || (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== null)) {
      timeoutHandle?.cancel();
      if (!waiter.done()) waiter.setResult(undefined);
    }
  };
  for (const f of list) f.addDoneCallback(onCompletion);
  try {
    yield waiter;
  } finally {
    timeoutHandle?.cancel();
    for (const f of list) f.removeDoneCallback(onCompletion);
  }
  const done = new Set<Future<T>>();
  const pending = new Set<Future<T>>();
  for (const f of list) (f.done() ? done : pending).add(f);
  return [done, pending];
}
