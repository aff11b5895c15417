// deque.ts: a growable ring buffer, the loop's FIFO ready queue.
// Why not an array with shift(): shift is O(n) once V8 leaves its fast path, and the ready
// queue is the hottest structure in the engine. push/shift here are O(1) and allocate nothing
// until the buffer has to grow.

/** A FIFO double-ended queue on a power-of-two ring buffer. @internal */
export class Deque<T> {
  #buf: (T | undefined)[];
  #mask: number;
  #head = 0;
  #size = 0;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.#buf = new Array<T | undefined>(cap).fill(undefined);
    this.#mask = cap - 1;
  }

  get length(): number {
    return this.#size;
  }

  push(item: T): void {
    if (this.#size > this.#mask) this.#grow();
    this.#buf[(this.#head + this.#size) & this.#mask] = item;
    this.#size++;
  }

  /**
   * Removes and returns the oldest item, or undefined when empty. After a burst (say 100k tasks
   * made ready at once) the buffer is given back as soon as it drains (see trim).
   */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#buf[this.#head];
    this.#buf[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    if (--this.#size === 0) this.trim();
    return item;
  }

  /** The item at position i from the front (0 = oldest), without removing it. */
  at(i: number): T | undefined {
    return i < 0 || i >= this.#size ? undefined : this.#buf[(this.#head + i) & this.#mask];
  }

  /**
   * Gives back the memory of a burst: an empty deque whose buffer grew past `max` entries
   * returns to the initial 16. Regrowing is amortised O(1) per push, as the first growth was.
   */
  trim(max = 4096): void {
    if (this.#size === 0 && this.#mask >= max) {
      this.#buf = new Array<T | undefined>(16).fill(undefined);
      this.#mask = 15;
      this.#head = 0;
    }
  }

  clear(): void {
    this.#buf.fill(undefined);
    this.#head = 0;
    this.#size = 0;
  }

  #grow(): void {
    const old = this.#buf;
    const cap = old.length * 2;
    const buf = new Array<T | undefined>(cap).fill(undefined);
    for (let i = 0; i < this.#size; i++) buf[i] = old[(this.#head + i) & this.#mask];
    this.#buf = buf;
    this.#mask = cap - 1;
    this.#head = 0;
  }
}
