// bench/loop-cost.mjs: what one runSync costs when its program is tiny, as in a test suite or
// explore(): making the loop, running main, asyncio.run's shutdown passes, closing.
// `npm run build && node bench/loop-cost.mjs`
import { Queue, runSync, spawn } from '../dist/index.js';

function* empty() {
  return 1;
}
function* put5(q) {
  for (let i = 0; i < 5; i++) yield* q.put(i);
}
function* get5(q) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += yield* q.get();
  return s;
}
function* threeTasks() {
  const q = new Queue(2);
  const p = yield* spawn(put5, q);
  const c = yield* spawn(get5, q);
  yield* p;
  return yield* c;
}
const N = 20_000;
for (const [name, main] of [['an empty main', empty], ['a producer and a consumer through a queue of 2', threeTasks]]) {
  for (let i = 0; i < 2_000; i++) runSync(main);
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) runSync(main);
    rounds.push(((performance.now() - t0) * 1000) / N);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${name}: ${rounds[2].toFixed(2)} µs per runSync (median of 5 rounds of ${N}; range ${rounds[0].toFixed(2)}-${rounds[4].toFixed(2)})`);
}
