// timeout.ts: timeout/timeoutAt scopes and waitFor, as asyncio's (3.12+). A scope cancels its
// task when the deadline passes and turns that cancellation (only that one) into TimeoutError;
// a cancellation from outside passes through untouched (told apart by Task.cancelling()).

import { CancelledError, RuntimeError, TimeoutError } from './errors.js';
import { Future, short } from './future.js';
import type { Handle, TimerHandle } from './handle.js';
import { currentTask, getRunningLoop } from './running.js';
import type { Task } from './task.js';
import { type Awaitable, toFuture } from './gather.js';
import { checkTimeout } from './wait.js';

type State = 'created' | 'active' | 'expiring' | 'expired' | 'finished';

/**
 * A deadline for a block of work. Create it with `timeout(delay)` or `timeoutAt(when)` and run
 * the block with `yield* t.with(body)`.
 * @example
 * const t = timeout(10);
 * try { yield* t.with(function* () { yield* longJob(); }); } catch (e) { if (e instanceof TimeoutError) ... }
 */
export class Timeout {
  #state: State = 'created';
  #handle: Handle | TimerHandle | null = null;
  #task: Task | null = null;
  #when: number | null;
  #cancelling = 0;

  constructor(when: number | null) {
    this.#when = checkTimeout('Timeout(when)', when);
  }

  /** The deadline (loop time), or null for none. */
  when(): number | null {
    return this.#when;
  }

  /** Moves the deadline (null: no deadline). Only while the scope is active. */
  reschedule(when: number | null): void {
    if (this.#state !== 'active') {
      throw new RuntimeError(this.#state === 'created' ? 'Timeout.reschedule(): the timeout has not been entered' : `Timeout.reschedule(): cannot change a ${this.#state} timeout`);
    }
    when = checkTimeout('Timeout.reschedule()', when);
    this.#when = when;
    this.#handle?.cancel();
    if (when === null) this.#handle = null;
    else {
      const loop = getRunningLoop();
      this.#handle = when <= loop.time() ? loop.callSoon(() => this.#onTimeout()) : loop.callAt(when, () => this.#onTimeout());
    }
  }

  /** True once the deadline passed (the scope cancelled its task). */
  expired(): boolean {
    return this.#state === 'expiring' || this.#state === 'expired';
  }

  /** Runs `body` under this deadline; TimeoutError if it passes. */
  *with<R>(body: () => Generator<unknown, R, any>): Generator<unknown, R, any> {
    if (typeof body !== 'function') throw new TypeError(`Timeout.with(): expected a generator function, got ${short(body)}`);
    this.#enter();
    let result: R;
    try {
      result = yield* body();
    } catch (e) {
      this.#exit(true, e);
      throw e;
    }
    this.#exit(false, undefined);
    return result;
  }

  #enter(): void {
    if (this.#state !== 'created') throw new RuntimeError('Timeout.with(): the timeout has already been entered');
    const task = currentTask();
    if (task === null) throw new RuntimeError('Timeout.with(): a timeout must be used inside a task');
    this.#state = 'active';
    this.#task = task;
    this.#cancelling = task.cancelling();
    this.reschedule(this.#when);
  }

  #exit(failed: boolean, error: unknown): void {
    this.#handle?.cancel();
    this.#handle = null;
    if (this.#state === 'expiring') {
      this.#state = 'expired';
      if (this.#task!.uncancel() <= this.#cancelling && failed && error instanceof CancelledError) {
        throw new TimeoutError(`timeout: the deadline ${this.#when} passed`, { cause: error });
      }
    } else if (this.#state === 'active') this.#state = 'finished';
  }

  #onTimeout(): void {
    this.#task!.cancel();
    this.#state = 'expiring';
    this.#handle = null;
  }

  toString(): string {
    return `<Timeout [${this.#state}]${this.#state === 'active' ? ` when=${this.#when}` : ''}>`;
  }
}

/**
 * A Timeout `delay` seconds from now (null: none).
 * @example
 * yield* timeout(5).with(function* () { yield* slowJob(); });
 */
export function timeout(delay: number | null): Timeout {
  const d = checkTimeout('timeout()', delay);
  return new Timeout(d === null ? null : getRunningLoop().time() + d);
}

/**
 * A Timeout at loop time `when` (null: none).
 * @example
 * yield* timeoutAt(getRunningLoop().time() + 5).with(function* () { yield* slowJob(); });
 */
export function timeoutAt(when: number | null): Timeout {
  return new Timeout(when);
}

/**
 * Waits for `aw` with a timeout; on timeout cancels it and raises TimeoutError.
 * @example
 * const v = yield* waitFor(fetchTask, 1.5);
 */
export function* waitFor<T>(aw: Awaitable<T>, seconds: number | null): Generator<unknown, T, any> {
  const t = checkTimeout('waitFor()', seconds);
  const loop = getRunningLoop();
  if (t !== null && t <= 0) {
    const fut = toFuture('waitFor()', aw, loop);
    if (fut.done()) return fut.result();
    yield* cancelAndWait(fut);
    try {
      return fut.result();
    } catch (e) {
      if (e instanceof CancelledError) throw new TimeoutError('waitFor(): timed out', { cause: e });
      throw e;
    }
  }
  // Why an arrow and a module-level generator, not a `function* () {}` here: V8 gives every
  // generator closure its own old-space map, which keeps the closure (and what it captures)
  // alive past young-generation GCs; serve() promoted most of each request's objects that way.
  return yield* timeout(t).with(() => awaitOnce<T>(aw));
}

function* awaitOnce<T>(aw: Awaitable<T>): Generator<unknown, T, any> {
  return (yield aw) as T;
}

/** Cancels `fut` and waits until it is done, even if the waiter is cancelled meanwhile (CPython's _cancel_and_wait). @internal */
export function* cancelAndWait(fut: Future<unknown>): Generator<unknown, void, any> {
  const loop = getRunningLoop();
  const waiter = new Future<void>(loop);
  const cb = (): void => void (waiter.done() || waiter.setResult(undefined));
  fut.addDoneCallback(cb);
  try {
    fut.cancel();
    yield waiter;
  } finally {
    fut.removeDoneCallback(cb);
  }
}
