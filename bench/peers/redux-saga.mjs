// bench/peers/redux-saga.mjs: the workloads in redux-saga 1.x, outside a store (runSaga), with
// module-level sagas: fork/join for tasks, call for delegation, channels with an expanding buffer
// (unbounded). A put into an unbounded channel never waits, so it is the channel's own synchronous
// `put` method rather than a `put` effect. redux-saga has no bounded channel that makes a putter
// wait (a full `buffers.fixed` throws), so there is no fan-in cell.
import { buffers, channel, runSaga } from 'redux-saga';
import { call, delay, fork, join, take } from 'redux-saga/effects';

const runS = (saga, ...args) => runSaga({ onError: () => {} }, saga, ...args).toPromise();

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
  const a = yield fork(pinger, c1, c2, n);
  const b = yield fork(ponger, c1, c2, n);
  yield join(b);
  return yield join(a);
}
export const pingpong = (n) => runS(pingpongMain, n);

function* child(i) {
  return i;
}
function* spawnMain(n) {
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = yield fork(child, i);
  let s = 0;
  for (let i = 0; i < n; i++) s += yield join(ts[i]);
  return s;
}
export const spawnJoin = (n) => runS(spawnMain, n);

export const fanin = null;

function* level(c1, c2, n, depth) {
  return depth === 1 ? yield call(pinger, c1, c2, n) : yield call(level, c1, c2, n, depth - 1);
}
function* roundTripMain(n, depth) {
  const c1 = channel(buffers.expanding());
  const c2 = channel(buffers.expanding());
  const a = yield fork(level, c1, c2, n, depth);
  const b = yield fork(ponger, c1, c2, n);
  yield join(b);
  return yield join(a);
}
export const roundTrip = (n, depth) => runS(roundTripMain, n, depth);

const one = () => 1;
function* stepsMain(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += yield call(one);
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
  for (let i = 0; i < n; i++) ts[i] = yield fork(sleeper);
  for (let i = 0; i < n; i++) yield join(ts[i]);
  return woke;
}
export const sleep1ms = (n) => runS(sleepMain, n);

// No bounded channel that waits: the repeat program's queue is unbounded here.
function* rProducer(ch) {
  for (let i = 0; i < 5; i++) ch.put(i);
}
function* rConsumer(ch) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += yield take(ch);
  return s;
}
function* rTicker() {
  yield delay(0);
}
function* repeatMain() {
  const ch = channel(buffers.expanding());
  const p = yield fork(rProducer, ch);
  const c = yield fork(rConsumer, ch);
  const t = yield fork(rTicker);
  yield join(p);
  yield join(t);
  return yield join(c);
}
export const repeatOnce = () => runS(repeatMain);

function* rec(n) {
  return n === 0 ? 0 : 1 + (yield call(rec, n - 1));
}
export const depth = (d) => runS(rec, d);
