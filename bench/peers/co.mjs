// bench/peers/co.mjs: the workloads in co 4, as its README advises: module-level generator
// functions run with co(fn, ...args); the queues of bench/queues.mjs, where a put or a get that need
// not wait is a plain call and only one that must wait yields its promise.
import co from 'co';
import { BoundedQueue, EMPTY, UnboundedQueue } from '../queues.mjs';

function* pinger(q1, q2, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    q1.put(i);
    const x = q2.tryGet();
    s += x !== EMPTY ? x : yield q2.get();
  }
  return s;
}
function* ponger(q1, q2, n) {
  for (let i = 0; i < n; i++) {
    const x = q1.tryGet();
    q2.put(x !== EMPTY ? x : yield q1.get());
  }
}
function* pingpongMain(n) {
  const q1 = new UnboundedQueue();
  const q2 = new UnboundedQueue();
  const a = co(pinger, q1, q2, n);
  const b = co(ponger, q1, q2, n);
  yield b;
  return yield a;
}
export const pingpong = (n) => co(pingpongMain, n);

function* child(i) {
  return i;
}
function* spawnMain(n) {
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = co(child, i);
  let s = 0;
  for (let i = 0; i < n; i++) s += yield ts[i];
  return s;
}
export const spawnJoin = (n) => co(spawnMain, n);

function* producer(q, base, per) {
  for (let i = 0; i < per; i++) {
    const wait = q.put(base + i);
    if (wait !== undefined) yield wait;
  }
}
function* consumer(q, per) {
  let s = 0;
  for (let i = 0; i < per; i++) {
    const x = q.tryGet();
    s += x !== EMPTY ? x : yield q.get();
  }
  return s;
}
function* fanInMain(n) {
  const q = new BoundedQueue(16);
  const per = n / 4;
  const ps = [];
  for (let k = 0; k < 4; k++) ps.push(co(producer, q, k * per, per), co(consumer, q, per));
  let s = 0;
  for (const p of ps) s += (yield p) ?? 0;
  return s;
}
export const fanin = (n) => co(fanInMain, n);

// co runs a yielded generator as a nested co: one level per `yield gen`.
function* level(q1, q2, n, depth) {
  return depth === 1 ? yield pinger(q1, q2, n) : yield level(q1, q2, n, depth - 1);
}
function* roundTripMain(n, depth) {
  const q1 = new UnboundedQueue();
  const q2 = new UnboundedQueue();
  const a = co(level, q1, q2, n, depth);
  const b = co(ponger, q1, q2, n);
  yield b;
  return yield a;
}
export const roundTrip = (n, depth) => co(roundTripMain, n, depth);

function* stepsMain(n) {
  const one = Promise.resolve(1); // a settled promise, as yieldfrom's cell awaits a done future
  let s = 0;
  for (let i = 0; i < n; i++) s += yield one;
  return s;
}
export const steps = (n) => co(stepsMain, n);

let woke = 0;
function* sleeper() {
  yield new Promise((resolve) => setTimeout(resolve, 1));
  woke++;
}
function* sleepMain(n) {
  woke = 0;
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = co(sleeper);
  for (let i = 0; i < n; i++) yield ts[i];
  return woke;
}
export const sleep1ms = (n) => co(sleepMain, n);

function* rProducer(q) {
  for (let i = 0; i < 5; i++) {
    const wait = q.put(i);
    if (wait !== undefined) yield wait;
  }
}
function* rConsumer(q) {
  let s = 0;
  for (let i = 0; i < 5; i++) {
    const x = q.tryGet();
    s += x !== EMPTY ? x : yield q.get();
  }
  return s;
}
function* rTicker() {
  yield Promise.resolve();
}
function* repeatMain() {
  const q = new BoundedQueue(2);
  const p = co(rProducer, q);
  const c = co(rConsumer, q);
  const t = co(rTicker);
  yield p;
  yield t;
  return yield c;
}
export const repeatOnce = () => co(repeatMain);

function* rec(n) {
  return n === 0 ? 0 : 1 + (yield rec(n - 1));
}
export const depth = (d) => co(rec, d);
