// bench/after-reduce.mjs: what a reduced search (explore's `reduce`) leaves behind in its process.
// It records footprints by wrapping the primitives' methods while it runs (lib/footprint.ts) and
// puts them back after; the call sites of the kernel have seen the wrappers by then. This runs
// ping-pong, spawn + join and fan-in before and after one small search, in a fresh process each
// time, alternating a reduced search with a plain dfs one (the control), and prints the after /
// before ratio of each (above 1: slower after). `node bench/after-reduce.mjs [rounds]`
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CELLS = ['pingpong', 'spawnJoin', 'fanin'];

async function child(reduce) {
  const { explore, Queue, spawn } = await import('../dist/index.js');
  const m = await import('./peers/yieldfrom.mjs');
  const runs = { pingpong: () => m.pingpong(200_000), spawnJoin: () => m.spawnJoin(100_000), fanin: () => m.fanin(200_000) };
  const median = (f) => {
    const ts = [];
    for (let i = 0; i < 9; i++) {
      const t = performance.now();
      f();
      ts.push(performance.now() - t);
    }
    return ts.sort((a, b) => a - b)[4];
  };
  const warm = () => {
    for (let i = 0; i < 10; i++) for (const c of CELLS) runs[c]();
  };
  warm();
  const before = Object.fromEntries(CELLS.map((c) => [c, median(runs[c])]));
  function* worker(q) {
    yield* q.put(1);
    return yield* q.get();
  }
  explore(function* () {
    const ts = [];
    for (let i = 0; i < 3; i++) ts.push(yield* spawn(worker, new Queue()));
    for (const t of ts) yield* t;
  }, reduce ? { strategy: 'dfs', reduce: 'dpor' } : { strategy: 'dfs' });
  warm();
  const after = Object.fromEntries(CELLS.map((c) => [c, median(runs[c])]));
  console.log(JSON.stringify(Object.fromEntries(CELLS.map((c) => [c, after[c] / before[c]]))));
}

if (process.argv[2] === '--child') await child(process.argv[3] === 'reduce');
else {
  const rounds = Number(process.argv[2] ?? 5);
  const got = { reduce: [], plain: [] };
  for (let r = 0; r < rounds; r++) {
    for (const kind of ['reduce', 'plain']) {
      got[kind].push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind], { encoding: 'utf8' })));
    }
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const kind of ['reduce', 'plain']) {
    const label = kind === 'reduce' ? "after dfs with reduce: 'dpor'" : 'after plain dfs (control) ';
    console.log(`${label}: ${CELLS.map((c) => `${c} ${med(got[kind].map((g) => g[c])).toFixed(2)}×`).join(', ')} (after / before, median of ${rounds})`);
  }
}
