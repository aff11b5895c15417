// waiters.ts: the lists of waiting futures that every primitive keeps, FIFO, and the two moves
// CPython makes on them: wake the first waiter that is not done yet, and drop a waiter.

import { Future } from './future.js';
import type { EventLoop } from './loop.js';

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

/** What a wait is for: the primitive and the operation (for deadlock reports and traces). @internal */
export interface WaitLabel {
  owner: Described;
  op: string;
}

/**
 * A future that a primitive's waiter parks on, knowing what it waits for (for deadlock reports
 * and traces). Why a subclass, not a WeakMap of labels: a WeakMap insert per blocking wait was a
 * quarter of a queue ping-pong's time. @internal
 */
export class Waiter<T = unknown> extends Future<T> {
  constructor(
    loop: EventLoop | undefined,
    readonly _owner: Described,
    readonly _op: string,
  ) {
    super(loop);
  }
  /** @internal */
  _waitLabel(): WaitLabel {
    return { owner: this._owner, op: this._op };
  }
}

/** The primitive and operation a task waiting on `w` waits for, if `w` knows (a Waiter, a blocked put/get). @internal */
export function labelOf(w: object): WaitLabel | undefined {
  return typeof (w as { _waitLabel?: unknown })._waitLabel === 'function' ? (w as { _waitLabel(): WaitLabel })._waitLabel() : undefined;
}

/** `Lock "accounts"` or `Lock`. @internal */
export function describePrimitive(p: Described): string {
  const kind = p.constructor.name;
  return p.name === undefined ? kind : `${kind} ${JSON.stringify(p.name)}`;
}
