// spec/oracle/global-setup.ts: vitest's globalSetup. Finds the CPython oracle once per test run
// (spec/oracle/cpython.ts: YIELDFROM_CPYTHON), prints one line saying which it is, and hands
// it to the specs (helpers.ts: oracle()).
import type { TestProject } from 'vitest/node';
import { describeOracle, findOracle, type Oracle } from './cpython.js';

declare module 'vitest' {
  export interface ProvidedContext {
    oracle: Oracle;
  }
}

export default function setup(project: TestProject): void {
  const oracle = findOracle();
  console.log(describeOracle(oracle));
  project.provide('oracle', oracle);
}
