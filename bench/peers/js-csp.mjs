// bench/peers/js-csp.mjs: the workloads in js-csp 1.0, at its fast path: module-level generator
// functions run with go(fn, args); `offer`/`poll` first, so a put or take that need not wait does
// not go through js-csp's dispatcher (every yielded instruction resumes on setImmediate); `yield ch`
// for a take; `sleep`. Delegation is core.async's: a goroutine per level, whose result the caller
// takes from the channel `go` returns (as an async function awaits the one it calls); native yield*
// would walk every level on each resume. js-csp has no unbounded channel (the ping-pong uses
// unbuffered channels: the partner is always parked in its take).
import csp from 'js-csp';

const { go, chan, put, offer, poll, NO_VALUE, sleep, takeAsync } = csp;
const done = (ch) => new Promise((resolve) => takeAsync(ch, resolve));

function* send(ch, x) {
  if (!offer(ch, x)) yield put(ch, x);
}
function* receive(ch) {
  const x = poll(ch);
  return x !== NO_VALUE ? x : yield ch;
}

function* pinger(c1, c2, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!offer(c1, i)) yield put(c1, i);
    const x = poll(c2);
    s += x !== NO_VALUE ? x : yield c2;
  }
  return s;
}
function* ponger(c1, c2, n) {
  for (let i = 0; i < n; i++) {
    const x = poll(c1);
    const v = x !== NO_VALUE ? x : yield c1;
    if (!offer(c2, v)) yield put(c2, v);
  }
}
function* pingpongMain(n) {
  const c1 = chan();
  const c2 = chan();
  const a = go(pinger, [c1, c2, n]);
  const b = go(ponger, [c1, c2, n]);
  yield b;
  return yield a;
}
export const pingpong = (n) => done(go(pingpongMain, [n]));

function* child(i) {
  return i;
}
function* spawnMain(n) {
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = go(child, [i]);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = poll(ts[i]);
    s += x !== NO_VALUE ? x : yield ts[i];
  }
  return s;
}
export const spawnJoin = (n) => done(go(spawnMain, [n]));

function* producer(ch, base, per) {
  for (let i = 0; i < per; i++) if (!offer(ch, base + i)) yield put(ch, base + i);
  return 0;
}
function* consumer(ch, per) {
  let s = 0;
  for (let i = 0; i < per; i++) {
    const x = poll(ch);
    s += x !== NO_VALUE ? x : yield ch;
  }
  return s;
}
function* fanInMain(n) {
  const ch = chan(16);
  const per = n / 4;
  const ts = [];
  for (let k = 0; k < 4; k++) ts.push(go(producer, [ch, k * per, per]), go(consumer, [ch, per]));
  let s = 0;
  for (const t of ts) s += yield* receive(t);
  return s;
}
export const fanin = (n) => done(go(fanInMain, [n]));

// The pinging goroutine runs under `depth` goroutines, each taking its callee's result.
function* level(c1, c2, n, depth) {
  return yield* receive(depth === 1 ? go(pinger, [c1, c2, n]) : go(level, [c1, c2, n, depth - 1]));
}
function* roundTripMain(n, depth) {
  const c1 = chan();
  const c2 = chan();
  const a = go(level, [c1, c2, n, depth]);
  const b = go(ponger, [c1, c2, n]);
  yield b;
  return yield a;
}
export const roundTrip = (n, depth) => done(go(roundTripMain, [n, depth]));

export const steps = null; // every yielded value resumes on setImmediate: no step that does not block

let woke = 0;
function* sleeper() {
  yield sleep(1);
  woke++;
  return 0;
}
function* sleepMain(n) {
  woke = 0;
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = go(sleeper);
  for (let i = 0; i < n; i++) yield* receive(ts[i]);
  return woke;
}
export const sleep1ms = (n) => done(go(sleepMain, [n]));

function* rProducer(ch) {
  for (let i = 0; i < 5; i++) yield* send(ch, i);
  return 0;
}
function* rConsumer(ch) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += yield* receive(ch);
  return s;
}
// Gives up its turn once: a yielded value that is not an instruction resumes the goroutine on the
// next dispatch (setImmediate), with no timer (sleep(0) is a setTimeout, at least 1 ms in Node).
function* rTicker() {
  yield null;
  return 0;
}
function* repeatMain() {
  const ch = chan(2);
  const p = go(rProducer, [ch]);
  const c = go(rConsumer, [ch]);
  const t = go(rTicker);
  yield p;
  yield t;
  return yield c;
}
export const repeatOnce = () => done(go(repeatMain));

function* rec(n) {
  return n === 0 ? 0 : 1 + (yield* rec(n - 1));
}
export const depth = (d) => done(go(rec, [d]));
