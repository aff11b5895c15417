// The Python ports that the seed runner cannot run (spec/oracle/ports/): executor and server need
// threads, sockets and real time, and explore has no counterpart in asyncio (CPython runs one
// order only). They run on the oracle's CPython when it is found, beside what yieldfrom does:
// the same count_down lines and verdict, the same answer from the server, and the zoo's programs
// returning the same values under CPython's own order as under yieldfrom's FIFO.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fifo, runSchedule } from '../lib/index.js';
import { zoo } from '../demos/zoo.js';
import { oracle } from './helpers.js';
import { ORACLE_SCRIPTS } from './oracle/cpython.js';

const py = oracle().cpython;
const port = (name: string, ...args: string[]): string[] => {
  const r = spawnSync(py!.command, [join(ORACLE_SCRIPTS, 'ports', `${name}.py`), ...args], { cwd: ORACLE_SCRIPTS, encoding: 'utf8', env: { ...process.env, ...py!.env }, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`ports/${name}.py failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout.replace(/\n$/, '').split('\n');
};

describe.skipIf(!py)(`the Python ports outside the seed runner (${py ? `CPython ${py.version}` : 'skipped: no CPython >= 3.13, see spec/oracle/cpython.ts'})`, () => {
  it('explore: each program of the zoo returns under CPython\'s order what it returns under yieldfrom\'s FIFO, buggy and fixed', () => {
    const ours: string[] = [];
    for (const z of zoo) {
      ours.push(`--- ${z.name}`);
      for (const [label, program] of [['under FIFO', z.buggy], ['the fix under FIFO', z.fixed]] as const) {
        const r = runSchedule(program, fifo(), { check: z.check, ...z.options, trace: false });
        ours.push(`${label}: returns ${String(r.result)} (${r.ok ? 'passes' : 'fails'})`);
      }
    }
    const theirs = port('explore').map((l) => (l.startsWith('--- ') ? l.slice(0, l.indexOf(':')) : l));
    expect(theirs).toEqual(ours);
    expect(ours.filter((l) => l.endsWith('(passes)')).length).toBe(2 * zoo.length); // every bug hides under FIFO
  });

  it('executor: three blocking count_downs on three threads overlap, as in the demo', () => {
    const lines = port('executor');
    expect(lines.slice(0, 3)).toEqual(['A = 3, A = 2, A = 1', 'B = 3, B = 2, B = 1', 'C = 3, C = 2, C = 1']);
    expect(lines[3]).toMatch(/^three count_downs on three threads took [\d.]+ s; the longest took [\d.]+ s, all three [\d.]+ s: nearer the longest job than the sum: they ran side by side$/);
  });

  it('server --once: answers /hello/yieldfrom as the demo does', () => {
    const lines = port('server', '--once');
    expect(lines[0]).toMatch(/^Server started at http:\/\/127\.0\.0\.1:\d+\.\.\.$/);
    expect(lines[1]).toBe('GET /hello/yieldfrom -> 200 <h1>hello, yieldfrom!</h1>');
  });
});
