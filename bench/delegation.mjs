// bench/delegation.mjs: what one `yield gen` delegation costs on the trampoline, in a task and
// under delegate(), at depth 1 and 50,000 deep.
//   node bench/delegation.mjs [distDir]            one build: p10 and median, ns per delegation
//   node bench/delegation.mjs distA distB [rounds]  two builds in one process, in short batches
//                                                   that alternate (A B, B A, ...), with B/A
// Why batches: on a shared machine one long run alone is unreliable; short interleaved batches
// see the same load, and the 10th percentile of each is close to the unloaded cost. Comparing a
// build with a copy of itself gives a ratio of 1.00 +- 0.01 on a quiet machine.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const dirs = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
const rounds = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200);
if (dirs.length === 0) dirs.push(new URL('../dist', import.meta.url).pathname);
const libs = await Promise.all(dirs.map((d) => import(pathToFileURL(`${resolve(d)}/index.js`).href)));

const N = 50_000;
function cells(lib) {
  function* leaf(i) {
    return i;
  }
  function* flat(n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += yield leaf(i);
    return s;
  }
  function* rec(n) {
    return n === 0 ? 0 : 1 + (yield rec(n - 1));
  }
  return {
    'depth-1 round trip, task': () => lib.runSync(flat(N)),
    'depth-1 round trip, delegate()': () => lib.delegate(flat(N)).next(),
    '50,000 deep, task': () => lib.runSync(rec(N)),
  };
}

const all = libs.map(cells);
const samples = all.map(() => ({}));
for (let r = 0; r < rounds; r++) {
  for (const name of Object.keys(all[0])) {
    const order = r % 2 === 0 ? all.map((_, i) => i) : all.map((_, i) => all.length - 1 - i);
    for (const i of order) {
      const t0 = performance.now();
      all[i][name]();
      (samples[i][name] ??= []).push(((performance.now() - t0) * 1e6) / N);
    }
  }
}
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)];
for (const name of Object.keys(all[0])) {
  const stats = samples.map((s) => s[name].slice(10)).map((xs) => ({ p10: q(xs, 0.1), p50: q(xs, 0.5) }));
  const line = stats.map((s, i) => `${dirs.length > 1 ? 'AB'[i] : ''} p10 ${s.p10.toFixed(1)} p50 ${s.p50.toFixed(1)}`).join(' | ');
  console.log(`${name.padEnd(32)} ns/delegation ${line}${stats.length > 1 ? ` | B/A p10 ${(stats[1].p10 / stats[0].p10).toFixed(3)}` : ''}`);
}
