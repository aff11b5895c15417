// ThreadPoolExecutor on real worker threads (lib/node/executor.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CancelledError, gather, getRunningLoop, QueueFull, run, sleep, spawn } from '../../lib/index.js';
import { workerExecArgv } from '../../lib/node/executor.js';
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

/** Runs `body` (an ES module under tsx, with `yf`, `yn` and `WORK`) with node `flags`; its stdout and exit status. */
function underFlags(flags: string[], body: string): { status: number | null; stdout: string; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'yf-')), 'flags.mts');
  writeFileSync(
    file,
    `import * as yf from ${JSON.stringify(pathToFileURL(join(ROOT, 'lib', 'index.ts')).href)};\nimport * as yn from ${JSON.stringify(pathToFileURL(join(ROOT, 'lib', 'node', 'index.ts')).href)};\nconst WORK = ${JSON.stringify(work.href)};\n${body}`,
  );
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

describe('ThreadPoolExecutor under node flags', () => {
  const job = `const pool = new yn.ThreadPoolExecutor({ maxWorkers: 2 });
    try { console.log(await yf.run(function* () { return yield yf.getRunningLoop().runInExecutor(pool, yn.workerFunction(WORK, 'add'), 40, 2); })); }
    catch (e) { console.log('failed: ' + (e as Error).message); }
    await pool.shutdown();
    console.log('shut down');`;

  it('runs jobs, and shuts down without throwing, under --max-old-space-size, --expose-gc, --stack-size and --title', () => {
    const a = underFlags(['--max-old-space-size=256', '--expose-gc', '--stack-size=900', '--title=yf-executor-spec'], job);
    expect(a.stderr).not.toMatch(/Terminating worker thread|ERR_WORKER_INVALID_EXEC_ARGV/);
    expect([a.status, a.stdout]).toEqual([0, '42\nshut down']);
    const b = underFlags(['--title', 'yf executor spec', '--stack-size=900'], job); // a flag and its value as two arguments
    expect([b.status, b.stdout]).toEqual([0, '42\nshut down']);
  });

  it('workerExecArgv() keeps what a worker accepts (loaders) and drops the rest', () => {
    expect(workerExecArgv(['--import', 'tsx', '--max-old-space-size=64', '--expose-gc', '--title', 'x y', '--stack-size=900', '-e', 'code()', '--input-type=module', '--conditions=dev', '--no-warnings'])).toEqual([
      '--import',
      'tsx',
      '--conditions=dev',
      '--no-warnings',
    ]);
  });

  it('shutdown() with jobs running and queued resolves, and their futures fail: nothing throws or goes unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
      const out = await run(function* () {
        const loop = getRunningLoop();
        const fs = [0, 1, 2].map(() => loop.runInExecutor(pool, workerFunction(work, 'sleepFor'), 5));
        yield* sleep(0.1);
        yield pool.shutdown();
        const r: string[] = [];
        for (const f of fs) {
          try {
            r.push(String(yield f));
          } catch (e) {
            r.push(`failed: ${(e as Error).message}`);
          }
        }
        return r;
      });
      await new Promise((res) => setTimeout(res, 50)); // time for a stray rejection to surface
      expect(out.every((r) => r.startsWith('failed: '))).toBe(true);
      await expect(pool.shutdown()).resolves.toBeUndefined(); // again: still fine
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('ThreadPoolExecutor: what comes back keeps its substance', () => {
  /** The job's outcome: ['ok', value] or ['threw', thrown]. */
  function* outcome(pool: ThreadPoolExecutor, name: string, ...args: unknown[]): Generator<unknown, [string, any], any> {
    try {
      return ['ok', yield getRunningLoop().runInExecutor(pool, workerFunction(work, name), ...args)];
    } catch (e) {
      return ['threw', e];
    }
  }

  it("keeps an error's name, message, stack, code, cause and own properties; its class when standard", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const out = await run(function* () {
      return {
        missing: yield* outcome(pool, 'readMissing', '/nonexistent/yieldfrom-spec'),
        cause: yield* outcome(pool, 'failWithCause'),
        many: yield* outcome(pool, 'failMany'),
        custom: yield* outcome(pool, 'customError'),
      };
    });
    await pool.shutdown();
    const missing = out.missing[1] as NodeJS.ErrnoException;
    expect([out.missing[0], missing.code, missing.syscall, missing.path, missing.errno]).toEqual(['threw', 'ENOENT', 'open', '/nonexistent/yieldfrom-spec', -2]);
    expect(missing.message).toMatch(/^ENOENT: no such file or directory/);
    const cause = out.cause[1] as Error & { code: string; detail: unknown; cause: Error & { code: string } };
    expect(cause).toBeInstanceOf(TypeError);
    expect([cause.name, cause.message, cause.code, cause.detail, cause.cause.message, cause.cause.code]).toEqual(['TypeError', 'outer', 'E_OUTER', { n: 1 }, 'inner', 'E_INNER']);
    expect(cause.stack).toContain('failWithCause');
    expect(cause.cause.stack).toContain('work.mjs');
    const many = out.many[1] as AggregateError;
    expect(many).toBeInstanceOf(AggregateError);
    expect([many.message, many.errors[0] instanceof RangeError, (many.errors[0] as Error).message, many.errors[1]]).toEqual(['many', true, 'one', 'two']);
    const custom = out.custom[1] as Error & { field: string };
    expect([custom instanceof Error, custom.name, custom.message, custom.field]).toEqual([true, 'ValidationError', 'bad field', 'email']);
  });

  it('a non-Error throw is a failure carrying the thrown value (null too); an uncloneable result, argument or thrown value is a DataCloneError naming the function', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const out = await run(function* () {
      return [
        yield* outcome(pool, 'throwValue', null),
        yield* outcome(pool, 'throwValue', 'plain string'),
        yield* outcome(pool, 'throwValue', { reason: 'object', n: 2 }),
        yield* outcome(pool, 'throwValue', undefined),
        yield* outcome(pool, 'uncloneableResult'),
        yield* outcome(pool, 'throwUncloneable'),
        yield* outcome(pool, 'echo', () => 1),
        yield* outcome(pool, 'echo', { nested: [1, 'two', new Date(0)] }),
      ];
    });
    await pool.shutdown();
    expect(out.slice(0, 4)).toEqual([
      ['threw', null],
      ['threw', 'plain string'],
      ['threw', { reason: 'object', n: 2 }],
      ['threw', undefined],
    ]);
    const [res, thrown, arg] = [out[4]![1] as Error, out[5]![1] as Error, out[6]![1] as Error];
    for (const [e, what] of [[res, 'uncloneableResult'], [thrown, 'throwUncloneable'], [arg, 'echo']] as const) {
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe('DataCloneError');
      expect(e.message).toContain(`ThreadPoolExecutor: ${what} (${work.href})`);
    }
    expect(res.message).toMatch(/the result cannot be copied to the main thread \(.*could not be cloned/);
    expect(thrown.message).toMatch(/the value it threw \(object\) cannot be copied/);
    expect(arg.message).toMatch(/the arguments cannot be copied to a worker thread/);
    expect(out[7]).toEqual(['ok', { nested: [1, 'two', new Date(0)] }]);
  });
});

describe('ThreadPoolExecutor: TypeScript worker modules', () => {
  const tsWork = pathToFileURL(join(ROOT, 'spec', 'fixtures', 'work.ts')).href;

  it('runs a .ts worker module when the main thread runs under tsx (node --import tsx, and the tsx command)', () => {
    const body = `const pool = new yn.ThreadPoolExecutor({ maxWorkers: 1 });
      console.log(await yf.run(function* () { return yield yf.getRunningLoop().runInExecutor(pool, yn.workerFunction(${JSON.stringify(tsWork)}, 'norm1'), { x: 3, y: -4 }); }));
      await pool.shutdown();`;
    const viaImport = underFlags([], body);
    expect([viaImport.status, viaImport.stdout, viaImport.stderr]).toEqual([0, '7', '']);
    const file = join(mkdtempSync(join(tmpdir(), 'yf-')), 'cli.mts');
    writeFileSync(file, `import * as yf from ${JSON.stringify(pathToFileURL(join(ROOT, 'lib', 'index.ts')).href)};\nimport * as yn from ${JSON.stringify(pathToFileURL(join(ROOT, 'lib', 'node', 'index.ts')).href)};\n${body}`);
    const viaCli = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), file], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect([viaCli.status, viaCli.stdout.trim()]).toEqual([0, '7']);
  });

  it.runIf(!process.execArgv.some((a) => /tsx/.test(a)))('says what to do when the main thread has no TypeScript loader', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const err = await run(function* () {
      try {
        yield getRunningLoop().runInExecutor(pool, workerFunction(tsWork, 'norm1'), { x: 1, y: 1 });
      } catch (e) {
        return e as Error;
      }
      return null;
    });
    await pool.shutdown();
    expect(err).toBeInstanceOf(TypeError);
    expect(err!.message).toContain(`ThreadPoolExecutor: ${tsWork} is a TypeScript module, and worker threads on Node ${process.versions.node} do not run the main thread's TypeScript loader.`);
    expect(err!.message).toContain('Run the main thread under tsx (node --import tsx, or the tsx command) with tsx installed, or compile the module to JavaScript');
  });
});

describe('ThreadPoolExecutor results', () => {
  it('come back as they were returned: Maps, Dates, typed arrays, and Buffers as Buffers, at the top or nested', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const out = await run(function* () {
      const loop = getRunningLoop();
      const echo = workerFunction(work, 'echo');
      // Sent as a Uint8Array (arguments are structured-cloned), made a Buffer again by the worker's Buffer.from.
      const buf = (yield loop.runInExecutor(pool, workerFunction(work, 'bufferOf'), 'hi')) as Buffer;
      const nested = (yield loop.runInExecutor(pool, workerFunction(work, 'bufferOf'), 'hi', true)) as { b: Buffer; m: Map<number, Date>; u: Uint16Array };
      const map = (yield loop.runInExecutor(pool, echo, new Map([[1, new Date(0)]]))) as Map<number, Date>;
      return { buf, nested, map, n: yield loop.runInExecutor(pool, echo, 7), s: yield loop.runInExecutor(pool, echo, 'str'), u: yield loop.runInExecutor(pool, echo, undefined) };
    });
    await pool.shutdown();
    expect(Buffer.isBuffer(out.buf) && out.buf.toString()).toBe('hi');
    expect(Buffer.isBuffer(out.nested.b) && out.nested.b.toString()).toBe('hi');
    expect(out.nested.u).toEqual(new Uint16Array([1, 2]));
    expect(out.map.get(1)).toEqual(new Date(0));
    expect([out.n, out.s, out.u]).toEqual([7, 'str', undefined]);
  });
});
