// The CPython oracle itself (spec/oracle/): the recordings in spec/fixtures/cpython/ that stand in
// for CPython when it is not found must be complete, made from the programs the specs run now,
// and (where CPython >= 3.13 is found) still be what CPython answers. `npm run oracle:record`
// rewrites them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oracle, ROOT } from './helpers.js';
import { fingerprint, ORACLE_SCRIPTS, readRecording, RECORDINGS, recordedTranscript, runCPython, runSeeds, seedNames } from './oracle/cpython.js';
import { recordedSuites } from './oracle/suites.js';

const kinds = ['timers', 'toolkit'] as const;
// phases: CPython's as_completed starts the phases in a set's order, which changes from run to run.
const startOrderFree = (name: string, lines: string[]): string[] =>
  name === 'phases' ? [...lines.filter((l) => !l.startsWith('in phase')), ...lines.filter((l) => l.startsWith('in phase')).sort()] : lines;

describe('the CPython oracle', () => {
  it('every Python port (spec/oracle/seeds) is of a demo and has a recorded transcript, and every transcript has a port', () => {
    const names = seedNames();
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const name of names) {
      expect(existsSync(join(ROOT, 'demos', `${name}.ts`)), `demos/${name}.ts`).toBe(true);
      expect(recordedTranscript(name).length, name).toBeGreaterThan(0);
    }
    const transcripts = readdirSync(RECORDINGS).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();
    expect(transcripts).toEqual(names);
  });

  it('the recorded traces were made from exactly the programs the specs run by default', () => {
    const suites = recordedSuites();
    for (const kind of kinds) {
      const rec = readRecording<unknown[]>(kind);
      expect(Object.keys(rec.suites).sort(), kind).toEqual(Object.keys(suites[kind]).sort());
      for (const [name, programs] of Object.entries(suites[kind] as Record<string, unknown[]>)) {
        const s = rec.suites[name]!;
        expect({ kind, name, programs: s.programs, count: s.count, traces: s.traces.length }).toEqual({
          kind,
          name,
          programs: fingerprint(programs),
          count: programs.length,
          traces: programs.length,
        });
      }
    }
  });

  const py = oracle().cpython;
  it.skipIf(!py)(`the recordings are what CPython answers now (live: ${py ? `CPython ${py.version}` : 'not found, skipped'})`, () => {
    const names = seedNames();
    const live = runSeeds(py!, names);
    for (const name of names) expect(startOrderFree(name, live[name]!), name).toEqual(startOrderFree(name, recordedTranscript(name)));
    const suites = recordedSuites();
    for (const kind of kinds) {
      const rec = readRecording<unknown[]>(kind);
      for (const [name, programs] of Object.entries(suites[kind] as Record<string, unknown[]>)) {
        expect(runCPython<unknown[]>(py!, `${kind}.py`, programs), `${kind} ${name}`).toEqual(rec.suites[name]!.traces);
      }
    }
  });

  it.skipIf(!py)('vloop.py: virtual time, and a program that would wait forever fails instead of hanging', () => {
    const run = (code: string) =>
      spawnSync(py!.command, ['-c', code], { cwd: ORACLE_SCRIPTS, encoding: 'utf8', env: { ...process.env, ...py!.env }, timeout: 30_000 });
    const t0 = Date.now();
    const slept = run('import asyncio, vloop\nasync def main():\n    await asyncio.sleep(3600)\n    return asyncio.get_running_loop().time()\nprint(vloop.run(main()))');
    expect(slept.stdout.trim()).toBe('3600.0');
    expect(Date.now() - t0).toBeLessThan(20_000);
    const stuck = run('import asyncio, vloop\nasync def main():\n    await asyncio.Event().wait()\nvloop.run(main())');
    expect(stuck.status).not.toBe(0);
    expect(stuck.stderr).toContain('VirtualTimeDeadlock: nothing is ready to run and no timer is pending');
  });
});
