// handle.ts: Handle (a callback queued with callSoon) and TimerHandle (one queued with
// callLater/callAt). Both are cancellable, as in asyncio: cancelling marks the handle and the
// loop skips it; a cancelled timer stays in the heap until it reaches the top or a clean-up pass
// drops it (CPython's lazy removal). (A sleeping task is its own timer entry: see Task._sleepDue.)

import type { EventLoop } from './loop.js';
import type { TimerEntry } from './timer-heap.js';

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

  /** @internal A cancelled handle never fires (the heap drops it lazily). */
  _stale(_seq: number): boolean {
    return this._cancelled;
  }

  /** @internal The heap dropped the handle without firing it. */
  _unscheduled(): void {
    this._scheduled = false;
  }

  override toString(): string {
    return `<TimerHandle when=${this.when}${this._cancelled ? ' cancelled' : ` ${describeFn(this._fn)}`}>`;
  }
}

function describeFn(fn: unknown): string {
  return typeof fn === 'function' ? (fn.name ? `${fn.name}()` : '<anonymous function>') : String(fn);
}
