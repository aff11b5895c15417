// bench/cell.mjs: one benchmark cell in this (fresh) process, printing one JSON line last.
//   node bench/cell.mjs LIB WORKLOAD warm      first run (cold), warm-up runs, then timed runs
//   node --expose-gc bench/cell.mjs LIB WORKLOAD gc     the same with a full GC before every run
//   node --expose-gc --trace-deopt bench/cell.mjs LIB pingpong deopt   10 runs, GC between
//   node --expose-gc bench/cell.mjs LIB repeat repeat   1,000 runs of a small program, in batches
//   node --expose-gc bench/cell.mjs yieldfrom memory KIND   heap per task (sleeping|finished|generator)
//   node bench/cell.mjs LIB depth depth        deepest delegation reached, 1e3..1e6
// Every run's result is checked against the workload's expected value.
// Budgets (ms and counts) come from the environment: BENCH_WARMUP (runs, default 3),
// BENCH_WARMUP_MS (2000), BENCH_RUNS (5), BENCH_RUNS_MS (4000), BENCH_CAP_MS (60000: no run
// starts past it; a cell cut short reports the runs it has).
import { WORKLOADS, REPEAT_RUNS, REPEAT_BATCH } from './workloads.mjs';

const [lib, workload, mode = 'warm'] = process.argv.slice(2);
const env = (k, d) => (process.env[k] === undefined ? d : Number(process.env[k]));
const WARMUP = env('BENCH_WARMUP', 3);
const WARMUP_MS = env('BENCH_WARMUP_MS', 2000);
const RUNS = env('BENCH_RUNS', 5);
const RUNS_MS = env('BENCH_RUNS_MS', 4000);
const CAP_MS = env('BENCH_CAP_MS', 60_000);

const impl = await import(`./peers/${lib}.mjs`);
const t0 = performance.now();
const out = (o) => {
  console.log(JSON.stringify(o));
  process.exit(0);
};

const EXPORT = { pingpong: 'pingpong', spawn: 'spawnJoin', fanin: 'fanin', rt1: 'roundTrip', rt1000: 'roundTrip', steps: 'steps', sleep1ms: 'sleep1ms', virtual: 'virtual' };

function check(got, want, what) {
  if (got !== want) throw new Error(`${lib} ${what}: returned ${got}, expected ${want}`);
}

if (workload === 'depth') {
  let best = 0;
  for (const d of [1e3, 1e4, 1e5, 1e6]) {
    try {
      if ((await impl.depth(d)) !== d) break;
      best = d;
    } catch {
      break;
    }
  }
  out({ value: best });
}

if (workload === 'memory') {
  const kind = mode;
  const values = [];
  for (let r = 0; r < 5; r++) values.push(impl.memory(100_000, kind));
  out({ values });
}

if (workload === 'repeat') {
  if (impl.repeatOnce === undefined || impl.repeatOnce === null) out({ na: true });
  const gc = globalThis.gc ?? (() => {});
  const batches = [];
  const medians = [];
  const each = new Array(REPEAT_BATCH);
  for (let b = 0; b < REPEAT_RUNS / REPEAT_BATCH; b++) {
    gc();
    const s = performance.now();
    for (let i = 0; i < REPEAT_BATCH; i++) {
      const t = performance.now();
      check(await impl.repeatOnce(), 10, 'repeat');
      each[i] = performance.now() - t;
    }
    batches.push(performance.now() - s);
    medians.push([...each].sort((x, y) => x - y)[REPEAT_BATCH >> 1]);
  }
  out({ batches, medians });
}

const w = WORKLOADS[workload];
if (w === undefined) throw new Error(`unknown workload ${workload}`);
const fn = impl[EXPORT[workload]];
if (fn === undefined || fn === null) out({ na: true });
const n = w.n(lib);
const want = w.expect(n);
const once = w.depth === undefined ? () => fn(n) : () => fn(n, w.depth);
async function timed() {
  const s = performance.now();
  const got = await once();
  const ms = performance.now() - s;
  check(got, want, workload);
  return ms;
}

if (mode === 'deopt') {
  for (let i = 0; i < 10; i++) {
    globalThis.gc();
    await timed();
  }
  out({ runs: 10 });
}

const gc = mode === 'gc' ? globalThis.gc : null;
if (mode === 'gc' && typeof gc !== 'function') throw new Error('mode gc needs node --expose-gc');
const budgetLeft = (last) => performance.now() - t0 + last < CAP_MS;
gc?.();
const cold = await timed();
let last = cold;
// Warm-up: up to WARMUP runs, within WARMUP_MS.
const w0 = performance.now();
for (let i = 0; i < WARMUP && performance.now() - w0 < WARMUP_MS && budgetLeft(last); i++) {
  gc?.();
  last = await timed();
}
// Timed: up to RUNS runs, within RUNS_MS (at least one, if the cap allows).
const runs = [];
const r0 = performance.now();
while (runs.length < RUNS && budgetLeft(last) && (runs.length === 0 || performance.now() - r0 + last <= RUNS_MS)) {
  gc?.();
  last = await timed();
  runs.push(last);
}
out({ n, cold, runs, capped: runs.length === 0 });
