// event.ts: Event, as asyncio.Event: wait() blocks until the flag is set; set() wakes every
// waiter (each in the order it arrived, one loop iteration later, through its future).

import { Future } from './future.js';
import { peekRunningLoop } from './running.js';
import { removeFrom, Waiter } from './waiters.js';

/**
 * A flag tasks can wait for.
 * @example
 * const ready = new Event();
 * yield* ready.wait();   // in one task
 * ready.set();           // in another, or in a callback
 */
export class Event {
  /** A name for deadlock reports and traces. */
  name: string | undefined = undefined;
  /** @internal The queue whose join() this event serves (for reports). */
  _joinOf: { name?: string | undefined } | null = null;
  #value = false;
  readonly #waiters: Future<boolean>[] = [];

  /** True if the flag is set. */
  isSet(): boolean {
    return this.#value;
  }

  /** Sets the flag and wakes every waiting task. */
  set(): void {
    if (!this.#value) {
      this.#value = true;
      for (const f of this.#waiters) if (!f.done()) f.setResult(true);
    }
  }

  /** Clears the flag. */
  clear(): void {
    this.#value = false;
  }

  /** Waits until the flag is set (returns at once, without giving up the turn, if it is). */
  *wait(): Generator<unknown, true, any> {
    if (this.#value) return true;
    const loop = peekRunningLoop() ?? undefined;
    const f = this._joinOf !== null ? new Waiter<boolean>(loop, this._joinOf, 'join') : new Waiter<boolean>(loop, this, 'wait');
    this.#waiters.push(f);
    try {
      yield f;
      return true;
    } finally {
      removeFrom(this.#waiters, f);
    }
  }

  toString(): string {
    return `<Event ${this.#value ? 'set' : 'unset'}${this.#waiters.length ? ` waiters=${this.#waiters.length}` : ''}>`;
  }
}
