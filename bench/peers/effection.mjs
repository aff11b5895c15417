// bench/peers/effection.mjs: the workloads in effection 4, as its docs write them: run(), module-level
// generator functions, `yield* spawn(() => op(...))` and `yield* task` to join, createQueue()
// (add() never waits; next() does), native yield* for delegation. Effection has no bounded queue,
// so there is no fan-in cell.
import { call, createQueue, run, sleep, spawn } from 'effection';

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

export const fanin = null;

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

const one = () => 1;
function* stepsMain(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += yield* call(one);
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

// No bounded queue: the repeat program's queue is unbounded here.
function* rProducer(q) {
  for (let i = 0; i < 5; i++) q.add(i);
}
function* rConsumer(q) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += (yield* q.next()).value;
  return s;
}
function* rTicker() {
  yield* sleep(0);
}
function* repeatMain() {
  const q = createQueue();
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
