// task.ts: Task, a Future that drives one coroutine (a stack of generators) on a loop.
// The task is the only place a generator is resumed (see _run). Each wait gets exactly one
// wake: whatever the task waits on (a future, a sleep, a send/receive mailbox) is kept in
// _waitOn, so cancel() can undo it; the wake records how to resume (the mode in _flags, the value in _value) and puts the task
// on the ready queue, where the loop steps it on its next iteration, as CPython's call_soon does.

import { CancelledError, RuntimeError } from './errors.js';
import { CANCELLED, FAILED, FINISHED, Future, PENDING, short } from './future.js';
import { EffectBase } from './effects.js';
import { NOT_NOW } from './yield-once.js';
import type { EventLoop } from './loop.js';
import type { Mailbox } from './send.js';
import { DONE, depth, type Frames, type Mode, NEXT, resume, takeReturned, THROW } from './trampoline.js';

/** Something a blocked task waits on, which can undo the wait when the task is cancelled. @internal */
export interface Waitable {
  /** Undo `task`'s wait and wake it with CancelledError; false if the wait cannot be cancelled. */
  _cancelWait(task: Task, msg: string | undefined): boolean;
}

/**
 * Returned by an effect handler whose task must wait (the handler arranged its wake).
 * @example
 * loop.addEffectHandler('park', (_e, task, l) => l.waitOn(task, someFuture)); // returns SUSPEND while pending
 */
export const SUSPEND: unique symbol = Symbol('yieldfrom.suspend');

const RETRY_FAILED: unique symbol = Symbol('retry failed');
// The tasks whose cancel() is running, innermost last: a chain of awaiting tasks cancels along
// itself, and a cycle in it must stop where it closes (see _cancelWait).
const cancelling: Task[] = [];
const MUST_CANCEL = 1; // cancel() found nothing to cancel: the next step raises CancelledError
const SCHEDULED = 2; // the task's next step is on the ready queue
const MODE_SHIFT = 2; // bits 2-3: how the next step resumes (NEXT, THROW, RETURN)
const MODE_MASK = 3 << MODE_SHIFT;
// Bits 4-5: a task spawned as (fn, ...args) that has not started: _top holds fn, and _outer the
// arguments, kept as compactly as they come (the array, the one argument itself, or nothing).
const NOT_STARTED = 3 << 4;
const ARGS_ARRAY = 1 << 4;
const ARGS_ONE = 2 << 4;
const ARGS_NONE = 3 << 4;
// Bits 6 and up: the task's id, while it fits (a task has no field of its own for it; a
// finished task costs its fields, so each one counted). Ids past MAX_FLAG_ID live in the extras.
const ID_SHIFT = 6;
const MAX_FLAG_ID = (1 << 24) - 1; // keeps _flags a small integer even where those are 31 bits

// A sleeping task is its own timer entry: no object per sleep. While its entry is in the loop's
// timer heap, _waitOn holds the sleep's arrival number (the heap keeps it beside the entry, so an
// entry of a sleep that already ended is recognised as stale: CPython's cancelled TimerHandle).
// When the entry comes due it goes to the ready queue, as the timer's callback, and _waitOn says so
// (SLEEP_FIRING); once it has left the heap otherwise, or fired, SLEEP_OFF until the task resumes.
/** @internal _waitOn of a task whose sleep came due: its timer's entry waits in the ready queue. */
export const SLEEP_FIRING = -1;
/** @internal _waitOn of a task whose sleep left the heap: it resumes at its next step. */
export const SLEEP_OFF = -2;

// ---- Cancellation listeners (currentSignal): no field on Task, nothing at all until first used ----

let cancelListeners: WeakMap<Task, (msg: string | undefined) => void> | null = null;

/** @internal Calls `listener` once, at the task's next cancel() (see signal.ts). */
export function _onNextCancel(task: Task, listener: (msg: string | undefined) => void): void {
  (cancelListeners ??= new WeakMap()).set(task, listener);
}

function notifyCancel(task: Task, msg: string | undefined): void {
  const listener = cancelListeners!.get(task);
  if (listener === undefined) return;
  cancelListeners!.delete(task);
  listener(msg);
}

/** A task's rarely used state. @internal */
export interface TaskExtras {
  name: string | null;
  cancelRequests: number;
  cancelMsg: string | undefined;
  mailbox: Mailbox | null;
  /** The id, when it is too large to keep in _flags (0 otherwise). */
  id: number;
  /** The position in the loop's array of live tasks, once the task has extras (see Task._ext). */
  liveIdx: number;
}

/** A task's extras, or null if it has none. */
function extrasOf(t: Task): TaskExtras | null {
  const e = t._ext;
  return typeof e === 'number' ? null : e;
}

/**
 * A coroutine running on a loop: a Future that completes with the coroutine's return value.
 * Create one with `loop.createTask(coro)`, `createTask(coro)` or `yield* spawn(fn, ...args)`.
 * @example
 * function* main() {
 *   const t = yield* spawn(function* () { yield* sleep(1); return 'done'; });
 *   console.log(yield* t); // 'done'
 * }
 */
export class Task<T = unknown> extends Future<T> implements Frames {
  /** @internal Innermost generator of the delegation stack (null once finished). */
  _top: Generator | null;
  /** @internal The generators delegating to _top, outermost first (null while depth is 1). */
  _outer: Generator[] | null = null;
  /** @internal What the task is blocked on, until its next step starts (a number: a sleep, see SLEEP_FIRING). */
  _waitOn: Waitable | number | null = null;
  // While the task is pending, the inherited _value holds the value sent, or the error thrown,
  // by its next step (the mode is in _flags); once done, its result, as for any Future.
  /** @internal MUST_CANCEL | SCHEDULED | the resume mode (bits 2-3) | the id (bits 4 and up, see ID_SHIFT). */
  _flags: number;
  /**
   * @internal The task's position in the loop's array of live tasks (-1 when not in it); or,
   * once the task needs them, its rarely used state (name, cancellation count and message,
   * send/receive mailbox), which then holds the position. Why one field: every task has a
   * position and few have extras, and a task costs its fields for as long as it is kept, finished
   * or not (8 bytes each).
   */
  _ext: TaskExtras | number = -1;

  /**
   * @internal Use loop.createTask(). With `args`, `coro` is a generator function, called with
   * them when the task first runs (see EventLoop.#newTask).
   */
  constructor(loop: EventLoop, coro: Generator, name: string | null, id: number, args?: readonly unknown[]) {
    super(loop);
    this._top = coro;
    // Ids 1..MAX_FLAG_ID sit in the flags word; any other (larger, or odd ones from direct construction) in the extras.
    if (id > 0 && id <= MAX_FLAG_ID) this._flags = id << ID_SHIFT;
    else {
      this._flags = 0;
      this._extras().id = id;
    }
    if (args !== undefined) {
      // Why not keep the array: a task waits for its first step as long as its spawner runs on,
      // so it outlives young-generation GCs; one argument kept alone saves the array's ~56 bytes.
      const n = args.length;
      if (n === 0) this._flags |= ARGS_NONE;
      else if (n === 1) {
        this._outer = args[0] as Generator[];
        this._flags |= ARGS_ONE;
      } else {
        this._outer = args as unknown as Generator[];
        this._flags |= ARGS_ARRAY;
      }
    }
    if (name !== null) this._extras().name = name;
  }

  /**
   * @internal A task spawned as (fn, ...args) makes its coroutine now: at its first step, or
   * when getCoro() asks. An error thrown by the call (a parameter's default or destructuring)
   * is raised in the task's first step, so the task fails with it.
   */
  _start(): void {
    const fn = this._top as unknown as (...a: unknown[]) => Generator;
    const how = this._flags & NOT_STARTED;
    const held = this._outer as unknown;
    this._flags &= ~NOT_STARTED;
    this._outer = null;
    let gen: Generator;
    try {
      if (how === ARGS_ONE) gen = fn(held);
      else if (how === ARGS_NONE) gen = fn();
      else {
        // Why not fn(...args) alone: a spread call costs more than a direct one.
        const args = held as unknown[];
        gen = args.length === 2 ? fn(args[0], args[1]) : args.length === 3 ? fn(args[0], args[1], args[2]) : fn(...args);
      }
    } catch (error) {
      gen = raise(error);
    }
    this._top = gen;
  }

  /** @internal The task's number (Task-N), in creation order on its loop. */
  get _id(): number {
    const id = this._flags >>> ID_SHIFT;
    return id !== 0 ? id : (extrasOf(this)?.id ?? 0);
  }

  /** @internal Position in the loop's array of live tasks (-1 when not in it); kept in _ext. */
  get _liveIdx(): number {
    const e = this._ext;
    return typeof e === 'number' ? e : e.liveIdx;
  }

  set _liveIdx(i: number) {
    const e = this._ext;
    if (typeof e === 'number') this._ext = i;
    else e.liveIdx = i;
  }

  /** @internal */
  _extras(): TaskExtras {
    const e = this._ext;
    if (typeof e !== 'number') return e;
    return (this._ext = { name: null, cancelRequests: 0, cancelMsg: undefined, mailbox: null, id: 0, liveIdx: e });
  }

  /** The task's name (`Task-N` unless one was given). */
  getName(): string {
    return extrasOf(this)?.name ?? `Task-${this._id}`;
  }

  /** Renames the task. */
  setName(name: string): void {
    this._extras().name = String(name);
  }

  /** The coroutine (the outermost generator) the task drives; null once the task is done. */
  getCoro(): Generator | null {
    if ((this._flags & NOT_STARTED) !== 0) this._start();
    return this._outer !== null && this._outer.length !== 0 ? this._outer[0]! : this._top;
  }

  /** Depth of delegation the task is suspended at (1 = no delegation, 0 = finished). */
  getStackDepth(): number {
    return (this._flags & NOT_STARTED) !== 0 ? 1 : depth(this);
  }

  /**
   * Requests cancellation: CancelledError is thrown into the coroutine at its suspension point,
   * where it may be caught. If the task is not blocked right now (it is about to run), its next
   * step raises instead. Returns false if the task is already done.
   */
  override cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    const ext = this._extras();
    ext.cancelRequests++;
    const w = this._waitOn;
    let undone = false;
    if (w !== null && (this._flags & SCHEDULED) === 0) {
      if (typeof w === 'number') undone = this._cancelSleep(msg);
      else {
        cancelling.push(this);
        try {
          undone = w._cancelWait(this, msg);
        } finally {
          cancelling.pop();
        }
      }
    }
    if (!undone) {
      this._flags |= MUST_CANCEL;
      ext.cancelMsg = msg;
    }
    // Last, once the cancellation is arranged: a listener (an AbortSignal's) runs host code.
    if (cancelListeners !== null) notifyCancel(this, msg);
    return true;
  }

  /**
   * @internal A task awaiting this one is cancelled: cancel this one too, as CPython does. But if
   * this task is being cancelled already, further up the same chain (tasks awaiting each other in
   * a cycle), wake the waiter with CancelledError instead, so the cancellation ends (CPython
   * recurses until RecursionError).
   */
  override _cancelWait(task: Task, msg: string | undefined): boolean {
    if (cancelling.indexOf(this) < 0) return this.cancel(msg);
    this._removeCallback(task);
    task._wake(THROW, new CancelledError(msg ?? ''));
    return true;
  }

  /** @internal A task's cancel message lives in its extras (CPython's Task._cancel_message). */
  override _cancelMessage(): string | null {
    return extrasOf(this)?.cancelMsg ?? null;
  }

  /** How many cancellation requests are pending (asyncio's `Task.cancelling()`). */
  cancelling(): number {
    return extrasOf(this)?.cancelRequests ?? 0;
  }

  /** Decrements the pending cancellation count and returns it (asyncio's `Task.uncancel()`). */
  uncancel(): number {
    const ext = extrasOf(this);
    if (ext === null) return 0;
    if (ext.cancelRequests > 0) ext.cancelRequests--;
    if (ext.cancelRequests === 0) this._flags &= ~MUST_CANCEL;
    return ext.cancelRequests;
  }

  /** A task's result is set by its coroutine: always throws RuntimeError, as asyncio does. */
  override setResult(_value: T): never {
    throw new RuntimeError(`Task.setResult(): a task's result is set by its coroutine (task ${this.getName()})`);
  }

  /** A task's exception is set by its coroutine: always throws RuntimeError, as asyncio does. */
  override setException(_error: unknown): never {
    throw new RuntimeError(`Task.setException(): a task's exception is set by its coroutine (task ${this.getName()})`);
  }

  override toString(): string {
    const base = super.toString();
    return `${base.slice(0, -1)} name=${JSON.stringify(this.getName())}>`;
  }

  // ---- Waking: every path that makes a blocked task runnable again ----

  /** @internal Schedules the next step, resuming with (mode, arg). */
  _wake(mode: Mode, arg: unknown): void {
    this._value = arg;
    this._flags = (this._flags & ~MODE_MASK) | (mode << MODE_SHIFT) | SCHEDULED;
    const loop = this._loop as EventLoop;
    if (loop._tracer !== null) loop._tracer._wake(loop.time(), this, loop._current);
    loop._schedule(this);
  }

  /** @internal The future this task waits on is done. */
  _wakeFromFuture(f: Future<any>): void {
    const s = f._state;
    if (s === FINISHED) this._wake(NEXT, f._value);
    else if (s === FAILED) {
      f._retrieved();
      this._wake(THROW, f._value);
    } else this._wake(THROW, f._makeCancelledError());
  }

  // ---- Sleeping: the task as its own timer entry (see SLEEP_FIRING) ----

  /** @internal Cancelling the sleeping task: wake it with CancelledError; its timer is cancelled when it resumes. */
  _cancelSleep(msg: string | undefined): boolean {
    this._wake(THROW, new CancelledError(msg ?? ''));
    return true;
  }

  /** @internal Timer entry: the entry with arrival number `seq` is stale unless the task still sleeps in it. */
  _stale(seq: number): boolean {
    return this._waitOn !== seq;
  }

  /** @internal Timer entry: the heap dropped a stale entry (the sleep was counted as cancelled when it ended). */
  _unscheduled(): void {}

  /**
   * @internal The heap entry `seq` came due and left the heap. True if it goes to the ready queue
   * as the timer's callback (see _sleepFired). Not if it is stale, nor if the task was woken
   * already (cancelled): CPython's callback would then find the sleep's future cancelled and do
   * nothing, and under FIFO, where it would sit in the ready queue, changes nothing.
   */
  _sleepDue(seq: number): boolean {
    if (this._waitOn !== seq) return false;
    if ((this._flags & SCHEDULED) !== 0) {
      this._waitOn = SLEEP_OFF;
      return false;
    }
    this._waitOn = SLEEP_FIRING;
    return true;
  }

  /**
   * @internal The timer's callback, run from the ready queue: wake the task, which then steps one
   * iteration later, as the sleep future's done callback would. (The sleep handler left the
   * sleep's result in _value.) A wake that came meanwhile (cancellation) wins.
   */
  _sleepFired(): void {
    this._waitOn = SLEEP_OFF;
    if ((this._flags & SCHEDULED) === 0) this._wake(NEXT, this._value);
  }

  /** @internal True while the task's next step is on the ready queue. */
  _isScheduled(): boolean {
    return (this._flags & SCHEDULED) !== 0;
  }

  // ---- Stepping: the only place a generator is resumed ----

  /** @internal Runs one step: resume the coroutine and dispatch effects until it must wait. */
  _run(): void {
    if ((this._flags & NOT_STARTED) !== 0) this._start();
    let flags = this._flags;
    let mode = ((flags & MODE_MASK) >> MODE_SHIFT) as Mode;
    // How the wait ended: woken normally (NEXT), or by cancellation; a cancel() that came after a
    // normal wake turns the step into a throw below, and a blocking put/get must know which.
    const wokeNormally = mode === NEXT;
    let arg = this._value;
    this._value = undefined;
    flags &= ~(SCHEDULED | MODE_MASK);
    if ((flags & MUST_CANCEL) !== 0) {
      flags &= ~MUST_CANCEL;
      if (mode !== THROW || !(arg instanceof CancelledError)) {
        mode = THROW;
        arg = new CancelledError(extrasOf(this)?.cancelMsg ?? '');
      }
    }
    this._flags = flags;
    const w = this._waitOn;
    const loop = this._loop as EventLoop;
    loop._current = this;
    if (loop._tracer !== null) loop._tracer._step(loop.time(), this);
    if (w !== null) {
      this._waitOn = null;
      // Why: CPython's sleep() cancels its timer in a finally block when it resumes, however it
      // resumes; a timer still in the heap is counted as cancelled (its entry is stale from now).
      if (typeof w === 'number') {
        if (w >= 0) loop._timerCancelled();
      } else if (w instanceof EffectBase) {
        // A blocking put/get woke up (the task was its own waiter): clean up if cancelled, else
        // try the effect again (it may complete now, fail, or wait once more), all in this
        // step, as CPython's put()/get() loops would.
        let r: unknown;
        try {
          r = w._rewake(this, loop, mode === THROW, wokeNormally);
        } catch (error) {
          r = RETRY_FAILED;
          mode = THROW;
          arg = error;
        }
        if (r === SUSPEND) return this._suspended(loop);
        if (r !== RETRY_FAILED && r !== NOT_NOW) {
          mode = NEXT;
          arg = r;
        }
      }
    }
    for (;;) {
      let y: unknown;
      try {
        y = resume(this, mode, arg);
      } catch (error) {
        loop._current = null;
        this._fail(error);
        return;
      }
      if (y === DONE) {
        loop._current = null;
        this._succeed(takeReturned() as T);
        return;
      }
      let r: unknown;
      try {
        r = loop._dispatch(this, y);
      } catch (error) {
        // A fault in the effect (bad value, misuse) is thrown into the task at its yield.
        mode = THROW;
        arg = error;
        continue;
      }
      if (r === SUSPEND) break;
      mode = NEXT;
      arg = r;
    }
    this._suspended(loop);
  }

  /** @internal The step ends with the task waiting. (Not a #private method: those cost every instance a brand field.) */
  _suspended(loop: EventLoop): void {
    loop._current = null;
    if (loop._tracer !== null) loop._tracer._block(loop.time(), this);
    // Why: cancel() while the task was running finds nothing to cancel; the wait it just started is cancelled instead.
    if ((this._flags & MUST_CANCEL) !== 0) {
      const w2 = this._waitOn;
      if (w2 !== null && (this._flags & SCHEDULED) === 0) {
        const msg = extrasOf(this)?.cancelMsg;
        if (typeof w2 === 'number' ? this._cancelSleep(msg) : w2._cancelWait(this, msg)) this._flags &= ~MUST_CANCEL;
      }
    }
  }

  // ---- Finishing ----

  /** @internal */
  _succeed(value: T): void {
    if ((this._flags & MUST_CANCEL) !== 0) {
      // Cancelled right before the coroutine returned.
      this._flags &= ~MUST_CANCEL;
      this._state = CANCELLED;
      this._value = undefined; // readers get CancelledError(cancel message), as CPython
    } else {
      this._state = FINISHED;
      this._value = value;
    }
    this._done();
  }

  /** @internal */
  _fail(error: unknown): void {
    if (error instanceof CancelledError) {
      this._state = CANCELLED;
      // As CPython: the coroutine's own CancelledError goes to the first reader; the cancel message is spent.
      const ext = extrasOf(this);
      if (ext !== null) ext.cancelMsg = undefined;
    } else {
      this._state = FAILED;
    }
    this._value = error;
    if (this._state === FAILED) (this._loop as EventLoop)._unretrieved.add(this);
    this._done();
  }

  /** @internal */
  _done(): void {
    this._top = null;
    this._outer = null;
    const tracer = (this._loop as EventLoop)._tracer;
    if (tracer !== null) {
      const s = this._state;
      tracer._done((this._loop as EventLoop).time(), this, s === FINISHED ? 'returned' : s === FAILED ? 'failed' : 'cancelled', s === FINISHED ? short(this._value) : s === FAILED ? short(this._value) : 'CancelledError');
    }
    (this._loop as EventLoop)._taskDone(this);
    const mb = extrasOf(this)?.mailbox;
    if (mb) mb.ownerDone();
    this._scheduleCallbacks();
  }
}

/** The coroutine of a task whose generator function threw when called: it raises that error. */
function* raise(error: unknown): Generator<never, never> {
  throw error;
}
