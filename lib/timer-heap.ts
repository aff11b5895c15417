// timer-heap.ts: the loop's timers, min-heaps on deadline. Two orders:
// - HeapqTimers (`timers: 'cpython'`): a binary heap compared by deadline only, with exactly
//   CPython's heapq sift routines, so equal deadlines come out in CPython's order.
// - FifoTimers (default): a 4-ary heap compared by (deadline, arrival), so ties fire FIFO. With
//   a total order any correct heap pops the same sequence; 4-ary halves the depth and keeps the
//   children of a node in one cache line.
// Why parallel arrays: deadlines and arrival numbers sit in typed arrays, so a sift compares
// numbers in contiguous memory instead of chasing a pointer per comparison.
// A loop is given an order (fifoTimers or cpythonTimers), so a program bundles only the heap it uses.

import { keepResident } from './resident.js';

/**
 * What the heaps hold: a timer that can be cancelled (a TimerHandle), or a sleeping task, which is
 * its own timer entry. The heap keeps each entry's arrival number beside it, so an entry can tell
 * whether the one at a given position is still live: a task sleeps many times, and an entry of a
 * sleep that already ended stays in the heap until it is dropped (CPython's lazy removal). @internal
 */
export interface TimerEntry {
  /** True if the entry with arrival number `seq` will never fire (cancelled, or a sleep that ended). */
  _stale(seq: number): boolean;
  /** The heap dropped a stale entry. */
  _unscheduled(): void;
}

const NO_TIMES = new Float64Array(0);

/** Storage and the operations both heaps share. @internal */
export abstract class TimerHeap<T extends TimerEntry = TimerEntry> {
  protected items: (T | undefined)[] = [];
  // Why empty until the first timer: a loop that never sets one (many a runSync in a test suite)
  // should not pay for two typed arrays.
  protected whens: Float64Array = NO_TIMES;
  protected seqs: Float64Array = NO_TIMES;
  protected n = 0;

  get length(): number {
    return this.n;
  }

  /** The earliest deadline (only when length > 0). */
  peekWhen(): number {
    return this.whens[0]!;
  }

  /** The earliest timer's arrival number (only when length > 0; exploration names timers by it). */
  peekSeq(): number {
    return this.seqs[0]!;
  }

  /** True if the earliest timer is stale (only when length > 0). */
  peekStale(): boolean {
    return this.items[0]!._stale(this.seqs[0]!);
  }

  /** Adds a timer due at `when`; `seq` is its arrival number. */
  push(item: T, when: number, seq: number): void {
    const n = this.n;
    if (n === this.whens.length) this.#grow();
    this.items[n] = item;
    this.whens[n] = when;
    this.seqs[n] = seq;
    this.n = n + 1;
    this.siftTowardsRoot(0, n);
  }

  /** Removes and returns the earliest timer (only when length > 0). */
  pop(): T {
    const n = --this.n;
    const items = this.items;
    const last = items[n]!;
    items[n] = undefined;
    if (n === 0) return last;
    const top = items[0]!;
    items[0] = last;
    this.whens[0] = this.whens[n]!;
    this.seqs[0] = this.seqs[n]!;
    this.siftTowardsLeaves(0);
    return top;
  }

  clear(): void {
    this.items = [];
    this.n = 0;
  }

  /** Drops every cancelled timer and restores the heap property (CPython's heapify). */
  removeCancelled(): void {
    const { items, whens, seqs } = this;
    let n = 0;
    for (let i = 0; i < this.n; i++) {
      const h = items[i]!;
      if (h._stale(seqs[i]!)) h._unscheduled();
      else {
        items[n] = h;
        whens[n] = whens[i]!;
        seqs[n] = seqs[i]!;
        n++;
      }
    }
    for (let i = n; i < this.n; i++) items[i] = undefined;
    this.n = n;
    this.heapify();
  }

  protected abstract siftTowardsRoot(startpos: number, pos: number): void;
  protected abstract siftTowardsLeaves(pos: number): void;
  protected abstract heapify(): void;

  /** Moves entry `from` to slot `to`. */
  protected move(from: number, to: number): void {
    this.items[to] = this.items[from];
    this.whens[to] = this.whens[from]!;
    this.seqs[to] = this.seqs[from]!;
  }

  #grow(): void {
    const cap = Math.max(64, this.whens.length * 2);
    const w = new Float64Array(cap);
    w.set(this.whens);
    this.whens = w;
    const s = new Float64Array(cap);
    s.set(this.seqs);
    this.seqs = s;
  }
}

/** CPython's heapq, exactly: compare by deadline only. @internal */
export class HeapqTimers<T extends TimerEntry = TimerEntry> extends TimerHeap<T> {
  // heapq's _siftdown: moves the item at pos up towards startpos while it is less than its parent.
  protected siftTowardsRoot(startpos: number, pos: number): void {
    const { items, whens, seqs } = this;
    const item = items[pos];
    const w = whens[pos]!;
    const s = seqs[pos]!;
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      if (w < whens[parentpos]!) {
        this.move(parentpos, pos);
        pos = parentpos;
        continue;
      }
      break;
    }
    items[pos] = item;
    whens[pos] = w;
    seqs[pos] = s;
  }

  // heapq's _siftup: moves the smaller child up until a leaf is reached, then sifts the item back.
  protected siftTowardsLeaves(pos: number): void {
    const { items, whens, seqs } = this;
    const endpos = this.n;
    const startpos = pos;
    const item = items[pos];
    const w = whens[pos]!;
    const s = seqs[pos]!;
    let childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const rightpos = childpos + 1;
      if (rightpos < endpos && !(whens[childpos]! < whens[rightpos]!)) childpos = rightpos;
      this.move(childpos, pos);
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    items[pos] = item;
    whens[pos] = w;
    seqs[pos] = s;
    this.siftTowardsRoot(startpos, pos);
  }

  protected heapify(): void {
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.siftTowardsLeaves(i);
  }
}

/** A 4-ary heap on (deadline, arrival): equal deadlines fire in the order they were scheduled. @internal */
export class FifoTimers<T extends TimerEntry = TimerEntry> extends TimerHeap<T> {
  protected siftTowardsRoot(startpos: number, pos: number): void {
    const { items, whens, seqs } = this;
    const item = items[pos];
    const w = whens[pos]!;
    const s = seqs[pos]!;
    while (pos > startpos) {
      const parent = (pos - 1) >> 2;
      const pw = whens[parent]!;
      if (w < pw || (w === pw && s < seqs[parent]!)) {
        this.move(parent, pos);
        pos = parent;
      } else break;
    }
    items[pos] = item;
    whens[pos] = w;
    seqs[pos] = s;
  }

  protected siftTowardsLeaves(pos: number): void {
    const { items, whens, seqs } = this;
    const n = this.n;
    const item = items[pos];
    const w = whens[pos]!;
    const s = seqs[pos]!;
    for (;;) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      // The least of up to four children.
      let best = first;
      let bw = whens[first]!;
      let bs = seqs[first]!;
      const last = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < last; c++) {
        const cw = whens[c]!;
        if (cw < bw || (cw === bw && seqs[c]! < bs)) {
          best = c;
          bw = cw;
          bs = seqs[c]!;
        }
      }
      if (bw < w || (bw === w && bs < s)) {
        this.move(best, pos);
        pos = best;
      } else break;
    }
    items[pos] = item;
    whens[pos] = w;
    seqs[pos] = s;
  }

  protected heapify(): void {
    for (let i = ((this.n - 2) >> 2); i >= 0; i--) this.siftTowardsLeaves(i);
  }
}

/**
 * What a loop's `timers` option takes: `fifoTimers` (the default) or `cpythonTimers` (or, from
 * the 'yieldfrom' entry point, their names 'fifo' and 'cpython'). Each loop makes its own heap.
 */
export interface TimerOrder {
  readonly kind: 'fifo' | 'cpython';
  /** @internal A new, empty heap for one loop. */
  _new<T extends TimerEntry>(): TimerHeap<T>;
}

/** Timers with equal deadlines fire in the order they were scheduled (the default). */
export const fifoTimers: TimerOrder = { kind: 'fifo', _new: () => new FifoTimers() };

let heapqResident = false;

/**
 * CPython's heapq order, ties included, with its clock-resolution window and its lazy removal of
 * cancelled timers, so traces compare byte for byte with CPython's.
 */
export const cpythonTimers: TimerOrder = {
  kind: 'cpython',
  _new() {
    // Why resident (resident.ts): the class's optimized code survives loops that come and go.
    if (!heapqResident) {
      heapqResident = true;
      keepResident(new HeapqTimers());
    }
    return new HeapqTimers();
  },
};
