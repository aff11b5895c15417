// barrier.ts: Barrier, as asyncio.Barrier: `parties` tasks meet; when the last arrives all pass
// together, each with its own index. reset() and abort() break the waiters out with
// BrokenBarrierError. Built on a Condition, state for state as CPython's.

import { BrokenBarrierError, ValueError } from './errors.js';
import { Condition } from './condition.js';
import { short } from './future.js';

type State = 'filling' | 'draining' | 'resetting' | 'broken';

/**
 * A meeting point for a fixed number of tasks.
 * @example
 * const b = new Barrier(3);
 * const index = yield* b.wait(); // 0, 1 or 2, once all three have arrived
 */
export class Barrier {
  readonly #cond = new Condition();
  readonly #parties: number;
  #state: State = 'filling';
  #count = 0;

  constructor(parties: number) {
    if (!Number.isInteger(parties) || parties < 1) {
      throw new ValueError(`Barrier(parties): expected a positive integer, got ${short(parties)}`);
    }
    this.#parties = parties;
  }

  /** Waits until `parties` tasks are waiting, then passes; evaluates to this task's index (0..parties-1). */
  *wait(): Generator<unknown, number, any> {
    const cond = this.#cond;
    return yield* cond.with(this.#pass.bind(this));
  }

  *#pass(): Generator<unknown, number, any> {
    yield* this.#block(); // while the barrier drains or resets
    const index = this.#count;
    this.#count++;
    try {
      if (index + 1 === this.#parties) {
        this.#state = 'draining';
        this.#cond.notifyAll();
      } else {
        yield* this.#cond.waitFor(() => this.#state !== 'filling');
        if (this.#state === 'broken' || this.#state === 'resetting') throw new BrokenBarrierError('Barrier.wait(): the barrier was aborted or reset');
      }
      return index;
    } finally {
      this.#count--;
      this.#exit();
    }
  }

  *#block(): Generator<unknown, void, any> {
    yield* this.#cond.waitFor(() => this.#state !== 'draining' && this.#state !== 'resetting');
    if (this.#state === 'broken') throw new BrokenBarrierError('Barrier.wait(): the barrier is broken (aborted)');
  }

  #exit(): void {
    if (this.#count === 0) {
      if (this.#state === 'resetting' || this.#state === 'draining') this.#state = 'filling';
      this.#cond.notifyAll();
    }
  }

  /** Returns the barrier to its empty state; tasks waiting now get BrokenBarrierError. */
  *reset(): Generator<unknown, void, any> {
    yield* this.#cond.with(() => this.#resetLocked());
  }

  /** Breaks the barrier: current and future waiters get BrokenBarrierError (until reset). */
  *abort(): Generator<unknown, void, any> {
    yield* this.#cond.with(() => this.#abortLocked());
  }

  // Why methods, not `function*` expressions in reset()/abort(): V8 gives each generator closure
  // its own prototype and hidden class, which keeps what it captures alive past young-generation GCs.
  *#resetLocked(): Generator<unknown, void, any> {
    this.#state = this.#count > 0 ? 'resetting' : 'filling';
    this.#cond.notifyAll();
  }

  *#abortLocked(): Generator<unknown, void, any> {
    this.#state = 'broken';
    this.#cond.notifyAll();
  }

  /** How many tasks must meet. */
  get parties(): number {
    return this.#parties;
  }

  /** How many tasks are waiting now (while filling). */
  get nWaiting(): number {
    return this.#state === 'filling' ? this.#count : 0;
  }

  /** True once aborted (until reset). */
  get broken(): boolean {
    return this.#state === 'broken';
  }

  toString(): string {
    return `<Barrier ${this.#state}${this.#state !== 'broken' ? ` waiters=${this.nWaiting}/${this.#parties}` : ''}>`;
  }
}
