// spec/oracle/cpython.ts: the CPython oracle, live or recorded. The differential specs compare
// yieldfrom with CPython 3.13's asyncio running the same programs on a virtual clock
// (spec/oracle/vloop.py). When CPython >= 3.13 is found they run it live; when it is not, they
// compare with the traces that `npm run oracle:record` recorded from CPython into
// spec/fixtures/cpython/. Everything here stays inside the repository.
//
// YIELDFROM_CPYTHON chooses:
//   unset or 'auto'  try `PYENV_VERSION=3.13.0 python3`, then `python3.13`, then `python3`
//                    (each must say it is >= 3.13); use the recordings if none does
//   'required'       the same, but fail if none is found (.ci/run sets this)
//   'none'           do not look for CPython: use the recordings
//   anything else    the command to run (a path or a name on PATH); it must be >= 3.13
//
// No vitest import: scripts/ use this too.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ORACLE_SCRIPTS = join(ROOT, 'spec', 'oracle');
export const RECORDINGS = join(ROOT, 'spec', 'fixtures', 'cpython');
export const MIN_VERSION = [3, 13] as const;

/** A CPython interpreter to run: the command, extra environment, and how to name it. */
export interface CPython {
  command: string;
  env: Record<string, string>;
  label: string;
  version: string;
}

/** The oracle the specs use: a live CPython, or the recordings (and why). */
export type Oracle = { cpython: CPython; why?: undefined } | { cpython: null; why: string };

const CANDIDATES: Omit<CPython, 'version'>[] = [
  { command: 'python3', env: { PYENV_VERSION: '3.13.0' }, label: 'PYENV_VERSION=3.13.0 python3' },
  { command: 'python3.13', env: {}, label: 'python3.13' },
  { command: 'python3', env: {}, label: 'python3' },
];

type Probe = { ok: true; version: string } | { ok: false; reason: string };

function probe(c: Omit<CPython, 'version'>): Probe {
  const r = spawnSync(c.command, ['-c', 'import sys; print(*sys.version_info[:3], sep=".")'], {
    encoding: 'utf8',
    env: { ...process.env, ...c.env },
    timeout: 30_000,
  });
  if (r.error) return { ok: false, reason: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not on PATH' : r.error.message };
  if (r.status !== 0) return { ok: false, reason: `exit ${r.status}: ${r.stderr.trim().split('\n').pop() ?? ''}` };
  const version = r.stdout.trim();
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) return { ok: false, reason: `it is ${version}` };
  return { ok: true, version };
}

/** Finds the oracle as YIELDFROM_CPYTHON asks (see the top of this file). Throws on a bad setting. */
export function findOracle(setting: string = process.env.YIELDFROM_CPYTHON ?? ''): Oracle {
  const want = setting.trim();
  if (want === 'none') return { cpython: null, why: 'YIELDFROM_CPYTHON=none' };
  if (want !== '' && want !== 'auto' && want !== 'required') {
    const c = { command: want, env: {}, label: want };
    const p = probe(c);
    if (!p.ok) throw new Error(`YIELDFROM_CPYTHON=${want}: cannot use it as the CPython oracle (${p.reason}); it must run CPython >= ${MIN_VERSION.join('.')}, or be 'none', 'auto' or 'required'`);
    return { cpython: { ...c, version: p.version } };
  }
  const tried: string[] = [];
  for (const c of CANDIDATES) {
    const p = probe(c);
    if (p.ok) return { cpython: { ...c, version: p.version } };
    tried.push(`${c.label} (${p.reason})`);
  }
  const why = `CPython >= ${MIN_VERSION.join('.')} not found: tried ${tried.join(', ')}`;
  if (want === 'required') throw new Error(`YIELDFROM_CPYTHON=required: ${why}`);
  return { cpython: null, why };
}

/** The one line the test run prints about the oracle. */
export function describeOracle(o: Oracle): string {
  return o.cpython
    ? `CPython oracle: live, CPython ${o.cpython.version} (${o.cpython.label})`
    : `CPython oracle: ${o.why}; the differential specs compare with the recordings in spec/fixtures/cpython/ (YIELDFROM_CPYTHON in spec/oracle/cpython.ts)`;
}

function python(py: CPython, args: string[], input?: string): string {
  const r = spawnSync(py.command, args, {
    input,
    encoding: 'utf8',
    cwd: ORACLE_SCRIPTS,
    env: { ...process.env, ...py.env },
    maxBuffer: 1 << 28,
  });
  if (r.error) throw new Error(`could not run CPython (${py.label}): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`CPython (${py.label}) ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** Runs spec/oracle/SCRIPT on CPython, feeding `input` as JSON on stdin; returns the JSON it prints. */
export function runCPython<T>(py: CPython, script: string, input: unknown): T {
  return JSON.parse(python(py, [join(ORACLE_SCRIPTS, script)], JSON.stringify(input))) as T;
}

const lines = (s: string): string[] => s.replace(/\n$/, '').split('\n');

/** The names of the Python ports of the demos (spec/oracle/seeds/*.py), as demo names. */
export function seedNames(): string[] {
  return readdirSync(join(ORACLE_SCRIPTS, 'seeds'))
    .filter((f) => f.endsWith('.py'))
    .map((f) => f.slice(0, -3).replace(/_/g, '-'))
    .sort();
}

/** Runs the Python ports of some demos in one CPython process; returns each one's lines. */
export function runSeeds(py: CPython, names: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let current: string[] = [];
  for (const line of lines(python(py, [join(ORACLE_SCRIPTS, 'seed.py'), '--headings', ...names]))) {
    const m = /^=== (\S+)$/.exec(line);
    if (m) out[m[1]!] = current = [];
    else current.push(line);
  }
  return out;
}

/** The transcript recorded from CPython for a demo's Python port (spec/fixtures/cpython/NAME.txt). */
export function recordedTranscript(name: string): string[] {
  const file = join(RECORDINGS, `${name}.txt`);
  if (!existsSync(file)) throw new Error(`no recorded CPython transcript ${file}: run \`npm run oracle:record\` with CPython >= 3.13`);
  return lines(readFileSync(file, 'utf8'));
}

/** A fingerprint of a list of programs: a recording is used only for exactly the programs it was made from. */
export function fingerprint(programs: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(programs)).digest('hex')}`;
}

export interface Recording<T> {
  about: string;
  python: string;
  suites: Record<string, { programs: string; count: number; traces: T[] }>;
}

export function readRecording<T>(kind: 'timers' | 'toolkit'): Recording<T> {
  const file = join(RECORDINGS, `${kind}.json`);
  if (!existsSync(file)) throw new Error(`no recorded CPython traces ${file}: run \`npm run oracle:record\` with CPython >= 3.13`);
  return JSON.parse(readFileSync(file, 'utf8')) as Recording<T>;
}

/**
 * CPython's traces for `programs` of suite `suite`: run live when `oracle` has a CPython,
 * otherwise read from the recording, which must have been made from exactly these programs.
 */
export function oracleTraces<T>(oracle: Oracle, kind: 'timers' | 'toolkit', suite: string, programs: unknown[]): T[] {
  if (oracle.cpython) return runCPython<T[]>(oracle.cpython, `${kind}.py`, programs);
  const rec = readRecording<T>(kind).suites[suite];
  const fp = fingerprint(programs);
  if (!rec) throw new Error(`spec/fixtures/cpython/${kind}.json has no suite '${suite}': run \`npm run oracle:record\` with CPython >= 3.13`);
  if (rec.programs !== fp)
    throw new Error(
      `spec/fixtures/cpython/${kind}.json was recorded for other '${suite}' programs (${rec.count} of them; now ${programs.length}): ` +
        `the generator, the seed or the run count changed. Run \`npm run oracle:record\` with CPython >= 3.13, or run the specs where CPython >= 3.13 is found`,
    );
  return rec.traces;
}
