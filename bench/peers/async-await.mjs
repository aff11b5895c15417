// bench/peers/async-await.mjs: the workloads in native async/await, as its strongest users write
// them: module-level async functions, and the queues of bench/queues.mjs (a synchronous put that
// resolves the parked getter directly; resolvers in arrays with a head index). A put or a get
// that need not wait is a plain call; only one that must wait is awaited.
import { BoundedQueue, EMPTY, UnboundedQueue } from '../queues.mjs';

async function pinger(q1, q2, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    q1.put(i);
    const x = q2.tryGet();
    s += x !== EMPTY ? x : await q2.get();
  }
  return s;
}
async function ponger(q1, q2, n) {
  for (let i = 0; i < n; i++) {
    const x = q1.tryGet();
    q2.put(x !== EMPTY ? x : await q1.get());
  }
}
export async function pingpong(n) {
  const q1 = new UnboundedQueue();
  const q2 = new UnboundedQueue();
  const a = pinger(q1, q2, n);
  const b = ponger(q1, q2, n);
  await b;
  return a;
}

async function child(i) {
  return i;
}
export async function spawnJoin(n) {
  const ps = new Array(n);
  for (let i = 0; i < n; i++) ps[i] = child(i);
  let s = 0;
  for (let i = 0; i < n; i++) s += await ps[i];
  return s;
}

async function producer(q, base, per) {
  for (let i = 0; i < per; i++) {
    const wait = q.put(base + i);
    if (wait !== undefined) await wait;
  }
}
async function consumer(q, per) {
  let s = 0;
  for (let i = 0; i < per; i++) {
    const x = q.tryGet();
    s += x !== EMPTY ? x : await q.get();
  }
  return s;
}
export async function fanin(n) {
  const q = new BoundedQueue(16);
  const per = n / 4;
  const ps = [];
  for (let k = 0; k < 4; k++) ps.push(producer(q, k * per, per), consumer(q, per));
  let s = 0;
  for (const p of ps) s += (await p) ?? 0;
  return s;
}

// The pinging coroutine runs under `depth` pending awaits.
async function level(q1, q2, n, depth) {
  return depth === 1 ? await pinger(q1, q2, n) : await level(q1, q2, n, depth - 1);
}
export async function roundTrip(n, depth) {
  const q1 = new UnboundedQueue();
  const q2 = new UnboundedQueue();
  const a = level(q1, q2, n, depth);
  const b = ponger(q1, q2, n);
  await b;
  return a;
}

export async function steps(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += await 1;
  return s;
}

let woke = 0;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function sleeper() {
  await delay(1);
  woke++;
}
export async function sleep1ms(n) {
  woke = 0;
  const ps = new Array(n);
  for (let i = 0; i < n; i++) ps[i] = sleeper();
  for (let i = 0; i < n; i++) await ps[i];
  return woke;
}

async function rProducer(q) {
  for (let i = 0; i < 5; i++) {
    const wait = q.put(i);
    if (wait !== undefined) await wait;
  }
}
async function rConsumer(q) {
  let s = 0;
  for (let i = 0; i < 5; i++) {
    const x = q.tryGet();
    s += x !== EMPTY ? x : await q.get();
  }
  return s;
}
async function rTicker() {
  await null;
}
export async function repeatOnce() {
  const q = new BoundedQueue(2);
  const p = rProducer(q);
  const c = rConsumer(q);
  const t = rTicker();
  await p;
  await t;
  return c;
}

async function rec(n) {
  return n === 0 ? 0 : 1 + (await rec(n - 1));
}
export const depth = (d) => rec(d);
