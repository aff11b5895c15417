// handle.ts: Handle (a callback queued with callSoon) and TimerHandle (one queued with
// callLater/callAt, or a sleeping task's wake-up). Both are cancellable, as in asyncio:
// cancelling marks the handle and the loop skips it; a cancelled timer stays in the heap
// until it reaches the top or a clean-up pass drops it (CPython's lazy removal).

import { CancelledError } from './errors.js';
import type { EventLoop } from './loop.js';
import type { Task } from './task.js';
import { THROW } from './trampoline.js';

/** A callback scheduled with `callSoon`. `cancel()` stops it from running. */
export class Handle {
  /** @internal */ _fn: ((...args: any[]) => unknown) | null;
  /** @internal */ _args: unknown[] | Task | undefined;
  /** @internal */ _cancelled = false;
  /** @internal */ readonly _loop: EventLoop;

  /** @internal */
  constructor(loop: EventLoop, fn: ((...args: any[]) => unknown) | null, args: unknown[] | Task | undefined) {
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
    const args = this._args as unknown[] | undefined;
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

/** A callback scheduled for a time on the loop's clock (`callLater`, `callAt`, and `sleep`). */
export class TimerHandle extends Handle {
  /** The loop time at which the callback is due, in seconds. */
  readonly when: number;
  /** @internal Arrival order: breaks ties between equal deadlines in the default timer mode. */
  readonly _seq: number;
  /** @internal True while the handle is in the loop's timer heap. */
  _scheduled = false;

  /** @internal */
  constructor(loop: EventLoop, when: number, seq: number, fn: ((...args: any[]) => unknown) | null, args: unknown[] | Task | undefined) {
    super(loop, fn, args);
    this.when = when;
    this._seq = seq;
  }

  override cancel(): void {
    if (!this._cancelled) {
      // Why: CPython counts cancelled timers still in the heap to decide when to clean it.
      if (this._scheduled) this._loop._timerCancelled();
      super.cancel();
    }
  }

  /** @internal Cancelling a sleeping task: wake it with CancelledError; the timer itself is cancelled when the task resumes. */
  _cancelWait(task: Task, msg: string | undefined): boolean {
    task._wake(THROW, new CancelledError(msg ?? ''));
    return true;
  }

  /** @internal A sleep's timer wakes its task directly (no callback, no future). */
  override _run(): void {
    if (this._fn === null) (this._args as Task)._wakeFromSleep(this);
    else super._run();
  }

  override toString(): string {
    return `<TimerHandle when=${this.when}${this._cancelled ? ' cancelled' : ` ${this._fn === null ? 'sleep' : describeFn(this._fn)}`}>`;
  }
}

function describeFn(fn: unknown): string {
  return typeof fn === 'function' ? (fn.name ? `${fn.name}()` : '<anonymous function>') : String(fn);
}
