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

// ---- what a waiter waits on, for deadlock reports and traces ----

/** A primitive that can describe itself in reports (its kind and optional name). @internal */
export interface Described {
  readonly name?: string | undefined;
}

const labels = new WeakMap<object, { owner: Described; op: string }>();

/** Records that `fut` is a waiter for `owner.op()`. Costs nothing on the fast paths. @internal */
export function label<F extends object>(fut: F, owner: Described, op: string): F {
  labels.set(fut, { owner, op });
  return fut;
}

/** The primitive and operation `fut` waits for, if it was labelled. @internal */
export function labelOf(fut: object): { owner: Described; op: string } | undefined {
  return labels.get(fut);
}

/** `Lock "accounts"` or `Lock`. @internal */
export function describePrimitive(p: Described): string {
  const kind = p.constructor.name;
  return p.name === undefined ? kind : `${kind} ${JSON.stringify(p.name)}`;
}
