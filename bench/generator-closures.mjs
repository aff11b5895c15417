// bench/generator-closures.mjs: `node bench/generator-closures.mjs` (no yieldfrom in it).
// The V8 effect behind the README's advice: a `function* () {}` written inside a function that
// runs often is a new generator closure each time, with its own prototype and hidden class, and
// what it captures survives young-generation GCs. Each mode runs in a fresh process with
// --trace-gc, against one module-level generator function.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const N = 300_000;

function* fixed(x) {
  yield x;
  return x;
}

const mode = process.argv[2];
if (mode === undefined) {
  for (const m of ['closure', 'module-level']) {
    const out = execFileSync(process.execPath, ['--trace-gc', fileURLToPath(import.meta.url), m], { encoding: 'utf8' });
    const fullGcs = out.split('\n').filter((l) => l.includes('Mark-Compact')).length;
    const line = out.split('\n').find((l) => l.startsWith(`${m}:`));
    console.log(`${line}, ${fullGcs} full GCs`);
  }
} else {
  const t0 = performance.now();
  let s = 0;
  for (let i = 0; i < N; i++) {
    const obj = { i, payload: new Array(8).fill(i) };
    const g = mode === 'closure' ? (function* () { yield obj; return obj; })() : fixed(obj);
    s += g.next().value.i;
    g.next();
  }
  console.log(`${mode}: ${N} generators in ${Math.round(performance.now() - t0)} ms (checksum ${s})`);
}
