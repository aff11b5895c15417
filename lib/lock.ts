// lock.ts: Lock, as asyncio.Lock: no owner (any task may release), FIFO fairness, and
// cancellation that never strands the lock: a waiter cancelled after being woken wakes the next.
// TypeScript has no `async with`: `yield* lock.with(body)` acquires, runs body, and always releases.

import { CancelledError, RuntimeError } from './errors.js';
import { Future } from './future.js';
import { peekRunningLoop } from './running.js';
import { removeFrom, Waiter } from './waiters.js';
import { currentTask } from './running.js';
import type { Task } from './task.js';

/** Something with acquire/release that `with` can wrap. */
export interface Acquirable {
  acquire(): Generator<unknown, true, any>;
  release(): void;
}

/** Runs body while holding `lock`, releasing it however body ends. @internal */
export function* withHeld<R>(lock: Acquirable, body: () => Generator<unknown, R, any>): Generator<unknown, R, any> {
  if (typeof body !== 'function') throw new TypeError(`${lock.constructor.name}.with(): expected a generator function, got ${String(body)}`);
  yield* lock.acquire();
  try {
    return yield* body();
  } finally {
    lock.release();
  }
}

/**
 * A mutual-exclusion lock for tasks.
 * @example
 * const lock = new Lock();
 * yield* lock.with(function* () { yield* sleep(1); }); // released even if body throws
 */
export class Lock implements Acquirable {
  /** A name for deadlock reports and traces. */
  name: string | undefined = undefined;
  /** @internal The task that last acquired the lock (reports only: asyncio locks have no owner). */
  _holder: Task | null = null;
  #locked = false;
  /** @internal */ readonly _waiters: Future<boolean>[] = [];

  /** True while the lock is held. */
  locked(): boolean {
    return this.#locked;
  }

  /** Acquires the lock, waiting (FIFO) while it is held. Does not give up the turn when it is free. */
  *acquire(): Generator<unknown, true, any> {
    if (!this.#locked && this._waiters.every((w) => w.cancelled())) {
      this.#locked = true;
      this._holder = currentTask();
      return true;
    }
    const fut = new Waiter<boolean>(peekRunningLoop() ?? undefined, this, 'acquire');
    this._waiters.push(fut);
    try {
      try {
        yield fut;
      } finally {
        removeFrom(this._waiters, fut);
      }
    } catch (e) {
      // Why: woken (the lock is ours to take) but cancelled before running: wake the next waiter.
      if (e instanceof CancelledError && !this.#locked) this.#wakeUpFirst();
      throw e;
    }
    this.#locked = true;
    this._holder = currentTask();
    return true;
  }

  /** Releases the lock (any task may) and wakes the first waiter. */
  release(): void {
    if (!this.#locked) throw new RuntimeError('Lock.release(): lock is not acquired');
    this.#locked = false;
    this._holder = null;
    this.#wakeUpFirst();
  }

  /** Acquires, runs `body`, and releases however it ends; evaluates to body's result. */
  with<R>(body: () => Generator<unknown, R, any>): Generator<unknown, R, any> {
    return withHeld(this, body);
  }

  #wakeUpFirst(): void {
    const fut = this._waiters[0];
    // A done future means that waiter is already set to wake up.
    if (fut !== undefined && !fut.done()) fut.setResult(true);
  }

  toString(): string {
    return `<Lock ${this.#locked ? 'locked' : 'unlocked'}${this._waiters.length ? ` waiters=${this._waiters.length}` : ''}>`;
  }
}
