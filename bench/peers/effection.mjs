// bench/peers/effection.mjs: the workloads in effection 4, as its docs write them: run(), module-level
// generator functions, `yield* spawn(() => op(...))` and `yield* task` to join, createQueue()
// (add() never waits; next() does), native yield* for delegation. effection's queue is unbounded:
// the bounded queue below is written on its `action()` (effection's `new Promise`), put and get
// completing without a yield when they need not wait, as createQueue's next() does.
import { action, call, createQueue, run, sleep, spawn, until } from 'effection';

class BoundedQueue {
  constructor(max) {
    this.max = max;
    this.items = [];
    this.ih = 0; // head of items
    this.getters = new Set(); // resolvers of parked get()s, in arrival order
    this.putters = new Set(); // { resolve, x } of parked put()s
  }
  *put(x) {
    if (this.getters.size !== 0) {
      const resolve = this.getters.values().next().value;
      this.getters.delete(resolve);
      resolve(x);
    } else if (this.items.length - this.ih < this.max) {
      this.items.push(x);
    } else {
      yield* action((resolve) => {
        const p = { resolve, x };
        this.putters.add(p);
        return () => this.putters.delete(p);
      });
    }
  }
  *get() {
    if (this.ih === this.items.length) {
      return yield* action((resolve) => {
        this.getters.add(resolve);
        return () => this.getters.delete(resolve);
      });
    }
    const x = this.items[this.ih];
    this.items[this.ih++] = undefined;
    if (this.putters.size !== 0) {
      // Room was made: the first parked putter's item goes in, and the putter resumes.
      const p = this.putters.values().next().value;
      this.putters.delete(p);
      this.items.push(p.x);
      p.resolve();
    }
    if (this.ih === this.items.length) this.items.length = this.ih = 0;
    else if (this.ih > 1024) {
      this.items = this.items.slice(this.ih);
      this.ih = 0;
    }
    return x;
  }
}

function* pinger(q1, q2, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    q1.add(i);
    s += (yield* q2.next()).value;
  }
  return s;
}
function* ponger(q1, q2, n) {
  for (let i = 0; i < n; i++) q2.add((yield* q1.next()).value);
}
function* pingpongMain(n) {
  const q1 = createQueue();
  const q2 = createQueue();
  const a = yield* spawn(() => pinger(q1, q2, n));
  const b = yield* spawn(() => ponger(q1, q2, n));
  yield* b;
  return yield* a;
}
export const pingpong = (n) => run(() => pingpongMain(n));

function* child(i) {
  return i;
}
function* spawnMain(n) {
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = yield* spawn(() => child(i));
  let s = 0;
  for (let i = 0; i < n; i++) s += yield* ts[i];
  return s;
}
export const spawnJoin = (n) => run(() => spawnMain(n));

function* producer(q, base, per) {
  for (let i = 0; i < per; i++) yield* q.put(base + i);
  return 0;
}
function* consumer(q, per) {
  let s = 0;
  for (let i = 0; i < per; i++) s += yield* q.get();
  return s;
}
function* fanInMain(n) {
  const q = new BoundedQueue(16);
  const per = n / 4;
  const ts = [];
  for (let k = 0; k < 4; k++) {
    const base = k * per;
    ts.push(yield* spawn(() => producer(q, base, per)), yield* spawn(() => consumer(q, per)));
  }
  let s = 0;
  for (const t of ts) s += yield* t;
  return s;
}
export const fanin = (n) => run(() => fanInMain(n));

function* level(q1, q2, n, depth) {
  return depth === 1 ? yield* pinger(q1, q2, n) : yield* level(q1, q2, n, depth - 1);
}
function* roundTripMain(n, depth) {
  const q1 = createQueue();
  const q2 = createQueue();
  const a = yield* spawn(() => level(q1, q2, n, depth));
  const b = yield* spawn(() => ponger(q1, q2, n));
  yield* b;
  return yield* a;
}
export const roundTrip = (n, depth) => run(() => roundTripMain(n, depth));

// The step's effect is made once and run n times, as the other peers' done future (or settled
// promise, or Exit) is.
const step = call(() => 1);
function* stepsMain(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += yield* step;
  return s;
}
export const steps = (n) => run(() => stepsMain(n));

let woke = 0;
function* sleeper() {
  yield* sleep(1);
  woke++;
}
function* sleepMain(n) {
  woke = 0;
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = yield* spawn(sleeper);
  for (let i = 0; i < n; i++) yield* ts[i];
  return woke;
}
export const sleep1ms = (n) => run(() => sleepMain(n));

function* rProducer(q) {
  for (let i = 0; i < 5; i++) yield* q.put(i);
}
function* rConsumer(q) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += yield* q.get();
  return s;
}
// Gives up its turn once, on a settled promise (a microtask); sleep(0) would be a setTimeout, at
// least 1 ms in Node.
const settled = Promise.resolve();
function* rTicker() {
  yield* until(settled);
}
function* repeatMain() {
  const q = new BoundedQueue(2);
  const p = yield* spawn(() => rProducer(q));
  const c = yield* spawn(() => rConsumer(q));
  const t = yield* spawn(rTicker);
  yield* p;
  yield* t;
  return yield* c;
}
export const repeatOnce = () => run(repeatMain);

function* rec(n) {
  return n === 0 ? 0 : 1 + (yield* rec(n - 1));
}
export const depth = (d) => run(() => rec(d));
