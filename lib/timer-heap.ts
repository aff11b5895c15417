// timer-heap.ts: the loop's timers, a binary min-heap on deadline.
// The sift routines are the same algorithm as CPython's heapq (siftdown/siftup, "bottom-up"),
// so with `timers: 'cpython'` (compare by deadline only) equal deadlines come out in exactly
// CPython's order. The default mode compares (deadline, arrival order): ties fire FIFO.

import type { TimerHandle } from './handle.js';

/** The timer heap. @internal */
export class TimerHeap {
  readonly items: TimerHandle[] = [];
  readonly #fifoTies: boolean;

  constructor(fifoTies: boolean) {
    this.#fifoTies = fifoTies;
  }

  get length(): number {
    return this.items.length;
  }

  #less(a: TimerHandle, b: TimerHandle): boolean {
    return a.when < b.when || (this.#fifoTies && a.when === b.when && a._seq < b._seq);
  }

  push(item: TimerHandle): void {
    this.items.push(item);
    this.#siftDown(0, this.items.length - 1);
  }

  pop(): TimerHandle {
    const heap = this.items;
    const last = heap.pop()!;
    if (heap.length === 0) return last;
    const top = heap[0]!;
    heap[0] = last;
    this.#siftUp(0);
    return top;
  }

  /** Drops every cancelled timer and restores the heap property (CPython's heapify). */
  removeCancelled(): void {
    const heap = this.items;
    let n = 0;
    for (const h of heap) {
      if (h._cancelled) h._scheduled = false;
      else heap[n++] = h;
    }
    heap.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.#siftUp(i);
  }

  // Moves the item at pos up towards startpos while it is less than its parent.
  #siftDown(startpos: number, pos: number): void {
    const heap = this.items;
    const item = heap[pos]!;
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      const parent = heap[parentpos]!;
      if (this.#less(item, parent)) {
        heap[pos] = parent;
        pos = parentpos;
        continue;
      }
      break;
    }
    heap[pos] = item;
  }

  // Moves the smaller child up until a leaf is reached, then sifts the item into place.
  #siftUp(pos: number): void {
    const heap = this.items;
    const endpos = heap.length;
    const startpos = pos;
    const item = heap[pos]!;
    let childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const rightpos = childpos + 1;
      if (rightpos < endpos && !this.#less(heap[childpos]!, heap[rightpos]!)) childpos = rightpos;
      heap[pos] = heap[childpos]!;
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    heap[pos] = item;
    this.#siftDown(startpos, pos);
  }
}
