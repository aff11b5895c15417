// ThreadPoolExecutor on real worker threads (lib/node/executor.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CancelledError, gather, getRunningLoop, QueueFull, run, sleep, spawn } from '../../lib/index.js';
import { ThreadPoolExecutor, toThread, workerFunction } from '../../lib/node/index.js';
import { ROOT } from '../helpers.js';

const work = pathToFileURL(join(ROOT, 'spec', 'fixtures', 'work.mjs'));
const countDown = workerFunction(work, 'countDown');

describe('ThreadPoolExecutor', () => {
  it("runs the seed's three blocking count_downs at once: about the longest one's time, not the sum", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 3 });
    // The seed's 1 s, 0.8 s and 0.5 s per step, scaled by 0.2: longest 0.6 s, sum 1.38 s.
    const t0 = Date.now();
    const out = await run(function* () {
      const loop = getRunningLoop();
      return yield* gather(loop.runInExecutor(pool, countDown, 'A', 0.2), loop.runInExecutor(pool, countDown, 'B', 0.16), loop.runInExecutor(pool, countDown, 'C', 0.1));
    });
    const elapsed = (Date.now() - t0) / 1000;
    await pool.shutdown();
    expect(out).toEqual([
      ['A = 3', 'A = 2', 'A = 1'],
      ['B = 3', 'B = 2', 'B = 1'],
      ['C = 3', 'C = 2', 'C = 1'],
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(0.6);
    expect(elapsed).toBeLessThan(1.2); // generous: the sequential sum is 1.38 s
  });

  it('brings an error in the worker back into the awaiting coroutine, with its message and stack', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const err = await run(function* () {
      try {
        yield getRunningLoop().runInExecutor(pool, workerFunction(work, 'boom'), 'bad input 42');
      } catch (e) {
        return e as Error;
      }
      return null;
    });
    await pool.shutdown();
    expect(err).toBeInstanceOf(Error);
    expect(err!.name).toBe('RangeError');
    expect(err!.message).toBe('bad input 42');
    expect(err!.stack).toContain('work.mjs');
  });

  it('cancelling the awaiting task aborts the job and frees the worker', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const t0 = Date.now();
    const out = await run(function* () {
      const loop = getRunningLoop();
      const slow = yield* spawn(function* () {
        return yield loop.runInExecutor(pool, workerFunction(work, 'sleepFor'), 30);
      });
      yield* sleep(0.1);
      slow.cancel();
      let cancelled = false;
      try {
        yield* slow;
      } catch (e) {
        cancelled = e instanceof CancelledError;
      }
      // The only worker is free again: this runs at once.
      const sum = yield loop.runInExecutor(pool, workerFunction(work, 'add'), 2, 3);
      return { cancelled, sum };
    });
    await pool.shutdown();
    expect(out).toEqual({ cancelled: true, sum: 5 });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('refuses work past a full queue (QueueFull), and bad input', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1, maxQueue: 1 });
    const out = await run(function* () {
      const loop = getRunningLoop();
      const sleepy = workerFunction(work, 'sleepFor');
      const a = loop.runInExecutor(pool, sleepy, 0.3);
      yield* sleep(0.05); // a is running
      const b = loop.runInExecutor(pool, sleepy, 0.01); // queued
      const c = loop.runInExecutor(pool, sleepy, 0.01); // over the limit
      const results: string[] = [];
      for (const f of [a, b, c]) {
        try {
          results.push(String(yield f));
        } catch (e) {
          results.push(e instanceof QueueFull ? 'QueueFull' : String(e));
        }
      }
      return results;
    });
    await pool.shutdown();
    expect(out).toEqual(['woke', 'woke', 'QueueFull']);
    expect(() => new ThreadPoolExecutor({ maxWorkers: 0 })).toThrowErrorMatchingInlineSnapshot(`[TypeError: ThreadPoolExecutor(maxWorkers): expected a positive integer, got 0]`);
    const p2 = new ThreadPoolExecutor();
    await expect(p2.submit((() => 1) as never, [], new AbortController().signal)).rejects.toThrow(/functions cannot cross threads/);
    await p2.shutdown();
  });

  it('toThread uses the default executor, which closes with the loop: nothing keeps the process alive', () => {
    const script = `
      import { run } from ${JSON.stringify(pathToFileURL(join(ROOT, 'lib', 'index.ts')).href)};
      import { toThread, workerFunction } from ${JSON.stringify(pathToFileURL(join(ROOT, 'lib', 'node', 'index.ts')).href)};
      const r = await run(function* () { return yield* toThread(workerFunction(${JSON.stringify(work.href)}, 'add'), 20, 22); });
      console.log(r);`;
    const file = join(mkdtempSync(join(tmpdir(), 'yf-')), 'to-thread.mts');
    writeFileSync(file, script);
    const t0 = Date.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('42');
    expect(Date.now() - t0).toBeLessThan(15_000); // exits on its own once the loop is closed
  });
});
