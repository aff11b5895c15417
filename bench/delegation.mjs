// bench/delegation.mjs: what one `yield gen` delegation costs on the trampoline, in a task and
// under delegate(). `node bench/delegation.mjs [distDir]` prints one JSON line per cell (median
// and minimum of 7 runs after one warm-up). Pass another build's dist/ to compare two versions: alternate
// the runs (A B A B ...), since one run alone is unreliable on a shared machine.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { timeRuns } from './timing.mjs';

const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const { delegate, runSync } = await import(pathToFileURL(`${dist}/index.js`).href);

const DEEP = 1_000_000;
const FLAT = 2_000_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function* rec(n) {
  return n === 0 ? 0 : 1 + (yield rec(n - 1));
}
function* leaf(i) {
  return i;
}
function* flat(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += yield leaf(i);
  return s;
}

const cells = {
  // 1e6 nested delegations in one task: each level pushes once and pops once.
  'deep-1e6/task': () => runSync(rec(DEEP)),
  // Depth-1 round trips in one task: delegate to a generator that returns at once.
  'depth1/task': () => runSync(flat(FLAT)),
  // The same round trips under delegate() (no loop).
  'depth1/delegate': () => delegate(flat(FLAT)).next(),
};
const per = { 'deep-1e6/task': DEEP, 'depth1/task': FLAT, 'depth1/delegate': FLAT };
for (const [name, fn] of Object.entries(cells)) {
  const ms = await timeRuns(fn, { runs: 7, warmup: 1 });
  const ns = (m) => +((m * 1e6) / per[name]).toFixed(1);
  console.log(JSON.stringify({ name, unit: 'ns/delegation', median: ns(median(ms)), min: ns(Math.min(...ms)) }));
}
