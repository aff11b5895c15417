// yield-once.ts: the iterator behind `yield* effect` and `yield* future`: it yields its value
// once, then returns what the loop sent back. Why not a generator method: a plain two-state
// iterator costs a fraction of a generator object per `yield*`, the commonest way to wait.
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

/** @internal The plain iterator: always yields its value to the driver (sleep, send, receive...). */
export class YieldOnce<E, R> {
  /** The value still to yield, or null once yielded. */
  protected _value: E | null;
  constructor(value: E) {
    this._value = value;
  }
  next(sent?: unknown): IteratorResult<E, R> {
    const v = this._value;
    if (v === null) return { value: sent as R, done: true };
    this._value = null;
    return { value: v, done: false };
  }
  throw(error: unknown): never {
    this._value = null;
    throw error;
  }
  return(value: R): IteratorResult<E, R> {
    this._value = null;
    return { value, done: true };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * @internal The iterator of effects that often complete without waiting (put, get, spawn,
 * await, futures): carries the effect out inline when it can (see above), else yields it.
 * Why a subclass: the attempt costs a few ns, which effects that always wait (sleep) skip.
 */
export class EagerOnce<E extends Eager, R> extends YieldOnce<E, R> {
  override next(sent?: unknown): IteratorResult<E, R> {
    const v = this._value;
    if (v === null) return { value: sent as R, done: true };
    this._value = null;
    const loop = peekRunningLoop();
    const task = loop === null ? null : loop._current;
    if (task !== null) {
      const tracer = loop!._tracer;
      if (tracer === null) {
        const r = v._eager(loop!);
        if (r !== NOT_NOW) return { value: r as R, done: true };
      } else if (typeof tracer._retract === 'function') {
        // Traced: the effect is recorded first, as the loop records a yielded one before its
        // handler runs, so both paths give the same trace; it is taken back if it must wait.
        const mark = tracer._mark();
        loop!._traceEffect(task, v);
        const r = v._eager(loop!);
        if (r !== NOT_NOW) return { value: r as R, done: true };
        tracer._retract(mark);
      }
    }
    return { value: v, done: false };
  }
}
