// condition.ts: Condition, as asyncio.Condition (3.13): wait() releases the lock, waits for a
// notify, and always re-acquires the lock before returning, even when cancelled; a waiter that
// fails after being notified passes the notification on, so none is lost.

import { CancelledError, RuntimeError } from './errors.js';
import { Future, short } from './future.js';
import { type Acquirable, Lock, withHeld } from './lock.js';
import { peekRunningLoop } from './running.js';
import { removeFrom, Waiter } from './waiters.js';

/**
 * A condition variable over a Lock.
 * @example
 * yield* cond.with(function* () { yield* cond.waitFor(() => items.length > 0); take(); });
 * yield* cond.with(function* () { items.push(x); cond.notify(); });
 */
export class Condition implements Acquirable {
  /** A name for deadlock reports and traces. */
  name: string | undefined = undefined;
  readonly #lock: Lock;
  readonly #waiters: Future<boolean>[] = [];

  constructor(lock: Lock = new Lock()) {
    if (!(lock instanceof Lock)) throw new TypeError(`Condition(lock): expected a Lock, got ${short(lock)}`);
    this.#lock = lock;
  }

  /** True while the underlying lock is held. */
  locked(): boolean {
    return this.#lock.locked();
  }

  /** Acquires the underlying lock. */
  acquire(): Generator<unknown, true, any> {
    return this.#lock.acquire();
  }

  /** Releases the underlying lock. */
  release(): void {
    this.#lock.release();
  }

  /** Acquires, runs `body`, and releases however it ends. */
  with<R>(body: () => Generator<unknown, R, any>): Generator<unknown, R, any> {
    return withHeld(this, body);
  }

  /** Releases the lock, waits to be notified, re-acquires the lock. The lock must be held. */
  *wait(): Generator<unknown, true, any> {
    if (!this.locked()) throw new RuntimeError('Condition.wait(): cannot wait on un-acquired lock');
    const fut = new Waiter<boolean>(peekRunningLoop() ?? undefined, this, 'wait');
    this.release();
    try {
      try {
        this.#waiters.push(fut);
        try {
          yield fut;
          return true;
        } finally {
          removeFrom(this.#waiters, fut);
        }
      } finally {
        // Must re-acquire the lock even if the wait is cancelled.
        let err: unknown = null;
        for (;;) {
          try {
            yield* this.acquire();
            break;
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            err = e;
          }
        }
        if (err !== null) throw err;
      }
    } catch (e) {
      // Why: a waiter that was notified but fails must pass the notification on.
      this.#notify(1);
      throw e;
    }
  }

  /** Waits until `predicate()` is truthy, re-checking after each notify; evaluates to its value. */
  *waitFor<R>(predicate: () => R): Generator<unknown, R, any> {
    if (typeof predicate !== 'function') throw new TypeError(`Condition.waitFor(): expected a predicate function, got ${short(predicate)}`);
    let result = predicate();
    while (!result) {
      yield* this.wait();
      result = predicate();
    }
    return result;
  }

  /** Wakes up to `n` waiters. The lock must be held. */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError('Condition.notify(): cannot notify on un-acquired lock');
    if (typeof n !== 'number' || Number.isNaN(n) || n < 0) throw new TypeError(`Condition.notify(n): expected a non-negative number, got ${short(n)}`);
    this.#notify(n);
  }

  /** Wakes every waiter. The lock must be held. */
  notifyAll(): void {
    if (!this.locked()) throw new RuntimeError('Condition.notifyAll(): cannot notify on un-acquired lock');
    this.#notify(this.#waiters.length);
  }

  #notify(n: number): void {
    let idx = 0;
    for (const fut of this.#waiters) {
      if (idx >= n) break;
      if (!fut.done()) {
        idx++;
        fut.setResult(false);
      }
    }
  }

  toString(): string {
    return `<Condition ${this.locked() ? 'locked' : 'unlocked'}${this.#waiters.length ? ` waiters=${this.#waiters.length}` : ''}>`;
  }
}
