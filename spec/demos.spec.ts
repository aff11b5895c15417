// Runs the demos as a user would (`npm run demo -- ...`): with --cpython their output equals
// what their Python ports (spec/oracle/seeds/*.py) print on CPython, run live when CPython
// >= 3.13 is found, else as recorded in spec/fixtures/cpython/*.txt; by default it is pinned in
// spec/fixtures/demos/*.txt.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oracle, ROOT } from './helpers.js';
import { recordedTranscript, runSeeds, seedNames } from './oracle/cpython.js';

function demo(...args: string[]): string[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'demos', 'run.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return out.replace(/\n$/, '').split('\n');
}

/** Runs several demos in one process and splits the output by their headings. */
function demos(names: string[], ...flags: string[]): Record<string, string[]> {
  const lines = demo(...names, ...flags);
  const out: Record<string, string[]> = {};
  let current: string[] | null = null;
  for (const line of lines) {
    const m = /^=== ([\w-]+): /.exec(line);
    if (m) out[m[1]!] = current = [];
    else if (current) current.push(line);
  }
  for (const k of Object.keys(out)) {
    const v = out[k]!;
    while (v[0] === '') v.shift();
    while (v.at(-1) === '') v.pop();
  }
  return out;
}

const pinned = (name: string): string[] => readFileSync(join(ROOT, 'spec', 'fixtures', 'demos', `${name}.txt`), 'utf8').replace(/\n+$/, '').split('\n');
const ORACLE = seedNames(); // every demo that has a Python port
const DETERMINISTIC = ['sendpc', 'hello', 'countdown-sync', 'countdown', 'bread', 'phases', 'lock', 'event', 'condition', 'semaphore', 'barrier', 'timeouts', 'explore'];

describe('demos', () => {
  const py = oracle().cpython;
  it(`with --cpython, the demos print what their Python ports print on ${py ? `CPython ${py.version}` : 'CPython (recorded)'} (phases' start order excepted)`, () => {
    expect(ORACLE.length).toBeGreaterThanOrEqual(12);
    const out = demos(ORACLE, '--cpython');
    const live = py ? runSeeds(py, ORACLE) : null;
    for (const name of ORACLE) {
      const expected = live ? live[name]! : recordedTranscript(name);
      expect(expected.length, name).toBeGreaterThan(0);
      const actual = out[name]!;
      if (name === 'sendpc') {
        // sendpc prints the exchange twice: by hand, then between two tasks.
        const sep = actual.indexOf('--- the same, between two tasks with send/receive ---');
        expect(actual.slice(0, sep)).toEqual(expected);
        expect(actual.slice(sep + 1)).toEqual(expected);
      } else if (name === 'phases') {
        const start = (l: string): boolean => l.startsWith('in phase');
        expect(actual.filter((l) => !start(l))).toEqual(expected.filter((l) => !start(l)));
        expect(actual.filter(start).sort()).toEqual(expected.filter(start).sort());
      } else expect(actual, name).toEqual(expected);
    }
  });

  it('by default, every deterministic demo prints its pinned output', () => {
    const out = demos(DETERMINISTIC);
    for (const name of DETERMINISTIC) expect(out[name], name).toEqual(pinned(name));
    // The default timer order keeps ties FIFO: Grace eats before Lucy at 1.5 s, unlike CPython.
    expect(out.bread!.slice(4, 6)).toEqual(['1.5000 Grace eats bread 0', '1.5000 Lucy eats bread 0']);
  });

  it('executor runs the count_downs on worker threads; server --once answers one request and exits', () => {
    const ex = demo('executor');
    expect(ex.slice(0, 3)).toEqual(['A = 3, A = 2, A = 1', 'B = 3, B = 2, B = 1', 'C = 3, C = 2, C = 1']);
    // Timed on warm threads against the jobs' own times: the three overlap (with one thread they would not).
    expect(ex[3]).toMatch(/^three count_downs on three threads took [\d.]+ s; the longest took [\d.]+ s, all three [\d.]+ s: nearer the longest job than the sum: they ran side by side$/);
    const srv = demo('server', '--once');
    expect(srv[0]).toMatch(/^Server started at http:\/\/127\.0\.0\.1:\d+\.\.\.$/);
    expect(srv[1]).toBe('GET /hello/yieldfrom -> 200 <h1>hello, yieldfrom!</h1>');
  });

  it('--trace adds an ASCII timeline', () => {
    const lines = demo('countdown', '--trace');
    expect(lines.some((l) => /^time\s+\| Task-1/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('sleep(0.5)'))).toBe(true);
  });

  it('runs every demo with a heading each when no name is given', () => {
    const lines = demo();
    expect(lines.filter((l) => l.startsWith('=== ')).map((l) => /^=== ([\w-]+):/.exec(l)![1])).toEqual([
      'sendpc', 'hello', 'countdown-sync', 'countdown', 'bread', 'phases', 'lock', 'event', 'condition', 'semaphore', 'barrier', 'timeouts', 'executor', 'server', 'explore',
    ]);
  });

  it('rejects unknown demos and flags with the list of demos', () => {
    let err: { status: number; stderr: string } | undefined;
    try {
      demo('nope', '--fast');
    } catch (e) {
      err = e as { status: number; stderr: string };
    }
    expect(err?.status).toBe(2);
    expect(err?.stderr).toContain("unknown demo 'nope', unknown flag '--fast'");
    expect(err?.stderr).toContain('countdown-sync');
  });
});
