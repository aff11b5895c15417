// bench/peers/effect.mjs: the workloads in Effect 4, as its docs advise for hot code: module-level
// `Effect.fnUntraced` generator functions (no span per call), forkChild/Fiber.join for tasks,
// Effect's own Queue (unbounded, and bounded(16) for the fan-in), `yield*` for delegation
// (Effect's fiber keeps the stack), runPromise at the edge.
import { Effect, Fiber, Queue } from 'effect';

const pinger = Effect.fnUntraced(function* (q1, q2, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    yield* Queue.offer(q1, i);
    s += yield* Queue.take(q2);
  }
  return s;
});
const ponger = Effect.fnUntraced(function* (q1, q2, n) {
  for (let i = 0; i < n; i++) yield* Queue.offer(q2, yield* Queue.take(q1));
});
const pingpongMain = Effect.fnUntraced(function* (n) {
  const q1 = yield* Queue.unbounded();
  const q2 = yield* Queue.unbounded();
  const a = yield* Effect.forkChild(pinger(q1, q2, n));
  const b = yield* Effect.forkChild(ponger(q1, q2, n));
  yield* Fiber.join(b);
  return yield* Fiber.join(a);
});
export const pingpong = (n) => Effect.runPromise(pingpongMain(n));

const child = (i) => Effect.succeed(i);
const spawnMain = Effect.fnUntraced(function* (n) {
  const fs = new Array(n);
  for (let i = 0; i < n; i++) fs[i] = yield* Effect.forkChild(child(i));
  let s = 0;
  for (let i = 0; i < n; i++) s += yield* Fiber.join(fs[i]);
  return s;
});
export const spawnJoin = (n) => Effect.runPromise(spawnMain(n));

const producer = Effect.fnUntraced(function* (q, base, per) {
  for (let i = 0; i < per; i++) yield* Queue.offer(q, base + i);
  return 0;
});
const consumer = Effect.fnUntraced(function* (q, per) {
  let s = 0;
  for (let i = 0; i < per; i++) s += yield* Queue.take(q);
  return s;
});
const fanInMain = Effect.fnUntraced(function* (n) {
  const q = yield* Queue.bounded(16);
  const per = n / 4;
  const fs = [];
  for (let k = 0; k < 4; k++) {
    fs.push(yield* Effect.forkChild(producer(q, k * per, per)));
    fs.push(yield* Effect.forkChild(consumer(q, per)));
  }
  let s = 0;
  for (const f of fs) s += yield* Fiber.join(f);
  return s;
});
export const fanin = (n) => Effect.runPromise(fanInMain(n));

const level = Effect.fnUntraced(function* (q1, q2, n, depth) {
  return depth === 1 ? yield* pinger(q1, q2, n) : yield* level(q1, q2, n, depth - 1);
});
const roundTripMain = Effect.fnUntraced(function* (n, depth) {
  const q1 = yield* Queue.unbounded();
  const q2 = yield* Queue.unbounded();
  const a = yield* Effect.forkChild(level(q1, q2, n, depth));
  const b = yield* Effect.forkChild(ponger(q1, q2, n));
  yield* Fiber.join(b);
  return yield* Fiber.join(a);
});
export const roundTrip = (n, depth) => Effect.runPromise(roundTripMain(n, depth));

const one = Effect.succeed(1);
const stepsMain = Effect.fnUntraced(function* (n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += yield* one;
  return s;
});
export const steps = (n) => Effect.runPromise(stepsMain(n));

let woke = 0;
const nap = Effect.sleep(1); // 1 ms, made once (an effect is a value): no duration to parse per task
const sleeper = Effect.fnUntraced(function* () {
  yield* nap;
  woke++;
});
const sleepMain = Effect.fnUntraced(function* (n) {
  woke = 0;
  const fs = new Array(n);
  for (let i = 0; i < n; i++) fs[i] = yield* Effect.forkChild(sleeper());
  for (let i = 0; i < n; i++) yield* Fiber.join(fs[i]);
  return woke;
});
export const sleep1ms = (n) => Effect.runPromise(sleepMain(n));

const rProducer = Effect.fnUntraced(function* (q) {
  for (let i = 0; i < 5; i++) yield* Queue.offer(q, i);
});
const rConsumer = Effect.fnUntraced(function* (q) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += yield* Queue.take(q);
  return s;
});
const rTicker = Effect.fnUntraced(function* () {
  yield* Effect.yieldNow;
});
const repeatMain = Effect.fnUntraced(function* () {
  const q = yield* Queue.bounded(2);
  const p = yield* Effect.forkChild(rProducer(q));
  const c = yield* Effect.forkChild(rConsumer(q));
  const t = yield* Effect.forkChild(rTicker());
  yield* Fiber.join(p);
  yield* Fiber.join(t);
  return yield* Fiber.join(c);
});
export const repeatOnce = () => Effect.runPromise(repeatMain());

const rec = Effect.fnUntraced(function* (n) {
  return n === 0 ? 0 : 1 + (yield* rec(n - 1));
});
export const depth = (d) => Effect.runPromise(rec(d));
