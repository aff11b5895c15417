// bench/explore.mjs: what exploration costs and finds (issue 13), on the built package.
//   node bench/explore.mjs          the speed of the search, traced and untraced, and dfs's coverage
//   node --import tsx bench/explore.mjs --zoo   also runs-to-find (random, pct) and shrink results on the
//                                               bug zoo, on lib/ (a few minutes)
//   node bench/explore.mjs --json   the figures as one JSON line (bench/run.mjs reads it)
// Medians of 5 timed runs after one warm-up; the machine is shared and noisy.
const json = process.argv.includes('--json');
const withZoo = process.argv.includes('--zoo');
// With --zoo the zoo's programs (TypeScript, on lib/) need tsx, and explore must be lib's too.
const { explore, Queue, random, runSchedule, sleep, spawn } = withZoo ? await import('../lib/index.ts') : await import('../dist/index.js');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Three tasks, two steps each, sharing a counter: 216 schedules.
function* three() {
  let n = 0;
  const ts = [];
  for (let i = 0; i < 3; i++) {
    ts.push(
      yield* spawn(function* () {
        for (let s = 0; s < 2; s++) {
          const v = n;
          yield* sleep(0);
          n = v + 1;
        }
      }),
    );
  }
  for (const t of ts) yield* t;
  return n;
}

function rate(f, n) {
  f(Math.ceil(n / 10)); // warm-up
  const rs = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    f(n);
    rs.push((n / (performance.now() - t0)) * 1000);
  }
  return { median: median(rs), min: Math.min(...rs), max: Math.max(...rs) };
}

const N = 20_000;
// The search as explore() runs it now: untraced, only a failure is run again with a Tracer.
const untraced = rate((n) => explore(three, { runs: n, seed: 1 }), N);
// The same schedules, each run with a Tracer recording every event (what every run of the search cost before).
const traced = rate((n) => {
  for (let i = 1; i <= n; i++) runSchedule(three, random(i), { fingerprint: false });
}, N / 4);

// Four tasks of two steps: every schedule, and what 10,000 random ones cover.
function four() {
  return function* () {
    const ts = [];
    for (let i = 0; i < 4; i++) {
      ts.push(
        yield* spawn(function* () {
          yield* sleep(0);
          yield* sleep(0);
        }),
      );
    }
    for (const t of ts) yield* t;
    return 'done';
  };
}
let t0 = performance.now();
const dfs = explore(four(), { strategy: 'dfs', runs: 1e6 });
const dfsSeconds = (performance.now() - t0) / 1000;
const rnd = explore(four(), { runs: 10_000, seed: 1 });

// Partial-order reduction: three tasks, each with its own queue (nothing shared).
function ownQueues(n) {
  return function* () {
    const ts = [];
    for (let i = 0; i < n; i++) {
      ts.push(
        yield* spawn(function* () {
          const q = new Queue();
          for (let k = 0; k < 2; k++) {
            q.putNowait(k);
            yield* sleep(0);
            yield* q.get();
          }
        }),
      );
    }
    for (const t of ts) yield* t;
  };
}
const reduceRow = (program, runs) => {
  const row = {};
  for (const reduce of [undefined, 'sleep-sets', 'dpor']) {
    const t0 = performance.now();
    const r = explore(program, { strategy: 'dfs', reduce, runs, shrinkRuns: 0 });
    row[reduce ?? 'none'] = { runs: r.runs, schedules: r.distinct, complete: r.complete, found: !r.ok, ms: Math.round(performance.now() - t0) };
  }
  return row;
};

const out = {
  reduceOwnQueues3: reduceRow(ownQueues(3), 1e6),
  untraced,
  traced,
  dfs: { schedules: dfs.runs, complete: dfs.complete, seconds: dfsSeconds },
  random10k: { distinct: rnd.distinct, coverage: rnd.coverage, estimate: rnd.schedules },
};

if (withZoo) {
  const { zoo } = await import('../demos/zoo.ts');
  out.find = {};
  out.shrink = {};
  for (const z of zoo) {
    const row = {};
    for (const [label, o] of [
      ['random', { strategy: 'random' }],
      ['pct', { strategy: 'pct', depth: 3 }],
      ['pct, horizon 200', { strategy: 'pct', depth: 3, horizon: 200 }],
    ]) {
      const runs = [];
      for (let k = 0; k < 15; k++) {
        const r = explore(z.buggy, { ...o, seed: 1 + 1000 * k, runs: 20_000, shrinkRuns: 0, check: z.check, ...z.options });
        runs.push(r.ok ? Infinity : r.failure.run + 1);
      }
      row[label] = median(runs);
    }
    out.find[z.name] = row;
    const sizes = [];
    for (const strategy of ['random', 'pct']) {
      for (const seed of [1, 1001, 2001, 3001, 4001, 5001]) {
        const r = explore(z.buggy, { strategy, seed, runs: 20_000, check: z.check, ...z.options });
        sizes.push(r.failure ? `${r.failure.found}→${r.failure.deviations.length}${r.failure.minimal ? '*' : ''}` : '–');
      }
    }
    out.shrink[z.name] = { minimum: z.minimalDeviations, results: sizes };
  }
  // Partial-order reduction on the zoo: runs of dfs (at most 20,000) plain, with sleep sets, with dpor.
  out.reduce = {};
  for (const z of zoo) {
    if (z.name === 'connection-pool') continue; // too large for any dfs
    for (const which of ['buggy', 'fixed']) {
      const row = {};
      for (const reduce of [undefined, 'sleep-sets', 'dpor']) {
        const r = explore(z[which], { strategy: 'dfs', reduce, runs: 20_000, shrinkRuns: 0, check: z.check, ...z.options });
        row[reduce ?? 'none'] = `${r.ok ? 'pass' : 'FAIL'} in ${r.runs}${r.complete ? ' (complete)' : ''}`;
      }
      out.reduce[`${z.name} ${which}${z.plainState ? ' (plain state)' : ''}`] = row;
    }
  }
}

if (json) console.log(JSON.stringify(out));
else {
  const f = (x) => Math.round(x).toLocaleString('en-US');
  console.log(`three tasks, 216 schedules: explore (untraced search) ${f(untraced.median)} schedules/s (${f(untraced.min)}–${f(untraced.max)}); each run traced ${f(traced.median)} schedules/s (${f(traced.min)}–${f(traced.max)}): ${(untraced.median / traced.median).toFixed(2)}×`);
  const rr = out.reduceOwnQueues3;
  console.log(`three tasks with their own queues, dfs: ${Object.entries(rr).map(([k, v]) => `${k === 'none' ? 'plain' : k} ${f(v.runs)} runs (${f(v.schedules)} complete schedules, ${v.ms} ms)`).join('; ')}`);
  console.log(`four tasks of two steps: dfs ran all ${f(dfs.runs)} schedules in ${dfsSeconds.toFixed(2)} s (complete: ${dfs.complete}); 10,000 random runs covered ${f(rnd.distinct)} (${(rnd.coverage * 100).toFixed(1)}%), Knuth estimate ${f(rnd.schedules)}`);
  if (out.find) {
    console.log('\nmedian runs to find (15 seeds; run 1 is FIFO):');
    for (const [name, row] of Object.entries(out.find)) console.log(`  ${name}: ${Object.entries(row).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log('\nshrink (found→shrunk, * = proven minimal), random seeds 1, 1001, 2001, 3001, 4001, 5001 then pct:');
    for (const [name, s] of Object.entries(out.shrink)) console.log(`  ${name} (minimum ${s.minimum}): ${s.results.join(' ')}`);
    console.log('\ndfs runs (at most 20,000): plain | reduce: sleep-sets | reduce: dpor');
    for (const [name, row] of Object.entries(out.reduce)) console.log(`  ${name}: ${row.none} | ${row['sleep-sets']} | ${row.dpor}`);
  }
}

// exploreParallel: the same seeded search on 1, 2, … worker threads (--parallel; built package only).
if (process.argv.includes('--parallel')) {
  const { exploreParallel, workerFunction } = await import('../dist/node.js');
  const { availableParallelism } = await import('node:os');
  const program = workerFunction(new URL('../spec/fixtures/explore-programs.mjs', import.meta.url), 'philosophers8Fixed');
  const cores = availableParallelism();
  const counts = [...new Set([1, 2, cores])].filter((w) => w <= Math.max(2, cores));
  const runs = Number(process.env.PARALLEL_RUNS ?? 40_000);
  const rows = [];
  for (const workers of counts) {
    await exploreParallel(program, { runs: 2000, workers }); // warm-up
    const times = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      await exploreParallel(program, { runs, workers });
      times.push((performance.now() - t0) / 1000);
    }
    rows.push({ workers, seconds: median(times), rate: runs / median(times) });
  }
  const base = rows[0].rate;
  if (json) console.log(JSON.stringify({ parallel: rows }));
  else for (const r of rows) console.log(`exploreParallel, ${r.workers} thread${r.workers === 1 ? '' : 's'}: ${runs.toLocaleString('en-US')} schedules of eight philosophers (fixed) in ${r.seconds.toFixed(2)} s, ${Math.round(r.rate).toLocaleString('en-US')}/s, ${(r.rate / base).toFixed(2)}× one thread (${cores} cores)`);
}
