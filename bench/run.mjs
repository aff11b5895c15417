// bench/run.mjs: `npm run bench`. Two tables, every cell in a fresh Node process:
// - peers (bench/peers.mjs): the same workloads in yieldfrom and six peers, ratio to async/await;
// - kernel (bench/cells.mjs, node --expose-gc): finer cells, memory per task, tracing cost.
// Timed with tinybench (bench/timing.mjs): medians of several runs, ratios against a peer measured in the same run. Speed is
// never asserted in tests; this is where it is measured. `--peers` or `--kernel` runs one table,
// cell names run only those cells, `--write` writes bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peerTable } from './peers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const write = process.argv.includes('--write');
const doPeers = !process.argv.includes('--kernel');
const doKernel = !process.argv.includes('--peers');

function cell(name) {
  const out = execFileSync(process.execPath, ['--expose-gc', join(here, 'cells.mjs'), name], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop());
}

const rows = [];
const pairs = [
  ['pingpong', 'two tasks alternating on sleep(0) (async/await: `await null`)', 'lower'],
  ['sync-steps', '1e6 non-blocking steps in one task (await a done future / `await 1`)', 'lower'],
  ['spawn-join', 'spawn 100k tasks, then join them all', 'higher'],
  ['fan-in', '4 producers x 4 consumers through a bounded queue of 16 (async/await: a minimal promise queue)', 'higher'],
  ['http', "HTTP /hello/{name}, 50 keep-alive loopback clients (async/await: plain node:http)", 'higher'],
];
for (const [key, what, better] of pairs) {
  if (!doKernel) break;
  if (only.length && !only.includes(key)) continue;
  const y = cell(`${key}/yieldfrom`);
  const a = cell(`${key}/async-await`);
  const ratio = better === 'lower' ? a.median / y.median : y.median / a.median;
  rows.push({ what, unit: y.unit, yieldfrom: y.median, peer: a.median, ratio });
  if (y.p99ms !== undefined) rows.push({ what: `${what}: p99 latency`, unit: 'ms', yieldfrom: y.p99ms, peer: a.p99ms, ratio: a.p99ms / y.p99ms });
}
const singles = [
  ['pingpong-traced', 'the ping-pong with a Tracer recording every event'],
  ['sleepers-1e6', '1e6 tasks sleeping in virtual time, to completion'],
  ['sleeping-task-bytes', 'heap per sleeping task (100k tasks parked in sleep)'],
  ['finished-task-bytes', 'heap per finished, unjoined task'],
  ['resume-depth-1', 'resume cost at delegation depth 1'],
  ['resume-depth-1000', 'resume cost at delegation depth 1,000'],
];
for (const [key, what] of singles) {
  if (!doKernel) break;
  if (only.length && !only.includes(key)) continue;
  const y = cell(`${key}/yieldfrom`);
  rows.push({ what, unit: y.unit, yieldfrom: y.median, peer: null, ratio: null });
  if (y.bareGeneratorBytes !== undefined) rows.push({ what: '… of which V8\'s own suspended generator object', unit: 'bytes/task', yieldfrom: y.bareGeneratorBytes, peer: null, ratio: null });
}

const fmt = (v) => (v === null || v === undefined ? '' : v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const machine = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${new Date().toISOString().slice(0, 10)}.`;
const peers = doPeers ? peerTable(only) : null;
const kernel = rows.length === 0 ? [] : [
  '| workload | unit | yieldfrom | async/await | speed vs async/await |',
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.what} | ${r.unit} | ${fmt(r.yieldfrom)} | ${fmt(r.peer)} | ${r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`} |`),
];
const doc = [
  '# Benchmark results',
  '',
  'Written by `npm run bench -- --write`. Every cell runs in a fresh process; each figure is the median of several timed runs. The machines are shared and noisy: a single cell can move by up to 2× between runs (some are bimodal: the kernel ping-pong gives 45 or 80 ns/turn in alternate runs of the same build), so read the ratios measured in the same run, and rerun before trusting one figure.',
  '',
  machine,
];
if (peers !== null) {
  doc.push('', '## yieldfrom and its peers', '', 'The same workloads written idiomatically for each library (bench/peers.mjs). Each cell runs in a fresh process: a first run, timed alone (cold: before the JIT has seen the code); then untimed warm-up runs (up to 4, within 5 s); then 5 timed runs (3 when a run takes over 4 s). The first table gives the median of the timed runs (warm), the second the first run (cold). In parentheses: the ratio to native async/await with a minimal promise queue, oriented so that above 1× is better (faster, or deeper) than async/await.', '', '### Warm', '', ...peers.warm, '', '### Cold (first run)', '', ...peers.cold);
  doc.push('', 'A cell reading `> 120 s` was stopped at the cap. Effection\'s spawn + join grows faster than linearly, and its `all()` is no faster: 10k children took 1.0 s with `spawn` and 1.4 s with `all()`, 20k took 2.5 s and 2.2 s (measured 2026-11-25). `n/a`: the library has no such primitive (no bounded queue, no virtual clock) or no way to measure it.');
}
if (kernel.length) doc.push('', '## Kernel detail', '', 'Finer cells (bench/cells.mjs): warmed-up medians, plain `yield`, memory per task measured with `--expose-gc`.', '', ...kernel);
console.log(doc.join('\n'));
if (write) writeFileSync(join(here, 'RESULTS.md'), `${doc.join('\n')}\n`);
