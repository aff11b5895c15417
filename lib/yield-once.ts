// yield-once.ts: what `yield*` of an effect or a future runs: yield the value once, then return
// what the loop sent back. Effects are their own iterators (effects.ts); a future gets a small
// two-state iterator. Why so lean: `yield* effect` is the commonest way to wait, and each object
// it allocates is one more for the young generation to sweep.
//
// Why it may not yield at all: an effect that completes without waiting (a put into a queue with
// room, a get from a queue with an item, a spawn, awaiting a future that is already done) does
// not give up the task's turn, so yielding it only to be handed straight back is pure overhead
// (about half the cost of such a `yield*`). When the first next() runs inside a task's step, the
// effect is carried out right there, as CPython's `await q.put(x)` runs put() inline; the task
// sees the same value, in the same step, in the same order, and a tracer records the same events.
// Otherwise (no running task, or an effect that must wait) it is yielded to the driver as usual.
// Plain `yield effect` always goes to the driver.

import type { EventLoop } from './loop.js';
import { peekRunningLoop } from './running.js';

/** Returned by `_eager` when the effect must go to the driver after all. @internal */
export const NOT_NOW: unique symbol = Symbol('yieldfrom.notNow');

/** Something `yield*` can carry out inline when it completes without waiting. @internal */
export interface Eager {
  /** The effect's value if it can complete now on `loop`'s running task without waiting (done), else NOT_NOW (nothing done). */
  _eager(loop: EventLoop): unknown;
}

// Why one shared object: the final `{ value, done: true }` of a `yield*` is read by the
// delegating generator as soon as it is returned and never reaches user code, so a fresh one per
// `yield*` is garbage from birth. (The `{ value, done: false }` of a yield does reach whoever
// drives the generator, and may be kept: that one is always fresh.)
const doneResult: { value: unknown; done: true } = { value: undefined, done: true };

/** @internal The `{ value, done: true }` that ends a `yield*` of an effect or future (shared: read it at once). */
export function finished<R>(value: unknown): IteratorReturnResult<R> {
  doneResult.value = value;
  return doneResult as IteratorReturnResult<R>;
}

/** @internal Lets go of the last value handed back through `finished` (at loop close). */
export function clearFinished(): void {
  doneResult.value = undefined;
}

/**
 * @internal The inline attempt of `yield* v` (see above): v's value if it completed now, inside
 * the running task's step, else NOT_NOW (nothing done: the caller yields v to the driver).
 */
export function tryEager(v: Eager): unknown {
  const loop = peekRunningLoop();
  if (loop === null) return NOT_NOW;
  const task = loop._current;
  if (task === null) return NOT_NOW;
  const tracer = loop._tracer;
  if (tracer === null) return v._eager(loop);
  if (typeof tracer._retract !== 'function') return NOT_NOW;
  // Traced: the effect is recorded first, as the loop records a yielded one before its
  // handler runs, so both paths give the same trace; it is taken back if it must wait.
  const mark = tracer._mark();
  loop._traceEffect(task, v);
  const r = v._eager(loop);
  if (r === NOT_NOW) tracer._retract(mark);
  return r;
}

/** @internal A two-state iterator: yields its value once, then returns what the driver sent back (until()). */
export class YieldOnce<E, R> {
  /** The value still to yield, or null once yielded. */
  protected _value: E | null;
  constructor(value: E) {
    this._value = value;
  }
  next(sent?: unknown): IteratorResult<E, R> {
    const v = this._value;
    if (v === null) return finished<R>(sent);
    this._value = null;
    return { value: v, done: false };
  }
  throw(error: unknown): never {
    this._value = null;
    throw error;
  }
  return(value: R): IteratorResult<E, R> {
    this._value = null;
    return finished<R>(value);
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/** @internal The iterator behind `yield* future`: completes inline when the future is done, else yields it. */
export class EagerOnce<E extends Eager, R> extends YieldOnce<E, R> {
  override next(sent?: unknown): IteratorResult<E, R> {
    const v = this._value;
    if (v === null) return finished<R>(sent);
    this._value = null;
    const r = tryEager(v);
    return r !== NOT_NOW ? finished<R>(r) : { value: v, done: false };
  }
}
