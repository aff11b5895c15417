// future.ts: Future, a result that will be set later, as asyncio.Future.
// Done callbacks are always scheduled with callSoon, never called synchronously. A task that
// awaits a future registers itself as a callback entry (no closure): when the future is done
// the task goes straight onto the ready queue, which is what CPython's call_soon(task.__wakeup) does.

import { CancelledError, InvalidStateError, RuntimeError, StopIteration } from './errors.js';
import type { EventLoop } from './loop.js';
import { peekRunningLoop } from './running.js';
import { EagerOnce, NOT_NOW } from './yield-once.js';
import type { Task } from './task.js';

/** @internal Future states. */
export const PENDING = 0;
/** @internal */ export const FINISHED = 1;
/** @internal */ export const FAILED = 2;
/** @internal */ export const CANCELLED = 3;

const STATE_NAMES = ['pending', 'finished', 'failed', 'cancelled'] as const;

/** A callback given to `addDoneCallback`: it receives the future. */
export type DoneCallback<T> = (future: Future<T>) => void;

type Callback = DoneCallback<any> | Task;

/**
 * A result that will be set later. Await it in a coroutine with `yield* future` (typed) or
 * `yield future`.
 * @example
 * function* main() {
 *   const fut = new Future<number>();
 *   getRunningLoop().callLater(1, () => fut.setResult(42));
 *   const v = yield* fut; // 42, one second later
 * }
 */
export class Future<T = unknown> {
  /** @internal */ _state: number = PENDING;
  /**
   * @internal The result, the error, or when cancelled: the cancel message (a plain future), or
   * the task's own CancelledError, handed out once (see _makeCancelledError).
   */
  _value: unknown = undefined;
  /** @internal Done callbacks (functions, or tasks waiting on this future): none, one, or a list. */
  _callbacks: Callback | Callback[] | null = null;
  /** @internal */ _loop: EventLoop | null;

  /** A future bound to `loop`, or to the running loop (or to the first task that awaits it). */
  constructor(loop?: EventLoop) {
    this._loop = loop ?? peekRunningLoop();
  }

  /** The loop the future is bound to. */
  getLoop(): EventLoop | null {
    return this._loop;
  }

  /** True once the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True if the future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result. Throws the future's exception if it has one, CancelledError if it was
   * cancelled, InvalidStateError if it is not done yet.
   */
  result(): T {
    switch (this._state) {
      case FINISHED:
        return this._value as T;
      case FAILED:
        this._retrieved();
        throw this._value;
      case CANCELLED:
        throw this._makeCancelledError();
      default:
        throw new InvalidStateError(`${this._api('result')}: result is not set yet`);
    }
  }

  /** The exception (or null if the future succeeded). CancelledError if it was cancelled. */
  exception(): unknown {
    switch (this._state) {
      case FINISHED:
        return null;
      case FAILED:
        this._retrieved();
        return this._value;
      case CANCELLED:
        throw this._makeCancelledError();
      default:
        throw new InvalidStateError(`${this._api('exception')}: exception is not set yet`);
    }
  }

  /** Marks the future done with `value` and schedules its callbacks. */
  setResult(value: T): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${this._api('setResult')}: ${this._doneMessage()}`);
    this._state = FINISHED;
    this._value = value;
    this._scheduleCallbacks();
  }

  /**
   * Marks the future failed with `error` and schedules its callbacks. A StopIteration is stored as
   * a RuntimeError whose cause is the StopIteration, as CPython 3.13 does (a StopIteration raised
   * into a coroutine would read as the coroutine returning).
   */
  setException(error: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${this._api('setException')}: ${this._doneMessage()}`);
    if (error instanceof StopIteration) {
      error = new RuntimeError('StopIteration interacts badly with generators and cannot be raised into a Future', { cause: error });
    }
    this._state = FAILED;
    this._value = error;
    this._loop?._unretrieved.add(this);
    this._scheduleCallbacks();
  }

  /** Cancels the future and schedules its callbacks. Returns false if it was already done. */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._value = msg;
    this._scheduleCallbacks();
    return true;
  }

  /** Runs `fn(future)` (via callSoon) once the future is done; at once (via callSoon) if it already is. */
  addDoneCallback(fn: DoneCallback<T>): void {
    if (typeof fn !== 'function') throw new TypeError(`${this._api('addDoneCallback')}: expected a function, got ${String(fn)}`);
    if (this._state !== PENDING) this._boundLoop('addDoneCallback').callSoon(fn, this);
    else this._addCallback(fn);
  }

  /** Removes every registration of `fn`; returns how many were removed. */
  removeDoneCallback(fn: DoneCallback<T>): number {
    return this._removeCallback(fn);
  }

  /** `yield* future` waits for it and evaluates to its result (typed). */
  [Symbol.iterator](): Generator<Future<T>, T, any> {
    return new EagerOnce<Future<T>, T>(this) as unknown as Generator<Future<T>, T, any>;
  }

  /** @internal `yield* future` inside a running task: its result at once if it has one (what the loop's await would give), else NOT_NOW. */
  _eager(_loop: EventLoop): unknown {
    return this._state === FINISHED ? this._value : NOT_NOW;
  }

  toString(): string {
    const state = STATE_NAMES[this._state]!;
    return `<${this.constructor.name} ${state}${this._state === FINISHED ? ` result=${short(this._value)}` : this._state === FAILED ? ` exception=${short(this._value)}` : ''}>`;
  }

  // ---- internals ----

  /** @internal Adds a task that waits for this future (no closure: the task is the callback). */
  _addWaiter(task: Task): void {
    this._addCallback(task);
  }

  /** @internal */
  _addCallback(cb: Callback): void {
    const cbs = this._callbacks;
    if (cbs === null) this._callbacks = cb;
    else if (cbs instanceof Array) cbs.push(cb);
    else this._callbacks = [cbs, cb];
  }

  /** @internal Removes every registration of cb; returns how many were removed. */
  _removeCallback(cb: Callback): number {
    const cbs = this._callbacks;
    if (cbs === null) return 0;
    if (!(cbs instanceof Array)) {
      if (cbs !== cb) return 0;
      this._callbacks = null;
      return 1;
    }
    const kept = cbs.filter((c) => c !== cb);
    this._callbacks = kept.length === 0 ? null : kept.length === 1 ? kept[0]! : kept;
    return cbs.length - kept.length;
  }

  /** @internal Cancels the wait of `task` on this future: cancels the future, as CPython's task.cancel() does. */
  _cancelWait(_task: Task, msg: string | undefined): boolean {
    return this.cancel(msg);
  }

  /**
   * @internal The error a reader of a cancelled future gets, as CPython's _make_cancelled_error():
   * a task's own CancelledError goes to the first reader only; everyone else gets a new one
   * carrying the cancel message.
   */
  _makeCancelledError(): CancelledError {
    const v = this._value;
    if (v instanceof CancelledError) {
      this._value = undefined;
      return v;
    }
    return new CancelledError(this._cancelMessage() ?? '');
  }

  /** @internal The message given to cancel(), or null (CPython's _cancel_message). */
  _cancelMessage(): string | null {
    return this._state === CANCELLED && typeof this._value === 'string' ? this._value : null;
  }

  /** @internal */
  _retrieved(): void {
    this._loop?._unretrieved.delete(this);
  }

  /** @internal */
  _scheduleCallbacks(): void {
    const cbs = this._callbacks;
    if (cbs === null) return;
    this._callbacks = null;
    if (!(cbs instanceof Array)) return this._runCallback(cbs);
    for (let i = 0; i < cbs.length; i++) this._runCallback(cbs[i]!);
  }

  /** @internal */
  _runCallback(cb: Callback): void {
    if (typeof cb === 'function') this._boundLoop('done').callSoon(cb, this);
    else cb._wakeFromFuture(this);
  }

  /** @internal */
  _boundLoop(api: string): EventLoop {
    const loop = this._loop ?? (this._loop = peekRunningLoop());
    if (loop === null) throw new RuntimeError(`${this._api(api)}: the future is not bound to an event loop`);
    return loop;
  }

  /** @internal */
  _api(method: string): string {
    return `${this.constructor.name}.${method}()`;
  }

  /** @internal */
  _doneMessage(): string {
    return `future is already done (state: ${STATE_NAMES[this._state]})`;
  }
}

/** A short printable form of a value for messages and reprs. @internal */
export function short(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'function') return v.name ? `function ${v.name}` : 'an anonymous function';
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (typeof v === 'object' && v !== null) {
    // Effects print themselves (they are also their own iterators, so check them first).
    if (!Array.isArray(v) && (v as object).toString !== Object.prototype.toString) return String(v);
    if (typeof (v as Generator).next === 'function' && typeof (v as Generator).throw === 'function') return 'a generator object';
    try {
      const j = JSON.stringify(v);
      return j.length > 60 ? `${j.slice(0, 60)}…` : j;
    } catch {
      return '[object]';
    }
  }
  return String(v);
}
