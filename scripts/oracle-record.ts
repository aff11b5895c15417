// scripts/oracle-record.ts: `npm run oracle:record` records what CPython (>= 3.13, found as
// spec/oracle/cpython.ts says; YIELDFROM_CPYTHON=/path/to/python picks one) answers, into
// spec/fixtures/cpython/, for the differential specs to compare with when CPython is not found:
//   NAME.txt      what the Python port of demo NAME (spec/oracle/seeds/) prints
//   timers.json   the traces of the timer programs (spec/oracle/suites.ts) on spec/oracle/timers.py
//   toolkit.json  the traces of the toolkit programs on spec/oracle/toolkit.py
// Rerun it after changing a port, a program generator, a suite or the Python interpreters.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOracle, fingerprint, RECORDINGS, type Recording, runCPython, runSeeds, seedNames } from '../spec/oracle/cpython.js';
import { recordedSuites, SEED } from '../spec/oracle/suites.js';

const oracle = findOracle();
if (!oracle.cpython) {
  console.error(`oracle:record needs CPython >= 3.13: ${oracle.why}`);
  process.exit(1);
}
const py = oracle.cpython;
console.log(`recording from CPython ${py.version} (${py.label}) into ${RECORDINGS}`);
mkdirSync(RECORDINGS, { recursive: true });

// The demos' Python ports: one transcript each; a port that was removed loses its transcript.
const names = seedNames();
const transcripts = runSeeds(py, names);
for (const f of readdirSync(RECORDINGS)) if (f.endsWith('.txt') && !names.includes(f.slice(0, -4))) rmSync(join(RECORDINGS, f));
for (const name of names) {
  const lines = transcripts[name];
  if (!lines) throw new Error(`CPython printed nothing for ${name}`);
  writeFileSync(join(RECORDINGS, `${name}.txt`), `${lines.join('\n')}\n`);
}
console.log(`  ${names.length} transcripts: ${names.join(', ')}`);

// The program suites: one trace per line, so that a change shows as a readable diff.
for (const [kind, suites] of Object.entries(recordedSuites()) as ['timers' | 'toolkit', Record<string, unknown[]>][]) {
  const rec: Recording<unknown> = {
    about: `CPython's traces for the '${kind}' suites of spec/oracle/suites.ts (fast-check seed ${SEED}), from spec/oracle/${kind}.py. Written by \`npm run oracle:record\`; do not edit.`,
    python: py.version,
    suites: {},
  };
  for (const [suite, programs] of Object.entries(suites)) {
    rec.suites[suite] = { programs: fingerprint(programs), count: programs.length, traces: runCPython<unknown[]>(py, `${kind}.py`, programs) };
  }
  const body = Object.entries(rec.suites)
    .map(([name, s]) => `    ${JSON.stringify(name)}: {\n      "programs": ${JSON.stringify(s.programs)},\n      "count": ${s.count},\n      "traces": [\n${s.traces.map((t) => `        ${JSON.stringify(t)}`).join(',\n')}\n      ]\n    }`)
    .join(',\n');
  const text = `{\n  "about": ${JSON.stringify(rec.about)},\n  "python": ${JSON.stringify(rec.python)},\n  "suites": {\n${body}\n  }\n}\n`;
  JSON.parse(text); // the hand-made layout is valid JSON
  writeFileSync(join(RECORDINGS, `${kind}.json`), text);
  console.log(`  ${kind}.json: ${Object.entries(rec.suites).map(([n, s]) => `${s.count} ${n}`).join(', ')} programs (${(text.length / 1024).toFixed(0)} KB)`);
}
