// semaphore.ts: Semaphore and BoundedSemaphore, as asyncio's (3.13): FIFO even when the value
// is above zero (a newcomer waits behind earlier waiters), and a waiter cancelled after being
// woken gives its unit back and wakes the next one.

import { CancelledError, ValueError } from './errors.js';
import { Future, short } from './future.js';
import { type Acquirable, withHeld } from './lock.js';
import { peekRunningLoop } from './running.js';
import { removeFrom, Waiter } from './waiters.js';

/**
 * A counter of available units: acquire takes one (waiting while there are none), release gives one back.
 * @example
 * const sem = new Semaphore(2);
 * yield* sem.with(function* () { yield* download(url); }); // at most two at once
 */
export class Semaphore implements Acquirable {
  /** A name for deadlock reports and traces. */
  name: string | undefined = undefined;
  /** @internal */ _value: number;
  /** @internal */ readonly _waiters: Future<boolean>[] = [];

  constructor(value = 1) {
    if (!Number.isInteger(value) || value < 0) {
      throw new ValueError(`${new.target.name}(value): expected a non-negative integer, got ${short(value)}`);
    }
    this._value = value;
  }

  /** True if acquire() would wait: no unit left, or earlier waiters go first. */
  locked(): boolean {
    return this._value === 0 || this._waiters.some((w) => !w.cancelled());
  }

  /** The number of units available. */
  get value(): number {
    return this._value;
  }

  /** Takes a unit, waiting (FIFO) while none is available. */
  *acquire(): Generator<unknown, true, any> {
    if (!this.locked()) {
      this._value--;
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
      // Why: our unit was already taken for us by a release; we will not use it, so give it back.
      if (e instanceof CancelledError && fut.done() && !fut.cancelled()) this._value++;
      throw e;
    } finally {
      // Newcomers may have queued behind us: wake as many as there are units.
      while (this._value > 0) if (!this.#wakeUpNext()) break;
    }
    return true;
  }

  /** Gives a unit back and wakes the first waiter. */
  release(): void {
    this._value++;
    this.#wakeUpNext();
  }

  /** Acquires, runs `body`, and releases however it ends. */
  with<R>(body: () => Generator<unknown, R, any>): Generator<unknown, R, any> {
    return withHeld(this, body);
  }

  #wakeUpNext(): boolean {
    for (const fut of this._waiters) {
      if (!fut.done()) {
        this._value--;
        fut.setResult(true);
        return true;
      }
    }
    return false;
  }

  toString(): string {
    return `<${this.constructor.name} value=${this._value}${this._waiters.length ? ` waiters=${this._waiters.length}` : ''}>`;
  }
}

/**
 * A Semaphore that refuses to be released above its initial value.
 * @example
 * const sem = new BoundedSemaphore(1); sem.release(); // ValueError: released too many times
 */
export class BoundedSemaphore extends Semaphore {
  readonly #bound: number;
  constructor(value = 1) {
    super(value);
    this.#bound = value;
  }
  override release(): void {
    if (this._value >= this.#bound) throw new ValueError(`BoundedSemaphore.release(): released too many times (bound ${this.#bound})`);
    super.release();
  }
}
