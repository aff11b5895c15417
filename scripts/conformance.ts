// scripts/conformance.ts: `npm run conformance -- --runs 10000 [--seed N]`. Generates toolkit
// programs, runs each on CPython 3.13 (spec/oracle/toolkit.py) and on yieldfrom, and prints how
// many traces agree; for the smallest disagreement it prints the program and both traces.
import { fc } from '@fast-check/vitest';
import { findOracle, runCPython } from '../spec/oracle/cpython.js';
import { runToolkitProgram, toolkitProgramArb, type TraceEvent } from '../spec/oracle/toolkit-programs.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const runs = arg('runs', 1000);
// --eager: the programs run with eager tasks on both sides (asyncio.eager_task_factory).
const eager = process.argv.includes('--eager');
const seed = arg('seed', 1);
const batch = 2000;
const { cpython, why } = findOracle();
if (!cpython) {
  console.error(`npm run conformance needs CPython >= 3.13: ${why}`);
  process.exit(1);
}
let agree = 0;
const bad: { program: unknown; actual: unknown; expected: unknown }[] = [];
const programs = fc.sample(toolkitProgramArb(), { numRuns: runs, seed }).map((p) => (eager ? { ...p, eager: true } : p));
for (let start = 0; start < programs.length; start += batch) {
  const chunk = programs.slice(start, start + batch);
  const expected = runCPython<TraceEvent[][]>(cpython, 'toolkit.py', chunk);
  chunk.forEach((p, i) => {
    let actual: unknown;
    try {
      actual = runToolkitProgram(p);
    } catch (e) {
      actual = `yieldfrom threw ${String(e)}`;
    }
    if (JSON.stringify(actual) === JSON.stringify(expected[i])) agree++;
    else bad.push({ program: p, actual, expected: expected[i] });
  });
  process.stderr.write(`\r${Math.min(start + batch, programs.length)} / ${programs.length} programs run`);
}
process.stderr.write('\n');
console.log(`${agree} of ${programs.length} programs${eager ? ' (eager tasks)' : ''} agree with CPython ${cpython.version} (seed ${seed})`);
if (bad.length) {
  const smallest = bad.sort((a, b) => JSON.stringify(a.program).length - JSON.stringify(b.program).length)[0]!;
  console.log(`smallest disagreement:\n${JSON.stringify(smallest.program)}`);
  const a = smallest.actual as unknown[];
  const e = smallest.expected as unknown[];
  if (!Array.isArray(a)) console.log(a);
  else for (let k = 0; k < Math.max(a.length, e.length); k++) {
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(e[k]);
    console.log(x === y ? `   ${x}` : `!! yieldfrom ${x}\n   cpython   ${y}`);
  }
  process.exit(1);
}
