// handle.ts: Handle (a callback queued with callSoon), TimerHandle (one queued with
// callLater/callAt) and SleepTimer (a sleeping task's wake-up). All are cancellable, as in asyncio:
// cancelling marks the handle and the loop skips it; a cancelled timer stays in the heap
// until it reaches the top or a clean-up pass drops it (CPython's lazy removal).

import { CancelledError } from './errors.js';
import type { EventLoop } from './loop.js';
import type { Task, Waitable } from './task.js';
import type { TimerEntry } from './timer-heap.js';
import { THROW } from './trampoline.js';

/**
 * A callback scheduled with `callSoon`. `cancel()` stops it from running.
 * @example
 * const h = loop.callSoon(tick); h.cancel();
 */
export class Handle {
  /** @internal */ _fn: ((...args: any[]) => unknown) | null;
  /** @internal */ _args: unknown[] | undefined;
  /** @internal */ _cancelled = false;
  /** @internal */ readonly _loop: EventLoop;

  /** @internal */
  constructor(loop: EventLoop, fn: (...args: any[]) => unknown, args: unknown[] | undefined) {
    this._loop = loop;
    this._fn = fn;
    this._args = args;
  }

  /** Stops the callback from running; does nothing if it already ran. */
  cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      this._fn = null;
      this._args = undefined;
    }
  }

  /** True once `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Runs the callback; an error goes to the loop's exception handler. */
  _run(): void {
    const fn = this._fn!;
    const args = this._args;
    try {
      if (args === undefined) fn();
      else fn(...args);
    } catch (error) {
      this._loop.callExceptionHandler({ message: `Exception in callback ${describeFn(fn)}`, exception: error, handle: this });
    }
  }

  toString(): string {
    return `<Handle ${this._cancelled ? 'cancelled' : describeFn(this._fn)}>`;
  }
}

/**
 * A callback scheduled for a time on the loop's clock (`callLater`, `callAt`).
 * @example
 * const h = loop.callLater(5, alarm); h.cancel();
 */
export class TimerHandle extends Handle implements TimerEntry {
  /** The loop time at which the callback is due, in seconds. */
  readonly when: number;
  /** @internal True while the handle is in the loop's timer heap. */
  _scheduled = true;

  /** @internal */
  constructor(loop: EventLoop, when: number, fn: (...args: any[]) => unknown, args: unknown[] | undefined) {
    super(loop, fn, args);
    this.when = when;
  }

  override cancel(): void {
    if (!this._cancelled) {
      // Why: CPython counts cancelled timers still in the heap to decide when to clean it.
      if (this._scheduled) this._loop._timerCancelled();
      super.cancel();
    }
  }

  override toString(): string {
    return `<TimerHandle when=${this.when}${this._cancelled ? ' cancelled' : ` ${describeFn(this._fn)}`}>`;
  }
}

/**
 * The timer of a sleeping task: what CPython's sleep() builds from a future and a TimerHandle,
 * in one small object. When due it wakes the task, which then runs one iteration later, as the
 * future's done callback would. @internal
 */
export class SleepTimer implements TimerEntry, Waitable {
  readonly _task: Task;
  _cancelled = false;
  _scheduled = true;

  constructor(task: Task) {
    this._task = task;
  }

  /** Called when the sleep ends, however it ends (CPython's `finally: h.cancel()` in sleep()). */
  cancel(): void {
    if (!this._cancelled) {
      if (this._scheduled) this._task._loop!._timerCancelled();
      this._cancelled = true;
    }
  }

  /** The timer fired: wake the task unless its sleep was already cancelled. */
  _run(): void {
    this._task._wakeFromSleep(this);
  }

  /** Cancelling the sleeping task: wake it with CancelledError; the timer is cancelled when the task resumes. */
  _cancelWait(task: Task, msg: string | undefined): boolean {
    task._wake(THROW, new CancelledError(msg ?? ''));
    return true;
  }

  toString(): string {
    return `<SleepTimer${this._cancelled ? ' cancelled' : ''}>`;
  }
}

function describeFn(fn: unknown): string {
  return typeof fn === 'function' ? (fn.name ? `${fn.name}()` : '<anonymous function>') : String(fn);
}
