// bench/peers/yieldfrom.mjs: the workloads in yieldfrom, as its README advises: module-level
// generator functions, `spawn(fn, ...args)`, `yield*` for effects, `yield gen` for delegation,
// `runSync` (virtual clock) or `run` (real clock).
import { Future, Queue, run, runSync, sleep, spawn } from '../../dist/index.js';

function* pinger(q1, q2, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    yield* q1.put(i);
    s += yield* q2.get();
  }
  return s;
}
function* ponger(q1, q2, n) {
  for (let i = 0; i < n; i++) yield* q2.put(yield* q1.get());
}
export function* pingpongMain(n) {
  const q1 = new Queue();
  const q2 = new Queue();
  const a = yield* spawn(pinger, q1, q2, n);
  const b = yield* spawn(ponger, q1, q2, n);
  yield* b;
  return yield* a;
}
export const pingpong = (n) => runSync(pingpongMain(n));

function* child(i) {
  return i;
}
export function* spawnMain(n) {
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = yield* spawn(child, i);
  let s = 0;
  for (let i = 0; i < n; i++) s += yield* ts[i];
  return s;
}
export const spawnJoin = (n) => runSync(spawnMain(n));

function* producer(q, base, per) {
  for (let i = 0; i < per; i++) yield* q.put(base + i);
}
function* consumer(q, per) {
  let s = 0;
  for (let i = 0; i < per; i++) s += yield* q.get();
  return s;
}
export function* fanInMain(n) {
  const q = new Queue(16);
  const per = n / 4;
  const ts = [];
  for (let k = 0; k < 4; k++) {
    ts.push(yield* spawn(producer, q, k * per, per));
    ts.push(yield* spawn(consumer, q, per));
  }
  let s = 0;
  for (const t of ts) s += (yield* t) ?? 0;
  return s;
}
export const fanin = (n) => runSync(fanInMain(n));

// The pinging task runs `depth` levels of `yield gen` below its own generator.
function* level(q1, q2, n, depth) {
  return depth === 1 ? yield pinger(q1, q2, n) : yield level(q1, q2, n, depth - 1);
}
function* roundTripMain(n, depth) {
  const q1 = new Queue();
  const q2 = new Queue();
  const a = yield* spawn(level, q1, q2, n, depth);
  const b = yield* spawn(ponger, q1, q2, n);
  yield* b;
  return yield* a;
}
export const roundTrip = (n, depth) => runSync(roundTripMain(n, depth));

function* stepsMain(n) {
  const f = new Future();
  f.setResult(1);
  let s = 0;
  for (let i = 0; i < n; i++) s += yield* f;
  return s;
}
export const steps = (n) => runSync(stepsMain(n));

let woke = 0;
function* sleeper(seconds) {
  yield* sleep(seconds);
  woke++;
}
function* sleepMain(n) {
  woke = 0;
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = yield* spawn(sleeper, 0.001);
  for (let i = 0; i < n; i++) yield* ts[i];
  return woke;
}
export const sleep1ms = (n) => run(sleepMain(n));

// Distinct deadlines in (0, 1] s, in scrambled order (7919 is prime to 1e6): every timer is its own.
function* virtualMain(n) {
  woke = 0;
  for (let i = 0; i < n; i++) yield* spawn(sleeper, (((i * 7919) % n) + 1) / n);
  yield* sleep(2);
  return woke;
}
export const virtual = (n) => runSync(virtualMain(n));

// The repeat cell's small program: a producer and a consumer through a queue of 2, and a task
// that gives up its turn once; joined, as a test would.
function* rProducer(q) {
  for (let i = 0; i < 5; i++) yield* q.put(i);
}
function* rConsumer(q) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += yield* q.get();
  return s;
}
function* rTicker() {
  yield* sleep(0);
}
function* repeatMain() {
  const q = new Queue(2);
  const p = yield* spawn(rProducer, q);
  const c = yield* spawn(rConsumer, q);
  const t = yield* spawn(rTicker);
  yield* p;
  yield* t;
  return yield* c;
}
export const repeatOnce = () => runSync(repeatMain());

function* rec(n) {
  return n === 0 ? 0 : 1 + (yield rec(n - 1));
}
export const depth = (d) => runSync(rec(d));

// ---- memory (node --expose-gc): heap per task, measured inside the loop ----
const settle = () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
};
function* parked() {
  yield* sleep(10);
}
function* finished() {}
function* bare() {
  yield 1;
}
// The handles go into a module-level array made before the first measurement (so its slots are
// not counted, and V8 cannot drop it as a dead local before the second).
let keep = [];
function* memoryMain(n, kind) {
  yield* sleep(0); // (the loop has stepped once, so nothing of a previous loop is still referenced)
  settle();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) keep[i] = yield* spawn(kind === 'sleeping' ? parked : finished);
  yield* sleep(0); // every task has taken its first step: parked in its sleep, or finished
  settle();
  return (process.memoryUsage().heapUsed - before) / n;
}
export function memory(n, kind) {
  keep = new Array(n).fill(null);
  let bytes;
  if (kind === 'generator') {
    settle();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) {
      keep[i] = bare();
      keep[i].next();
    }
    settle();
    bytes = (process.memoryUsage().heapUsed - before) / n;
  } else {
    bytes = runSync(memoryMain(n, kind));
  }
  if (keep.length !== n || keep[n - 1] === null) throw new Error('memory: the handles were not kept');
  keep = [];
  return bytes;
}
