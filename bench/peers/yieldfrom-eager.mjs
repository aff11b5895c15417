// bench/peers/yieldfrom-eager.mjs: yieldfrom with eager tasks (EventLoop({ eagerTasks: true }),
// asyncio's eager_task_factory), an opt-in mode: a task created while the loop runs takes its
// first step at once. The workloads are the yieldfrom peer's (bench/peers/yieldfrom.mjs), only
// the loop option differs. Cells where eager start changes nothing of note are n/a.
import { Queue, runSync, spawn } from '../../dist/index.js';

const EAGER = { eagerTasks: true };

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
function* pingpongMain(n) {
  const q1 = new Queue();
  const q2 = new Queue();
  const a = yield* spawn(pinger, q1, q2, n);
  const b = yield* spawn(ponger, q1, q2, n);
  yield* b;
  return yield* a;
}
export const pingpong = (n) => runSync(pingpongMain(n), EAGER);

function* child(i) {
  return i;
}
function* spawnMain(n) {
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = yield* spawn(child, i);
  let s = 0;
  for (let i = 0; i < n; i++) s += yield* ts[i];
  return s;
}
export const spawnJoin = (n) => runSync(spawnMain(n), EAGER);

function* producer(q, base, per) {
  for (let i = 0; i < per; i++) yield* q.put(base + i);
}
function* consumer(q, per) {
  let s = 0;
  for (let i = 0; i < per; i++) s += yield* q.get();
  return s;
}
function* fanInMain(n) {
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
export const fanin = (n) => runSync(fanInMain(n), EAGER);
