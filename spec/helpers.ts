// helpers.ts: shared spec utilities: the repository's root, and the CPython oracle.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { findOracle, type Oracle } from './oracle/cpython.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

let found: Oracle | undefined;
/**
 * The CPython oracle of this test run: a live CPython >= 3.13, or the recordings in
 * spec/fixtures/cpython/ (see spec/oracle/cpython.ts). Found once, by the global setup.
 */
export function oracle(): Oracle {
  found ??= inject('oracle') ?? findOracle();
  return found;
}
