// bench/run.mjs: `npm run bench` (`node bench/run.mjs [options]` after `npm run build`).
// yieldfrom beside native async/await, co, js-csp, redux-saga, effection 4, Effect 4 and a lean
// hand-written generator trampoline, on the workloads of bench/workloads.mjs, each library's code
// in bench/peers/LIB.mjs. Every cell runs in a fresh process (bench/cell.mjs) and is measured
// three ways: cold (the first run in the process), warm (the median of timed runs after warm-up),
// and gc (the same with a full GC before every run, node --expose-gc). A round runs every cell
// once, the libraries in alternating order; ratios to async/await are taken within each round,
// and the tables give their median and range over the rounds. Then the targets of issue 11 are
// checked against these figures.
//
// Options:
//   --only a,b     only these groups: pingpong spawn fanin rt steps sleep1ms virtual repeat deopt
//                  memory depth size kernel explore (default: all)
//   --libs a,b     only these libraries (async = async-await; yieldfrom and async-await are
//                  always included, as the ratios need them)
//   --rounds N     rounds (default 5)
//   --slow-rounds N  rounds for the slow peers js-csp, redux-saga, effection, Effect (default 1)
//   --write        write bench/RESULTS.md
//   --json FILE    also write the raw figures as JSON
// A fast A/B of the kernel (about a minute):
//   node bench/run.mjs --only pingpong,spawn --rounds 5 --libs yieldfrom,async
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS, N_RT, N_RT_SLOW, SLOW_DELEGATION, REPEAT_RUNS, REPEAT_BATCH } from './workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? dflt : argv[i + 1];
};
const list = (s) => (s === undefined ? null : s.split(',').map((x) => x.trim()).filter(Boolean));
const ALL_LIBS = ['yieldfrom', 'yieldfrom-eager', 'async-await', 'co', 'trampoline', 'js-csp', 'redux-saga', 'effection', 'effect'];
const SLOW = new Set(['js-csp', 'redux-saga', 'effection', 'effect']);
const LABEL = { yieldfrom: 'yieldfrom', 'yieldfrom-eager': 'yieldfrom, eager tasks', 'async-await': 'async/await', co: 'co', trampoline: 'trampoline', 'js-csp': 'js-csp', 'redux-saga': 'redux-saga', effection: 'effection 4', effect: 'Effect 4' };
const libArg = list(opt('libs'))?.map((l) => (l === 'async' ? 'async-await' : l)) ?? null;
const LIBS = ALL_LIBS.filter((l) => libArg === null || libArg.includes(l) || l === 'yieldfrom' || l === 'async-await');
const GROUPS = ['pingpong', 'spawn', 'fanin', 'rt', 'steps', 'sleep1ms', 'virtual', 'repeat', 'deopt', 'memory', 'depth', 'size', 'kernel', 'explore'];
const only = list(opt('only')) ?? GROUPS;
for (const g of only) if (!GROUPS.includes(g)) throw new Error(`--only: unknown group ${g}; groups: ${GROUPS.join(' ')}`);
const ROUNDS = Number(opt('rounds', 5));
const SLOW_ROUNDS = Math.min(ROUNDS, Number(opt('slow-rounds', 1)));
const write = argv.includes('--write');
const jsonOut = opt('json');
const CAP_MS = 60_000;
const log = (s) => process.stderr.write(`${s}\n`);
const started = Date.now();

// ---------- running cells ----------
function node(flags, args, { timeout = CAP_MS + 90_000 } = {}) {
  try {
    const out = execFileSync(process.execPath, [...flags, join(here, 'cell.mjs'), ...args], {
      encoding: 'utf8',
      timeout,
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BENCH_CAP_MS: String(CAP_MS) },
    });
    const lines = out.trim().split('\n');
    return { result: JSON.parse(lines[lines.length - 1]), stdout: out };
  } catch (e) {
    const why = e.signal === 'SIGTERM' ? `killed after ${timeout / 1000} s` : `failed: ${String(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' ')}`;
    log(`  ${args.join(' ')}: ${why}`);
    return { error: e.signal === 'SIGTERM' ? 'timeout' : 'failed' };
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stat = (xs) => (xs.length === 0 ? null : { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

const TIMED = ['pingpong', 'spawn', 'fanin', 'rt1', 'rt1000', 'steps', 'sleep1ms', 'virtual'].filter((w) => only.includes(w.startsWith('rt') ? 'rt' : w));
const MODES = ['cold', 'warm', 'gc'];
// raw[w][lib][mode] = [value per round] (in the workload's unit; null when n/a or cut short)
const raw = {};
const note = {}; // raw notes per (w, lib): 'n/a' | 'cap' | 'failed'
const rounds = {}; // perRound[w][r][lib][mode] = value
const repeat = {}; // repeat[lib] = [{ runsPerSec, lastVsAfterWarmup }]
const libsFor = (w) => (w === 'virtual' ? ['yieldfrom'] : LIBS);

function timedCell(w, lib, r) {
  const unit = WORKLOADS[w].toUnit;
  const a = node([], [lib, w, 'warm']);
  const g = node(['--expose-gc'], [lib, w, 'gc']);
  const val = {};
  for (const [mode, res] of [['warm', a], ['gc', g]]) {
    if (res.error) {
      note[w][lib] = res.error;
      val[mode] = null;
      if (mode === 'warm') val.cold = null;
      continue;
    }
    const o = res.result;
    if (o.na) {
      note[w][lib] = 'n/a';
      val.cold = val.warm = val.gc = null;
      break;
    }
    if (mode === 'warm') val.cold = unit(o.cold, o.n);
    if (o.runs.length === 0) note[w][lib] = `cap`;
    val[mode] = o.runs.length ? unit(median(o.runs), o.n) : null;
  }
  for (const m of MODES) {
    raw[w][lib][m].push(val[m] ?? null);
  }
  rounds[w][r][lib] = val;
  log(`  r${r + 1} ${w} ${lib}: cold ${fmt(val.cold)}, warm ${fmt(val.warm)}, gc ${fmt(val.gc)} ${WORKLOADS[w].unit}`);
}

function repeatCell(lib) {
  const res = node(['--expose-gc'], [lib, 'repeat', 'repeat']);
  if (res.error || res.result.na) return;
  const b = res.result.batches;
  const m = res.result.medians;
  const total = b.reduce((x, y) => x + y, 0);
  const o = { runsPerSec: REPEAT_RUNS / (total / 1000), lastVsAfterWarmup: b[b.length - 1] / b[1], medianRunVs: m[m.length - 1] / m[1], batches: b };
  (repeat[lib] ??= []).push(o);
  log(`  repeat ${lib}: ${fmt(o.runsPerSec)} runs/s, last 100 / 100 after warm-up ${o.lastVsAfterWarmup.toFixed(2)}`);
}

const deoptRuns = {}; // lib -> [{ code, functions, bailouts }] per round
function deoptCell(lib) {
  const res = node(['--expose-gc', '--trace-deopt'], [lib, 'pingpong', 'deopt']);
  if (res.error) return;
  const ids = new Set();
  const fns = new Set();
  let bailouts = 0;
  for (const line of res.stdout.split('\n')) {
    if (line.startsWith('[bailout')) bailouts++;
    else if (!line.startsWith('[marking dependent code')) continue;
    const id = /opt id (\d+)/.exec(line);
    if (id) ids.add(id[1]);
    const fn = /<JSFunction (\S*)|<SharedFunctionInfo (\S*)>/.exec(line);
    if (fn) fns.add(fn[1] ?? fn[2]);
  }
  const o = { code: ids.size, functions: fns.size, bailouts };
  (deoptRuns[lib] ??= []).push(o);
  log(`  deopt ${lib}: ${o.code} optimized code objects deoptimized (${o.functions} functions, ${o.bailouts} bailouts)`);
}

for (const w of TIMED) {
  raw[w] = {};
  note[w] = {};
  rounds[w] = [];
  for (const lib of libsFor(w)) raw[w][lib] = { cold: [], warm: [], gc: [] };
}
for (let r = 0; r < ROUNDS; r++) {
  log(`round ${r + 1} of ${ROUNDS} (${Math.round((Date.now() - started) / 1000)} s)`);
  const order = r % 2 === 0 ? LIBS : [...LIBS].reverse();
  for (const w of TIMED) {
    rounds[w][r] = {};
    for (const lib of w === 'virtual' ? ['yieldfrom'] : order) {
      if (SLOW.has(lib) && r >= SLOW_ROUNDS) continue;
      timedCell(w, lib, r);
    }
  }
  if (only.includes('repeat')) for (const lib of order) if (!(SLOW.has(lib) && r >= SLOW_ROUNDS)) repeatCell(lib);
  if (only.includes('deopt')) for (const lib of order) if (!(SLOW.has(lib) && r >= SLOW_ROUNDS)) deoptCell(lib);
}
// Deoptimizations: the median over the rounds of each count.
const deopts = {};
for (const [lib, xs] of Object.entries(deoptRuns)) {
  deopts[lib] = { code: median(xs.map((o) => o.code)), functions: median(xs.map((o) => o.functions)), bailouts: median(xs.map((o) => o.bailouts)), min: Math.min(...xs.map((o) => o.code)), max: Math.max(...xs.map((o) => o.code)), n: xs.length };
}

// Ratios within each round: above 1× means the library did better than async/await.
const orient = (w, v, base) => (v === null || base === null || v === undefined || base === undefined ? null : WORKLOADS[w].better === 'higher' ? v / base : base / v);
function ratioStat(w, lib, mode) {
  const xs = [];
  for (const rd of rounds[w]) {
    const x = orient(w, rd?.[lib]?.[mode] ?? null, rd?.['async-await']?.[mode] ?? null);
    if (x !== null) xs.push(x);
  }
  return stat(xs);
}

// ---------- one-off cells ----------
const memory = {};
if (only.includes('memory')) {
  for (const kind of ['sleeping', 'finished', 'generator']) {
    const res = node(['--expose-gc'], ['yieldfrom', 'memory', kind]);
    if (!res.error) memory[kind] = median(res.result.values);
    log(`  memory ${kind}: ${fmt(memory[kind])} bytes/task`);
  }
}
const depth = {};
if (only.includes('depth')) {
  for (const lib of LIBS) {
    const res = node([], [lib, 'depth', 'depth']);
    depth[lib] = res.error ? null : res.result.value;
    log(`  depth ${lib}: ${depth[lib]}`);
  }
}
const kernel = {};
if (only.includes('kernel')) {
  for (const name of ['pingpong-traced/yieldfrom', 'http/yieldfrom', 'http/async-await']) {
    try {
      kernel[name] = JSON.parse(execFileSync(process.execPath, [join(here, 'cells.mjs'), name], { encoding: 'utf8', timeout: 300_000 }).trim().split('\n').pop());
      log(`  ${name}: ${fmt(kernel[name].median)} ${kernel[name].unit}`);
    } catch (e) {
      log(`  ${name}: failed ${e.message}`);
    }
  }
}
let explored = null;
if (only.includes('explore')) {
  const lines = execFileSync(process.execPath, [join(here, 'explore.mjs'), '--json', '--parallel'], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, PARALLEL_RUNS: '200000' } }).trim().split('\n');
  explored = { ...JSON.parse(lines.at(-2)), ...JSON.parse(lines.at(-1)) };
  log(`  explore: ${fmt(explored.untraced.median)} schedules/s untraced, ${fmt(explored.traced.median)} traced`);
}
let size = null;
if (only.includes('size')) {
  const { sizes } = await import('./size.mjs');
  size = await sizes();
  log(`  size: ${JSON.stringify(size)}`);
}

// ---------- formatting ----------
function fmt(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(a >= 1e8 ? 0 : 2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}
const x = (s) => (s === null ? '–' : `${s.median.toFixed(2)}×`);
const xr = (s) => (s === null ? '–' : s.n > 1 ? `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : `${s.median.toFixed(2)}× (1 round)`);
const valueOf = (w, lib, mode) => {
  const vs = (raw[w]?.[lib]?.[mode] ?? []).filter((v) => v !== null);
  return vs.length ? median(vs) : null;
};

function peerTable(mode) {
  const libs = LIBS;
  const head = `| workload | unit | ${libs.map((l) => LABEL[l]).join(' | ')} |`;
  const rows = [head, `| --- | --- | ${libs.map(() => '---:').join(' | ')} |`];
  for (const w of TIMED) {
    if (w === 'virtual') continue;
    const cells = libs.map((lib) => {
      const v = valueOf(w, lib, mode);
      if (v === null) return note[w][lib] === 'cap' ? `> ${CAP_MS / 1000} s` : (note[w][lib] ?? '–');
      if (lib === 'async-await') return fmt(v);
      return `${fmt(v)} (${xr(ratioStat(w, lib, mode))})`;
    });
    rows.push(`| ${WORKLOADS[w].what} | ${WORKLOADS[w].unit} | ${cells.join(' | ')} |`);
  }
  return rows;
}

// ---------- targets ----------
const targets = [];
const met = (ok) => (ok === null ? 'not measured' : ok ? '**met**' : '**not met**');
function targetRatio(w, label, goals) {
  if (!TIMED.includes(w)) return;
  const parts = [];
  let ok = true;
  for (const [mode, goal] of goals) {
    const s = ratioStat(w, 'yieldfrom', mode);
    parts.push(`${mode} ${xr(s)}${goal === null ? '' : ` (goal ≥ ${goal.toFixed(1)}×)`}`);
    if (goal !== null) ok = ok && s !== null && s.median >= goal;
  }
  targets.push([label, parts.join('; '), met(ok)]);
}
targetRatio('pingpong', 'queue ping-pong vs the strongest async/await: ≥ 1.0× warm and gc, ≥ 0.8× cold', [['warm', 1.0], ['gc', 1.0], ['cold', 0.8]]);
targetRatio('spawn', 'spawn + join 100k: ≥ 1.0× warm, ≥ 0.7× cold', [['warm', 1.0], ['cold', 0.7], ['gc', null]]);
targetRatio('fanin', 'fan-in 4×4, bounded queue of 16: ≥ 1.0× in all three modes', [['warm', 1.0], ['gc', 1.0], ['cold', 1.0]]);
if (TIMED.includes('rt1') && TIMED.includes('rt1000')) {
  // yieldfrom at depth 1,000 against itself at depth 1, and against async/await under 1,000 awaits, per round.
  const self = {};
  const vsAsync = {};
  for (const mode of MODES) {
    const a = [];
    const b = [];
    rounds.rt1000.forEach((rd, i) => {
      const d1 = rounds.rt1[i]?.yieldfrom?.[mode];
      const d1000 = rd?.yieldfrom?.[mode];
      const asy = rd?.['async-await']?.[mode];
      if (d1 && d1000) a.push(d1000 / d1);
      if (asy && d1000) b.push(d1000 / asy);
    });
    self[mode] = stat(a);
    vsAsync[mode] = stat(b);
  }
  const times = (s) => (s === null ? '–' : s.n > 1 ? `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : `${s.median.toFixed(2)}×`);
  const us = (lib, w, mode) => fmt(valueOf(w, lib, mode));
  targets.push([
    'round trip under 1,000 levels of `yield gen`: ≤ 1.2× the same at depth 1 (warm)',
    `${us('yieldfrom', 'rt1000', 'warm')} µs against ${us('yieldfrom', 'rt1', 'warm')} µs: ${times(self.warm)} (cold ${times(self.cold)}, gc ${times(self.gc)})`,
    met(self.warm !== null && self.warm.median <= 1.2),
  ]);
  targets.push([
    '… and ≤ async/await under 1,000 awaits (warm)',
    `${us('yieldfrom', 'rt1000', 'warm')} µs against ${us('async-await', 'rt1000', 'warm')} µs: ${times(vsAsync.warm)} of async/await's time (cold ${times(vsAsync.cold)}, gc ${times(vsAsync.gc)})`,
    met(vsAsync.warm !== null && vsAsync.warm.median <= 1.0),
  ]);
}
if (repeat.yieldfrom) {
  const rps = stat(repeat.yieldfrom.map((o) => o.runsPerSec));
  const lv = stat(repeat.yieldfrom.map((o) => o.lastVsAfterWarmup));
  const mv = stat(repeat.yieldfrom.map((o) => o.medianRunVs));
  targets.push([
    `repeat: ${REPEAT_RUNS} consecutive runSync of a 3-task program, GC between batches of ${REPEAT_BATCH}: the last ${REPEAT_BATCH} ≤ 1.1× the ${REPEAT_BATCH} after warm-up`,
    `${fmt(rps.median)} runs/s (${fmt(rps.min)}–${fmt(rps.max)}); last 100 / the 100 after warm-up ${lv.median.toFixed(2)}× (${lv.min.toFixed(2)}–${lv.max.toFixed(2)}); median run of each ${mv.median.toFixed(2)}× (${mv.min.toFixed(2)}–${mv.max.toFixed(2)})`,
    met(lv.median <= 1.1),
  ]);
}
if (deopts.yieldfrom) {
  const peers = Object.entries(deopts).filter(([l]) => l !== 'yieldfrom').map(([, d]) => d.code);
  const mp = peers.length ? median(peers) : null;
  targets.push([
    'deoptimizations over 10 ping-pong runs (GC between) ≤ the median peer\'s',
    `yieldfrom ${deopts.yieldfrom.code}; peers ${Object.entries(deopts).filter(([l]) => l !== 'yieldfrom').map(([l, d]) => `${LABEL[l]} ${d.code}`).join(', ')} (median ${mp})`,
    met(mp === null ? null : deopts.yieldfrom.code <= mp),
  ]);
}
if (memory.sleeping !== undefined) {
  targets.push(['memory: a sleeping task ≤ 200 B (V8\'s own generator included)', `${memory.sleeping.toFixed(0)} B (a bare suspended generator alone: ${memory.generator?.toFixed(0)} B)`, met(memory.sleeping <= 200)]);
  targets.push(['memory: a finished, unjoined task ≤ 100 B', `${memory.finished.toFixed(0)} B`, met(memory.finished <= 100)]);
}
if (TIMED.includes('virtual')) {
  const v = Object.fromEntries(MODES.map((m) => [m, valueOf('virtual', 'yieldfrom', m)]));
  targets.push([
    '1e6 tasks sleeping in virtual time, distinct deadlines: ≤ 1 s (in every mode)',
    `cold ${fmt(v.cold)} ms, warm ${fmt(v.warm)} ms, gc ${fmt(v.gc)} ms`,
    met(MODES.every((m) => v[m] !== null) ? MODES.every((m) => v[m] <= 1000) : null),
  ]);
}
if (size) {
  const kb = (b) => `${(b / 1000).toFixed(2)} kB`;
  targets.push(['size, min+gz: runSync + sleep + spawn ≤ 6 kB', kb(size['runSync + sleep + spawn']), met(size['runSync + sleep + spawn'] <= 6000)]);
  targets.push(['size, min+gz: every export of the core ≤ 16 kB', kb(size['every export of the core']), met(size['every export of the core'] <= 16000)]);
}

// ---------- the document ----------
const shownArgs = argv.filter((a, i) => a !== '--write' && a !== '--json' && argv[i - 1] !== '--json');
const cmd = `node bench/run.mjs ${shownArgs.join(' ')}`.trim();
const machine = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${new Date().toISOString().slice(0, 10)}; ${ROUNDS} rounds (${SLOW_ROUNDS} for js-csp, redux-saga, effection and Effect), ${Math.round((Date.now() - started) / 60000)} min.`;
const doc = ['# Benchmark results', '', `Written by \`${shownArgs.length ? `${cmd} --write` : 'npm run bench -- --write'}\`. ${machine}`, ''];
doc.push(
  'Every cell runs in a fresh process (`node bench/cell.mjs LIB WORKLOAD MODE`). **cold** is the first run in the process; **warm** the median of up to 5 timed runs after up to 3 warm-up runs (within 2 s and 4 s); **gc** the same with a full GC (`gc()`, `node --expose-gc`) before every run, as in a test process that runs many loops. A run that starts past 60 s into its cell is not made: such a cell reports `> 60 s`. Each figure below is the median over the rounds; in parentheses, the ratio to async/await, taken within each round and oriented so that above 1× means better than async/await, then its median and range over the rounds. The machine is a shared 2-core VM: single runs move by up to 2×, so read the ratios and their ranges.',
  '',
  '## Targets (issue 11)',
  '',
  '| target | measured | |',
  '| --- | --- | --- |',
  ...targets.map((t) => `| ${t.join(' | ')} |`),
);
if (TIMED.some((w) => w !== 'virtual')) {
  doc.push('', '## yieldfrom and its peers', '');
  doc.push(
    'The same workloads in each library, written the way its strongest users write them (bench/peers/LIB.mjs; what each does and why is at the top of its file). async/await uses the queues of bench/queues.mjs: a synchronous `put` that resolves the parked getter directly, and resolvers in arrays with a head index. yieldfrom is written as its README advises: module-level generator functions, `spawn(fn, ...args)`, `yield*` for effects, `yield gen` for delegation, under `runSync`. The trampoline is a lean hand-written generator scheduler with nothing else (no timers, cancellation, exceptions across tasks or tracing): a floor, not a library.',
    '',
    `\`n/a\`: the library has no such primitive (no step that does not go through a dispatcher, no timers). The bounded queues of redux-saga and effection are built by hand on their channels (bench/peers/), as async/await's is. The round-trip cells run ${N_RT / 1000}k round trips, ${N_RT_SLOW / 1000}k for ${[...SLOW_DELEGATION].join(', ')}, whose delegation walks every level on each resume.`,
  );
  for (const mode of MODES) doc.push('', `### ${mode === 'cold' ? 'Cold (the first run in a fresh process)' : mode === 'warm' ? 'Warm (after warm-up)' : 'Warm, with a full GC before every run'}`, '', ...peerTable(mode));
}
if (Object.keys(repeat).length) {
  doc.push('', '## Repeat: many small programs in one process', '', `${REPEAT_RUNS} consecutive runs of a small program (a producer and a consumer through a queue of 2, and a task that gives up its turn once; all joined) in one fresh process, as a test suite or explore() makes them: one runSync each for yieldfrom, one awaited run for the others. A full GC before every batch of ${REPEAT_BATCH}. A batch takes a few ms, so one pause of the shared machine moves its total: the last column compares the median run of each batch instead. "after warm-up" is the second batch (runs ${REPEAT_BATCH + 1}–${2 * REPEAT_BATCH}). Medians over the rounds (range). Every peer gives up its turn without a timer, and every producer waits on a bounded queue (hand-built for redux-saga and effection).`, '', '| library | runs/s | last 100 / the 100 after warm-up | the same, median run of each batch |', '| --- | ---: | ---: | ---: |');
  for (const lib of LIBS) {
    if (!repeat[lib]) continue;
    const rps = stat(repeat[lib].map((o) => o.runsPerSec));
    const lv = stat(repeat[lib].map((o) => o.lastVsAfterWarmup));
    const mv = stat(repeat[lib].map((o) => o.medianRunVs));
    doc.push(`| ${LABEL[lib]} | ${fmt(rps.median)} (${fmt(rps.min)}–${fmt(rps.max)}) | ${lv.median.toFixed(2)}× (${lv.min.toFixed(2)}–${lv.max.toFixed(2)}) | ${mv.median.toFixed(2)}× (${mv.min.toFixed(2)}–${mv.max.toFixed(2)}) |`);
  }
}
if (Object.keys(deopts).length) {
  doc.push('', '## Deoptimizations', '', 'Over 10 runs of the ping-pong with a full GC before each (`node --expose-gc --trace-deopt bench/cell.mjs LIB pingpong deopt`), a fresh process per library and round, counted from V8\'s trace: optimized code objects deoptimized (eagerly, or marked for lazy deoptimization: distinct opt ids), the distinct functions they belong to, and the bailouts. Everything in the process counts, the library and Node\'s own code alike (an empty `node -e 1` has none). Medians over the rounds; the range of the first column in parentheses.', '', '| library | code objects deoptimized | functions | bailouts |', '| --- | ---: | ---: | ---: |');
  for (const lib of LIBS) if (deopts[lib]) doc.push(`| ${LABEL[lib]} | ${deopts[lib].code} (${deopts[lib].min}–${deopts[lib].max}, ${deopts[lib].n} ${deopts[lib].n === 1 ? 'round' : 'rounds'}) | ${deopts[lib].functions} | ${deopts[lib].bailouts} |`);
}
if (Object.keys(depth).length) {
  doc.push('', '## Deepest delegation', '', 'The deepest recursion through the library\'s own delegation (`yield gen`, `yield* gen`, `await f()`, `call`) that returns, tried at 1e3, 1e4, 1e5 and 1e6 levels (`node bench/cell.mjs LIB depth depth`).', '', `| ${LIBS.map((l) => LABEL[l]).join(' | ')} |`, `| ${LIBS.map(() => '---:').join(' | ')} |`, `| ${LIBS.map((l) => (depth[l] ? depth[l].toLocaleString('en-US') : '–')).join(' | ')} |`);
}
if (Object.keys(memory).length || size || TIMED.includes('virtual')) {
  doc.push('', '## yieldfrom alone', '');
  if (memory.sleeping !== undefined) doc.push(`- Heap per task, 100k tasks spawned inside runSync, after a full GC (\`node --expose-gc bench/cell.mjs yieldfrom memory KIND\`, median of 5): a task sleeping in \`yield* sleep(10)\` ${memory.sleeping.toFixed(0)} B; a finished task whose handle is kept but never joined ${memory.finished.toFixed(0)} B; a bare suspended generator alone (V8's share of a sleeping task) ${memory.generator.toFixed(0)} B. The array holding the handles is made before measuring and not counted.`);
  if (TIMED.includes('virtual')) doc.push(`- ${WORKLOADS.virtual.what} (\`node bench/cell.mjs yieldfrom virtual warm\`): cold ${fmt(valueOf('virtual', 'yieldfrom', 'cold'))} ms, warm ${fmt(valueOf('virtual', 'yieldfrom', 'warm'))} ms, gc ${fmt(valueOf('virtual', 'yieldfrom', 'gc'))} ms (median over the rounds).`);
  if (size) doc.push(`- Size, min+gz (\`node bench/size.mjs\`, size-limit's esbuild and gzip, as \`npm run size\`): ${Object.entries(size).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} kB`).join('; ')}.`);
}
if (Object.keys(kernel).length) {
  const k = kernel;
  doc.push('', '## Kernel cells', '', 'One process each, median of 7 runs after one warm-up (`node bench/cells.mjs NAME`).', '');
  if (k['pingpong-traced/yieldfrom']) doc.push(`- Two tasks alternating on \`sleep(0)\` with a Tracer recording every event (as explore() runs): ${fmt(k['pingpong-traced/yieldfrom'].median)} ns/turn.`);
  if (k['http/yieldfrom'] && k['http/async-await']) doc.push(`- HTTP \`/hello/{name}\`, 50 keep-alive loopback clients, 10,000 requests: yieldfrom's serve() ${fmt(k['http/yieldfrom'].median)} req/s (p99 ${fmt(k['http/yieldfrom'].p99ms)} ms), async/await on plain node:http ${fmt(k['http/async-await'].median)} req/s (p99 ${fmt(k['http/async-await'].p99ms)} ms).`);
}
if (explored) {
  const e = explored;
  const r = (v) => `${fmt(v.median)} (${fmt(v.min)}–${fmt(v.max)})`;
  doc.push(
    '',
    '## Exploration',
    '',
    '`node bench/explore.mjs` (median of 5 timed runs after a warm-up). Three tasks of two steps sharing a counter (216 schedules), 20,000 schedules per run:',
    '',
    '| the search | schedules/s |',
    '| --- | ---: |',
    `| explore(), untraced (only a failure is run again with a Tracer) | ${r(e.untraced)} |`,
    `| the same schedules, each run with a Tracer recording every event | ${r(e.traced)} |`,
    `| untraced / traced | ${(e.untraced.median / e.traced.median).toFixed(2)}× |`,
    ...(e.parallel ? ['', `exploreParallel (yieldfrom/node), 200,000 schedules of eight philosophers (fixed), split among worker threads (median of 3): ${e.parallel.map((p) => `${p.workers} thread${p.workers === 1 ? '' : 's'} ${fmt(p.rate)}/s (${(p.rate / e.parallel[0].rate).toFixed(2)}×)`).join(', ')}.`, ''] : ['']),
    `Four tasks of two steps: \`strategy: 'dfs'\` ran all ${e.dfs.schedules.toLocaleString('en-US')} schedules in ${e.dfs.seconds.toFixed(2)} s; 10,000 random runs covered ${e.random10k.distinct.toLocaleString('en-US')} of them (${(e.random10k.coverage * 100).toFixed(1)}%; Knuth's estimate of the total from those runs: ${Math.round(e.random10k.estimate).toLocaleString('en-US')}). Runs-to-find and shrink results on the bug zoo: \`node --import tsx bench/explore.mjs --zoo\`.`,
  );
}
doc.push('', '## Reproducing a figure', '', '- One cell: `npm run build && node bench/cell.mjs LIB WORKLOAD warm` (or `node --expose-gc bench/cell.mjs LIB WORKLOAD gc`); LIB is a file of bench/peers/, WORKLOAD one of pingpong spawn fanin rt1 rt1000 steps sleep1ms virtual. It prints the cold run and the timed runs in ms.', '- A ratio with its range: `node bench/run.mjs --only pingpong --libs yieldfrom,async --rounds 5` (about a minute per workload).', '- The whole file: `npm run bench -- --write` (about 15 minutes on 2 cores).');

const text = `${doc.join('\n')}\n`;
console.log(text);
if (write) writeFileSync(join(here, 'RESULTS.md'), text);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ raw, rounds, note, repeat, deopts, memory, depth, size, kernel, explored, targets }, null, 1));
