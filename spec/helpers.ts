// helpers.ts: shared spec utilities: output capture, the CPython oracle runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ORACLE_DIR = resolve(ROOT, '..', 'shared', 'cpython-oracle');

/** The transcript CPython printed for a seed example (shared/cpython-oracle/NAME.expected.txt). */
export function expectedTranscript(name: string): string[] {
  const file = join(ORACLE_DIR, `${name}.expected.txt`);
  if (!existsSync(file)) throw new Error(`missing oracle transcript ${file}: shared/ must sit beside the project`);
  return readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
}

/**
 * Runs a Python script from spec/oracle on CPython 3.13 (PYENV_VERSION=3.13.0 python3), feeding
 * `input` as JSON on stdin and returning the parsed JSON it prints.
 */
export function runCPython<T>(script: string, input: unknown): T {
  const r = spawnSync('python3', [join(ROOT, 'spec', 'oracle', script)], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    env: { ...process.env, PYENV_VERSION: '3.13.0', ORACLE_DIR },
    maxBuffer: 1 << 28,
  });
  if (r.error) throw new Error(`could not run CPython 3.13 (PYENV_VERSION=3.13.0 python3): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`CPython oracle ${script} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
