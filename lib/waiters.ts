// waiters.ts: the lists of waiting futures that every primitive keeps, FIFO, and the two moves
// CPython makes on them: wake the first waiter that is not done yet, and drop a waiter.

import type { Future } from './future.js';

/** Wakes the first waiter that is not done yet (CPython's `_wakeup_next`); true if one was woken. @internal */
export function wakeupNext(waiters: Future<unknown>[], value?: unknown): boolean {
  while (waiters.length !== 0) {
    const w = waiters.shift()!;
    if (!w.done()) {
      w.setResult(value);
      return true;
    }
  }
  return false;
}

/** Removes `x` from `list` if present. @internal */
export function removeFrom<T>(list: T[], x: T): boolean {
  const i = list.indexOf(x);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}
