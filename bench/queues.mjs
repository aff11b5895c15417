// bench/queues.mjs: the promise queues of the async/await and co peers, written the way a strong
// async/await user writes them. Neither put nor get is an `async` function:
// - put hands the item straight to the first parked getter and resolves it synchronously; it
//   returns undefined unless a bounded queue is full, and only then a promise to wait on;
// - getters and putters park on resolvers kept in arrays with a head index (no Array#shift);
// - tryGet() takes an item without waiting when there is one (EMPTY when not), so a consumer
//   awaits only when it must, as a producer awaits put() only when the queue is full:
//     let x = q.tryGet(); if (x === EMPTY) x = await q.get();
// FIFO for items, getters and putters alike.

export const EMPTY = Symbol('empty');

export class UnboundedQueue {
  constructor() {
    this.items = [];
    this.ih = 0; // head of items
    this.getters = [];
    this.gh = 0; // head of getters
  }
  /** Adds x, or hands it to the first parked getter. Never waits. */
  put(x) {
    if (this.gh < this.getters.length) {
      const resolve = this.getters[this.gh];
      this.getters[this.gh++] = undefined;
      if (this.gh === this.getters.length) this.getters.length = this.gh = 0;
      resolve(x);
    } else {
      this.items.push(x);
    }
  }
  /** The next item if there is one, else EMPTY. Never waits. */
  tryGet() {
    if (this.ih === this.items.length) return EMPTY;
    const x = this.items[this.ih];
    this.items[this.ih++] = undefined;
    if (this.ih === this.items.length) this.items.length = this.ih = 0;
    return x;
  }
  /** A promise of the next item: already resolved if one is there, else parked. */
  get() {
    const x = this.tryGet();
    return x !== EMPTY ? Promise.resolve(x) : new Promise((resolve) => this.getters.push(resolve));
  }
}

export class BoundedQueue {
  constructor(max) {
    this.max = max;
    this.items = [];
    this.ih = 0;
    this.getters = [];
    this.gh = 0;
    this.putters = []; // resolver, item, resolver, item, ...
    this.ph = 0;
  }
  size() {
    return this.items.length - this.ih;
  }
  /** undefined when the item went in (or to a parked getter), else a promise that resolves once it has. */
  put(x) {
    if (this.gh < this.getters.length) {
      const resolve = this.getters[this.gh];
      this.getters[this.gh++] = undefined;
      if (this.gh === this.getters.length) this.getters.length = this.gh = 0;
      resolve(x);
      return undefined;
    }
    if (this.size() < this.max) {
      this.items.push(x);
      return undefined;
    }
    return new Promise((resolve) => this.putters.push(resolve, x));
  }
  /** The next item if there is one (letting the first parked putter in), else EMPTY. Never waits. */
  tryGet() {
    if (this.ih < this.items.length) {
      const x = this.items[this.ih];
      this.items[this.ih++] = undefined;
      if (this.ph < this.putters.length) {
        // Room was made: the first parked putter's item goes in, and the putter resumes.
        const resolve = this.putters[this.ph];
        this.items.push(this.putters[this.ph + 1]);
        this.putters[this.ph] = this.putters[this.ph + 1] = undefined;
        this.ph += 2;
        if (this.ph === this.putters.length) this.putters.length = this.ph = 0;
        resolve();
      }
      if (this.ih === this.items.length) this.items.length = this.ih = 0;
      else if (this.ih > 1024) {
        this.items = this.items.slice(this.ih);
        this.ih = 0;
      }
      return x;
    }
    return EMPTY;
  }
  /** A promise of the next item: already resolved if one is there, else parked. */
  get() {
    const x = this.tryGet();
    return x !== EMPTY ? Promise.resolve(x) : new Promise((resolve) => this.getters.push(resolve));
  }
}
