// On the built package (npm run build): worker threads import the programs, and run no
// TypeScript loader.
import { describe, expect, it } from 'vitest';
import { explore, runSchedule } from '../../dist/index.js';
import { exploreParallel, workerFunction } from '../../dist/node.js';
// @ts-expect-error: a plain JS fixture without types
import { balanceIsTwo, lostUpdate, philosophers8 } from '../fixtures/explore-programs.mjs';

const programs = new URL('../fixtures/explore-programs.mjs', import.meta.url);

describe('exploreParallel', () => {
  it('splits a seeded search among worker threads: the same schedules as explore() in one thread, the failure at the smallest run', async () => {
    const one = explore(lostUpdate, { runs: 41, seed: 3, check: balanceIsTwo });
    const par = await exploreParallel(workerFunction(programs, 'lostUpdate'), { runs: 41, seed: 3, check: 'balanceIsTwo', workers: 2 });
    expect(par.ok).toBe(false);
    expect(par.failure!.run).toBe(one.failure!.run);
    expect(par.failure!.token).toBe(one.failure!.token);
    expect(par.failure!.trace!.events).toEqual(one.failure!.trace!.events);
    expect(runSchedule(lostUpdate, par.failure!.token, { check: balanceIsTwo }).ok).toBe(false);
  });

  it('finds eight philosophers deadlocking, shrunk to seven deviations', async () => {
    const r = await exploreParallel(workerFunction(programs, 'philosophers8'), { runs: 2000, workers: 2 });
    expect(r.failure!.deviations.length).toBe(7);
    expect(runSchedule(philosophers8, r.failure!.token).ok).toBe(false);
  });

  it('passes over a fixed program, counting the runs of every thread once', async () => {
    const r = await exploreParallel(workerFunction(programs, 'lostUpdateFixed'), { runs: 201, check: 'balanceIsTwo', workers: 2 });
    expect(r).toMatchObject({ ok: true, runs: 201 });
  });

  it('keeps its pool between calls, and calls running at once each get threads of their own', async () => {
    const program = workerFunction(programs, 'philosophers8Fixed');
    const [a, b] = await Promise.all([exploreParallel(program, { runs: 401, workers: 2 }), exploreParallel(program, { runs: 401, workers: 2, seed: 7 })]);
    expect([a.ok, a.runs, b.ok, b.runs]).toEqual([true, 401, true, 401]);
    const c = await exploreParallel(program, { runs: 401, workers: 2 }); // reuses the pool one of them left
    expect(c).toMatchObject({ ok: true, runs: 401 });
    const found = await exploreParallel(workerFunction(programs, 'lostUpdate'), { runs: 2000, workers: 2, check: 'balanceIsTwo' });
    expect(found.ok).toBe(false); // a kept pool runs a different program module as well
  });

  it('rejects what cannot cross threads', async () => {
    await expect(exploreParallel(workerFunction(programs, 'lostUpdate'), { check: balanceIsTwo as never })).rejects.toThrow(/check names an export/);
    await expect(exploreParallel(workerFunction(programs, 'lostUpdate'), { strategy: 'dfs' })).rejects.toThrow(/splits the seeded strategies/);
    await expect(exploreParallel(workerFunction(programs, 'nope'), { workers: 1 })).rejects.toThrow(/has no export "nope"/);
  });
});
