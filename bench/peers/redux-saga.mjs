// bench/peers/redux-saga.mjs: the workloads in redux-saga 1.x, outside a store (runSaga), with
// module-level sagas: spawn/join for tasks (`spawn` is the detached fork, as yieldfrom's spawn is
// asyncio's create_task: an attached `fork` also files every running child in its parent's queue,
// which removes each finished one by a linear search), call for delegation, channels with an
// expanding buffer (unbounded). A put into an unbounded channel never waits, so it is the channel's
// own synchronous `put` method rather than a `put` effect. redux-saga has no channel whose put
// waits (a full `buffers.fixed` throws): the bounded queue below counts its items and parks a
// producer that finds it full in a take on a second channel, until a consumer makes room.
import { buffers, channel, runSaga } from 'redux-saga';
import { call, delay, join, spawn, take } from 'redux-saga/effects';

const runS = (saga, ...args) => runSaga({ onError: () => {} }, saga, ...args).toPromise();

class BoundedQueue {
  constructor(max) {
    this.max = max;
    this.size = 0; // items put and not yet taken
    this.items = channel(buffers.expanding());
    this.room = channel(buffers.expanding());
    this.waiting = 0; // producers parked in a take on `room`
  }
  /** Puts x (to a parked consumer, if one waits) if there is room, and says whether it did. */
  offer(x) {
    if (this.size >= this.max) return false;
    this.size++;
    this.items.put(x);
    return true;
  }
  /** The effect a producer that found the queue full waits on. */
  waitForRoom() {
    this.waiting++;
    return take(this.room);
  }
  /** A consumer took an item: room for one more, and the first parked producer may go on. */
  taken() {
    this.size--;
    if (this.waiting !== 0) {
      this.waiting--;
      this.room.put(true);
    }
  }
}

function* pinger(c1, c2, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    c1.put(i);
    s += yield take(c2);
  }
  return s;
}
function* ponger(c1, c2, n) {
  for (let i = 0; i < n; i++) c2.put(yield take(c1));
}
function* pingpongMain(n) {
  const c1 = channel(buffers.expanding());
  const c2 = channel(buffers.expanding());
  const a = yield spawn(pinger, c1, c2, n);
  const b = yield spawn(ponger, c1, c2, n);
  yield join(b);
  return yield join(a);
}
export const pingpong = (n) => runS(pingpongMain, n);

function* child(i) {
  return i;
}
function* spawnMain(n) {
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = yield spawn(child, i);
  let s = 0;
  for (let i = 0; i < n; i++) s += yield join(ts[i]);
  return s;
}
export const spawnJoin = (n) => runS(spawnMain, n);

function* producer(q, base, per) {
  for (let i = 0; i < per; i++) while (!q.offer(base + i)) yield q.waitForRoom();
  return 0;
}
function* consumer(q, per) {
  let s = 0;
  for (let i = 0; i < per; i++) {
    s += yield take(q.items);
    q.taken();
  }
  return s;
}
function* fanInMain(n) {
  const q = new BoundedQueue(16);
  const per = n / 4;
  const ts = [];
  for (let k = 0; k < 4; k++) {
    ts.push(yield spawn(producer, q, k * per, per));
    ts.push(yield spawn(consumer, q, per));
  }
  let s = 0;
  for (const t of ts) s += yield join(t);
  return s;
}
export const fanin = (n) => runS(fanInMain, n);

function* level(c1, c2, n, depth) {
  return depth === 1 ? yield call(pinger, c1, c2, n) : yield call(level, c1, c2, n, depth - 1);
}
function* roundTripMain(n, depth) {
  const c1 = channel(buffers.expanding());
  const c2 = channel(buffers.expanding());
  const a = yield spawn(level, c1, c2, n, depth);
  const b = yield spawn(ponger, c1, c2, n);
  yield join(b);
  return yield join(a);
}
export const roundTrip = (n, depth) => runS(roundTripMain, n, depth);

// The step's effect is made once and run n times, as the other peers' done future (or settled
// promise, or Exit) is.
const step = call(() => 1);
function* stepsMain(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += yield step;
  return s;
}
export const steps = (n) => runS(stepsMain, n);

let woke = 0;
function* sleeper() {
  yield delay(1);
  woke++;
}
function* sleepMain(n) {
  woke = 0;
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = yield spawn(sleeper);
  for (let i = 0; i < n; i++) yield join(ts[i]);
  return woke;
}
export const sleep1ms = (n) => runS(sleepMain, n);

function* rProducer(q) {
  for (let i = 0; i < 5; i++) while (!q.offer(i)) yield q.waitForRoom();
}
function* rConsumer(q) {
  let s = 0;
  for (let i = 0; i < 5; i++) {
    s += yield take(q.items);
    q.taken();
  }
  return s;
}
// Gives up its turn once: a yielded promise suspends the saga until it settles (a microtask);
// delay(0) would be a setTimeout, at least 1 ms in Node.
const settled = Promise.resolve();
function* rTicker() {
  yield settled;
}
function* repeatMain() {
  const q = new BoundedQueue(2);
  const p = yield spawn(rProducer, q);
  const c = yield spawn(rConsumer, q);
  const t = yield spawn(rTicker);
  yield join(p);
  yield join(t);
  return yield join(c);
}
export const repeatOnce = () => runS(repeatMain);

function* rec(n) {
  return n === 0 ? 0 : 1 + (yield call(rec, n - 1));
}
export const depth = (d) => runS(rec, d);
