// yield-once.ts: the iterator behind `yield* effect` and `yield* future`: it yields its value
// once, then returns what the loop sent back. Why not a generator method: a plain two-state
// iterator costs a fraction of a generator object per `yield*`, the commonest way to wait.

/** @internal */
export class YieldOnce<E, R> {
  #value: E | null;
  constructor(value: E) {
    this.#value = value;
  }
  next(sent?: unknown): IteratorResult<E, R> {
    const v = this.#value;
    if (v === null) return { value: sent as R, done: true };
    this.#value = null;
    return { value: v, done: false };
  }
  throw(error: unknown): never {
    this.#value = null;
    throw error;
  }
  return(value: R): IteratorResult<E, R> {
    this.#value = null;
    return { value, done: true };
  }
  [Symbol.iterator](): this {
    return this;
  }
}
