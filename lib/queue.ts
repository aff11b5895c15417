// queue.ts: Queue, PriorityQueue and LifoQueue, as asyncio's (CPython 3.13, with shutdown).
// put/get are effects: when they need not wait they complete inside the handler without giving
// up the turn and without allocating; when they must wait, the handler delegates to a coroutine
// that follows CPython's algorithm step for step (a future per waiter, woken FIFO), so traces
// match CPython's. Why the wake-up is passed on: a getter cancelled after being woken must not
// swallow the wake-up, or an item would sit in the queue while another getter sleeps.

import { EagerEffect } from './effects.js';
import { NEXT, THROW } from './trampoline.js';
import { CancelledError, QueueEmpty, QueueFull, QueueShutDown, ValueError } from './errors.js';
import { Event } from './event.js';
import { short } from './future.js';
import type { EventLoop } from './loop.js';
import { SUSPEND, type Task } from './task.js';
import { removeFrom, type WaitLabel } from './waiters.js';
import { NOT_NOW } from './yield-once.js';
import { keepResident } from './resident.js';

/**
 * `{ type: 'get', queue }`: take an item, waiting while the queue is empty.
 * @example
 * const item = yield* queue.get(); // yields { type: 'get', queue }
 */
export class GetEffect<T = unknown> extends EagerEffect<T> {
  readonly type = 'get' as const;
  constructor(readonly queue: Queue<T>) {
    super();
  }
  override toString(): string {
    return `get(${String(this.queue)})`;
  }
  /** @internal */
  override _handle(task: Task, loop: EventLoop): unknown {
    return handleGet(this, task, loop);
  }
  /** @internal handleGet's path that does not wait. */
  override _eager(_loop: EventLoop): unknown {
    const q = this.queue;
    return q instanceof Queue && !q.empty() ? q._getNow() : NOT_NOW;
  }
  /** @internal The waiting task was woken: CPython's get() loop, from its `await getter`. */
  override _rewake(task: Task, loop: EventLoop, throwing: boolean, wokeNormally: boolean): unknown {
    if (!throwing) return handleGet(this, task, loop);
    const q = this.queue;
    removeFrom(q._getters, task);
    // Why: woken by a put, then cancelled before running: pass the wake-up on, so no item is lost.
    if (wokeNormally && !q.empty()) wakeNext(q._getters);
    return NOT_NOW;
  }
  /** @internal Cancelling the waiting task wakes it with CancelledError (its step then cleans up). */
  _cancelWait(task: Task, msg: string | undefined): boolean {
    return cancelWait(task, msg);
  }
  /** @internal For deadlock reports and traces. */
  _waitLabel(): WaitLabel {
    return { owner: this.queue, op: 'get' };
  }
}

/**
 * `{ type: 'put', queue, item }`: add an item, waiting while the queue is full.
 * @example
 * yield* queue.put(item); // yields { type: 'put', queue, item }
 */
export class PutEffect<T = unknown> extends EagerEffect<void> {
  readonly type = 'put' as const;
  constructor(
    readonly queue: Queue<T>,
    readonly item: T,
  ) {
    super();
  }
  override toString(): string {
    return `put(${String(this.queue)}, ${short(this.item)})`;
  }
  /** @internal */
  override _handle(task: Task, loop: EventLoop): unknown {
    return handlePut(this, task, loop);
  }
  /** @internal handlePut's path that does not wait. */
  override _eager(_loop: EventLoop): unknown {
    const q = this.queue;
    return q instanceof Queue && !q.full() && !q.isShutdown() ? q._putNow(this.item) : NOT_NOW;
  }
  /** @internal The waiting task was woken: CPython's put() loop, from its `await putter`. */
  override _rewake(task: Task, loop: EventLoop, throwing: boolean, wokeNormally: boolean): unknown {
    if (!throwing) return handlePut(this, task, loop);
    const q = this.queue;
    removeFrom(q._putters, task);
    // Why: woken by a get, then cancelled before running: pass the wake-up on.
    if (wokeNormally && !q.full()) wakeNext(q._putters);
    return NOT_NOW;
  }
  /** @internal */
  _cancelWait(task: Task, msg: string | undefined): boolean {
    return cancelWait(task, msg);
  }
  /** @internal For deadlock reports and traces. */
  _waitLabel(): WaitLabel {
    return { owner: this.queue, op: 'put' };
  }
}

function cancelWait(task: Task, msg: string | undefined): boolean {
  task._wake(THROW, new CancelledError(msg ?? ''));
  return true;
}

/**
 * Wakes the first task in `waiters` that still waits (CPython's `_wakeup_next` on the queue's
 * getter or putter futures). Why tasks, not futures: a blocked put/get costs no allocation when
 * the task is its own waiter; a task that was already woken (by cancellation) is dropped here,
 * as CPython drops a done future. @internal
 */
function wakeNext(waiters: Task[]): void {
  while (waiters.length !== 0) {
    const t = waiters.shift()!;
    if (!t._isScheduled() && t._waitOn !== null) {
      t._wake(NEXT, undefined);
      return;
    }
  }
}

/**
 * A FIFO queue for tasks, as `asyncio.Queue`. `maxsize` 0 means unbounded.
 * @example
 * const q = new Queue<string>(16);
 * yield* q.put('bread');          // waits while full
 * const bread = yield* q.get();   // waits while empty; typed
 * q.taskDone();
 */
export class Queue<T = unknown> {
  /** A name for deadlock reports and traces. */
  name: string | undefined = undefined;
  readonly #maxsize: number;
  /** @internal Tasks blocked in get(), in arrival order (each is its own waiter). */ readonly _getters: Task[] = [];
  /** @internal Tasks blocked in put(). */ readonly _putters: Task[] = [];
  #unfinished = 0;
  readonly #finished = new Event();
  #shutdown = false;

  constructor(maxsize = 0) {
    if (!residentsMade) makeResidents();
    if (!Number.isInteger(maxsize) || maxsize < 0) {
      throw new TypeError(`${this.constructor.name}(maxsize): expected a non-negative integer, got ${short(maxsize)}`);
    }
    this.#maxsize = maxsize;
    this.#finished.set();
    this.#finished._joinOf = this;
  }

  // ---- storage: the three queue kinds differ only here ----
  /** @internal */ protected _items: T[] = [];
  /** @internal */ protected _head = 0;
  /** @internal */ protected _put(item: T): void {
    this._items.push(item);
  }
  /** @internal */ protected _get(): T {
    // A moving head keeps get() O(1); the array is compacted when half of it is dead.
    const item = this._items[this._head]!;
    this._items[this._head++] = undefined as T;
    if (this._head > 32 && this._head * 2 > this._items.length) {
      this._items = this._items.slice(this._head);
      this._head = 0;
    }
    return item;
  }
  /** @internal The put effect's handler (the kernel's table calls it through the queue). */
  _handlePut(e: PutEffect<T>, task: Task, loop: EventLoop): unknown {
    // A plain { type: 'put' } object is carried out as the effect class it spells.
    return handlePut(e instanceof PutEffect ? e : new PutEffect(this, (e as { item: T }).item), task, loop);
  }

  /** @internal The get effect's handler. */
  _handleGet(e: GetEffect<T>, task: Task, loop: EventLoop): unknown {
    return handleGet(e instanceof GetEffect ? e : new GetEffect(this), task, loop);
  }

  /** Number of items in the queue. */
  qsize(): number {
    return this._items.length - this._head;
  }

  /** The queue's bound (0 = unbounded). */
  get maxsize(): number {
    return this.#maxsize;
  }

  /** True if the queue holds no item. */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /** True if the queue holds maxsize items (never, for an unbounded queue). */
  full(): boolean {
    return this.#maxsize > 0 && this.qsize() >= this.#maxsize;
  }

  /** True once `shutdown()` was called. */
  isShutdown(): boolean {
    return this.#shutdown;
  }

  /**
   * Puts an item, waiting while the queue is full (an effect: `yield* q.put(x)` or `yield q.put(x)`).
   * Raises QueueShutDown if the queue is or gets shut down.
   */
  put(item: T): PutEffect<T> {
    return new PutEffect(this, item);
  }

  /** Takes an item, waiting while the queue is empty (an effect: `const x = yield* q.get()`). */
  get(): GetEffect<T> {
    return new GetEffect(this);
  }

  /** Puts an item at once; QueueFull if the queue is full, QueueShutDown after shutdown. */
  putNowait(item: T): void {
    if (this.#shutdown) throw new QueueShutDown(`${this.constructor.name}.putNowait(): the queue is shut down`);
    if (this.full()) throw new QueueFull(`${this.constructor.name}.putNowait(): the queue is full (maxsize ${this.#maxsize})`);
    this._putNow(item);
  }

  /** @internal putNowait() once its checks passed (the put effect has made them). */
  _putNow(item: T): void {
    this._put(item);
    this.#unfinished++;
    this.#finished.clear();
    wakeNext(this._getters);
  }

  /** @internal getNowait() once the queue is known not to be empty. */
  _getNow(): T {
    const item = this._get();
    wakeNext(this._putters);
    return item;
  }

  /** Takes an item at once; QueueEmpty if there is none (QueueShutDown if shut down and empty). */
  getNowait(): T {
    if (this.empty()) {
      if (this.#shutdown) throw new QueueShutDown(`${this.constructor.name}.getNowait(): the queue is shut down and empty`);
      throw new QueueEmpty(`${this.constructor.name}.getNowait(): the queue is empty`);
    }
    return this._getNow();
  }

  /** Marks one item as processed; `join()` returns once every item put has been marked. */
  taskDone(): void {
    if (this.#unfinished <= 0) {
      throw new ValueError(`${this.constructor.name}.taskDone(): called more times than there were items put`);
    }
    this.#unfinished--;
    if (this.#unfinished === 0) this.#finished.set();
  }

  /** Waits until every item put has been marked with taskDone(). */
  *join(): Generator<unknown, void, any> {
    if (this.#unfinished > 0) yield* this.#finished.wait();
  }

  /**
   * Shuts the queue down: puts raise QueueShutDown from now on, and so do gets once the queue
   * is empty. With `immediate`, the remaining items are dropped (and counted as done for join).
   * Every blocked putter and getter is woken to re-check.
   */
  shutdown(immediate = false): void {
    this.#shutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._get();
        if (this.#unfinished > 0) this.#unfinished--;
      }
      if (this.#unfinished === 0) this.#finished.set();
    }
    for (const waiters of [this._getters, this._putters]) {
      while (waiters.length !== 0) wakeNext(waiters);
    }
  }

  toString(): string {
    return `<${this.constructor.name} maxsize=${this.#maxsize} qsize=${this.qsize()}${this._getters.length ? ` getters=${this._getters.length}` : ''}${this._putters.length ? ` putters=${this._putters.length}` : ''}${this.#shutdown ? ' shutdown' : ''}>`;
  }
}

// The handlers are CPython's put()/get() loops, unrolled: a blocked task is its own waiter (it
// sits in the queue's list, and its _waitOn is the effect); when it wakes, its step carries the
// effect out again, or cleans up if it was cancelled (the effect's _rewake, CPython's `except:`
// block). No future and no coroutine frame is allocated for a blocking put or get.

/** Handler for `put`: completes at once when there is room (CPython's put() does not yield then). @internal */
export function handlePut(e: PutEffect, task: Task, _loop: EventLoop): unknown {
  const q = e.queue;
  if (!(q instanceof Queue)) throw new TypeError(`put: expected a Queue, got ${short(q)}`);
  if (!q.full()) return q.putNowait(e.item);
  if (q.isShutdown()) throw new QueueShutDown(`${q.constructor.name}.put(): the queue is shut down`);
  q._putters.push(task);
  task._waitOn = e;
  return SUSPEND;
}

/** Handler for `get`: completes at once when an item is there. @internal */
export function handleGet(e: GetEffect, task: Task, _loop: EventLoop): unknown {
  const q = e.queue;
  if (!(q instanceof Queue)) throw new TypeError(`get: expected a Queue, got ${short(q)}`);
  if (!q.empty()) return q._getNow();
  if (q.isShutdown()) throw new QueueShutDown(`${q.constructor.name}.get(): the queue is shut down and empty`);
  q._getters.push(task);
  task._waitOn = e;
  return SUSPEND;
}

/**
 * A queue that returns the smallest item first (a binary heap), as `asyncio.PriorityQueue`.
 * Items are compared with `<` unless a `compare(a, b)` function is given (negative: a first).
 * @example
 * const q = new PriorityQueue<[number, string]>(0, (a, b) => a[0] - b[0]);
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  readonly #compare: (a: T, b: T) => number;
  constructor(maxsize = 0, compare?: (a: T, b: T) => number) {
    super(maxsize);
    if (compare !== undefined && typeof compare !== 'function') {
      throw new TypeError(`PriorityQueue(compare): expected a function, got ${short(compare)}`);
    }
    this.#compare = compare ?? ((a, b) => (a < b ? -1 : b < a ? 1 : 0));
  }
  // heapq's heappush/heappop (the same sift routines), so equal priorities come out in CPython's order.
  /** @internal */ protected override _put(item: T): void {
    const h = this._items;
    h.push(item);
    this.#siftDown(0, h.length - 1);
  }
  /** @internal */ protected override _get(): T {
    const h = this._items;
    const last = h.pop()!;
    if (h.length === 0) return last;
    const top = h[0]!;
    h[0] = last;
    this.#siftUp(0);
    return top;
  }
  #less(a: T, b: T): boolean {
    return this.#compare(a, b) < 0;
  }
  #siftDown(start: number, pos: number): void {
    const h = this._items;
    const item = h[pos]!;
    while (pos > start) {
      const parent = (pos - 1) >> 1;
      if (this.#less(item, h[parent]!)) {
        h[pos] = h[parent]!;
        pos = parent;
      } else break;
    }
    h[pos] = item;
  }
  #siftUp(pos: number): void {
    const h = this._items;
    const end = h.length;
    const start = pos;
    const item = h[pos]!;
    let child = 2 * pos + 1;
    while (child < end) {
      if (child + 1 < end && !this.#less(h[child]!, h[child + 1]!)) child++;
      h[pos] = h[child]!;
      pos = child;
      child = 2 * pos + 1;
    }
    h[pos] = item;
    this.#siftDown(start, pos);
  }
}

/**
 * A queue that returns the most recently added item first, as `asyncio.LifoQueue`.
 * @example
 * const stack = new LifoQueue<number>(); stack.putNowait(1); stack.putNowait(2); stack.getNowait(); // 2
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  /** @internal */ protected override _get(): T {
    return this._items.pop()!;
  }
}


// Residents (see resident.ts), made with the first queue: a queue and its put/get effects.
let residentsMade = false;
function makeResidents(): void {
  residentsMade = true;
  const q = new Queue<unknown>();
  keepResident(q, new GetEffect(q), new PutEffect(q, 0));
}
