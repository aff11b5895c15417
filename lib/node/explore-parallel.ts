/// <reference types="node" />
// explore-parallel.ts (node): exploreParallel(), explore() on worker threads. A seeded search is
// split in shards (explore's `shard: [k, n]`), one per worker; each worker imports the program
// by module and export (functions cannot cross threads) and explores its shard untraced. The
// failure with the smallest run number wins, so the result does not depend on which thread was
// quicker, and its shrunk token is run once more here, traced, for the report.

import { explore, type ExploreFailure, type ExploreOptions, type ExploreResult, type Program, runSchedule } from '../explore.js';
import { RuntimeError } from '../errors.js';
import { ThreadPoolExecutor, type WorkerFunction } from './executor.js';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';

/** Options of exploreParallel(): explore()'s that can cross threads, and the worker count. */
export interface ParallelOptions extends Omit<ExploreOptions<unknown>, 'check' | 'signature' | 'onWarning' | 'onProgress' | 'progress' | 'shard' | 'findAll' | 'jitter' | 'timers'> {
  /** CPython's timer order inside each run, by name (an implementation cannot cross threads; default 'fifo'). */
  timers?: 'fifo' | 'cpython';
  /** Worker threads (default: the machine's available parallelism). */
  workers?: number;
  /** The name of the program module's export that checks a result (as explore's `check`). */
  check?: string;
  /** A latency model, as explore's `jitter` (without `only`, a function). */
  jitter?: number | { max: number; steps?: number };
}

/** What a worker sends back: the shard's figures and its failure, if any (plain data). @internal */
interface ShardResult {
  runs: number;
  distinct: number;
  coverage: number;
  failure: { globalRun: number; foundToken: string; token: string; found: number; shrinkRuns: number; minimal: boolean; signature: string } | null;
}

async function load(module: string | URL, name: string): Promise<unknown> {
  const href = module instanceof URL ? module.href : /^[a-z]+:/i.test(module) ? module : pathToFileURL(module).href;
  const mod = (await import(href)) as Record<string, unknown>;
  if (!(name in mod)) throw new TypeError(`exploreParallel(): ${href} has no export ${JSON.stringify(name)}`);
  return mod[name];
}

/** @internal Runs one shard of the search in a worker thread. */
export async function _exploreShard(module: string, programName: string, options: ParallelOptions, k: number, n: number): Promise<ShardResult> {
  const program = (await load(module, programName)) as Program<unknown>;
  const check = options.check === undefined ? undefined : ((await load(module, options.check)) as (r: unknown) => boolean);
  const { workers: _w, check: _c, ...rest } = options;
  const r = explore(program, { ...rest, ...(check ? { check } : {}), shard: [k, n], onWarning: () => {} });
  const f = r.failure;
  // Run j of the shard (0 is FIFO) is run i of the whole search: the j-th i >= 1 with i % n === k.
  const globalRun = f === undefined ? 0 : f.run === 0 ? 0 : (k === 0 ? n : k) + n * (f.run - 1);
  return {
    runs: r.runs,
    distinct: r.distinct,
    coverage: r.coverage,
    failure: f === undefined ? null : { globalRun, foundToken: f.foundToken, token: f.token, found: f.found, shrinkRuns: f.shrinkRuns, minimal: f.minimal, signature: f.signature },
  };
}

// Why a pool kept between calls: a worker thread's start, its imports and its JIT warm-up cost a
// fixed 0.1-0.3 s, paid again by every call with a fresh pool (a test file that explores several
// programs). An idle pool's threads still end after the executor's idle timeout (1 s), so a
// kept pool holds no thread and does not keep the process alive. One idle pool per worker count;
// a call that finds it taken (calls running at once) makes its own and shuts it down after.
const idlePools = new Map<number, ThreadPoolExecutor>();

function takePool(n: number): ThreadPoolExecutor {
  const kept = idlePools.get(n);
  if (kept !== undefined) {
    idlePools.delete(n);
    return kept;
  }
  return new ThreadPoolExecutor({ maxWorkers: n, maxQueue: n });
}

async function givePool(n: number, pool: ThreadPoolExecutor): Promise<void> {
  if (idlePools.has(n)) await pool.shutdown();
  else idlePools.set(n, pool);
}

/**
 * explore() on worker threads: the seeded runs are split among `workers` threads (the machine's
 * cores by default), `runs` in all. The program is named by module and export, as for
 * ThreadPoolExecutor, and so is its check. Returns what explore() returns; the failure reported is
 * the one found at the smallest run number, shrunk, and run again here for its trace.
 * @example
 * const r = await exploreParallel(workerFunction(new URL('./bank.js', import.meta.url), 'bank'), { runs: 100_000, check: 'balanceIsRight' });
 */
export async function exploreParallel(program: WorkerFunction, options: ParallelOptions = {}): Promise<ExploreResult<unknown>> {
  if (typeof program?.export !== 'string') throw new TypeError(`exploreParallel(): expected workerFunction(module, exportName) naming the program, got ${String(program)}`);
  const strategy = options.strategy ?? 'random';
  if (strategy !== 'random' && strategy !== 'pct') throw new TypeError(`exploreParallel(): splits the seeded strategies 'random' and 'pct', not ${JSON.stringify(strategy)}`);
  if (options.check !== undefined && typeof options.check !== 'string') throw new TypeError('exploreParallel(): check names an export of the program module (functions cannot cross threads)');
  const n = options.workers ?? availableParallelism();
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`exploreParallel(): expected a positive integer number of workers, got ${String(n)}`);
  const total = options.runs ?? 1000;
  const module = program.module instanceof URL ? program.module.href : String(program.module);
  const pool = takePool(n);
  const self = { module: import.meta.url, export: '_exploreShard' };
  let shards: ShardResult[];
  try {
    const never = new AbortController().signal;
    // Each shard runs FIFO first and then its share of the seeded runs.
    shards = (await Promise.all(
      Array.from({ length: n }, (_, k) => pool.submit(self, [module, program.export, { ...options, runs: 1 + Math.ceil((total - 1) / n) }, k, n], never)),
    )) as ShardResult[];
  } finally {
    await givePool(n, pool);
  }
  const failed = shards.filter((s) => s.failure !== null).sort((a, b) => a.failure!.globalRun - b.failure!.globalRun);
  const runs = shards.reduce((a, s) => a + s.runs, 0) - (n - 1); // FIFO counted once
  const distinct = shards.reduce((a, s) => a + s.distinct, 0) - (n - 1);
  const result: ExploreResult<unknown> = {
    ok: failed.length === 0,
    runs,
    distinct,
    complete: false,
    coverage: Math.min(1, shards.reduce((a, s) => a + s.coverage, 0)),
    summary: '',
  };
  if (failed.length !== 0) {
    const f = failed[0]!.failure!;
    const prog = (await load(module, program.export)) as Program<unknown>;
    const check = options.check === undefined ? undefined : ((await load(module, options.check)) as (r: unknown) => boolean);
    const { workers: _w, check: _c, runs: _r, strategy: _s, seed: _seed, depth: _d, horizon: _h, maxDeviations: _m, shrinkRuns: _sr, budget: _b, ...runOptions } = options;
    const again = runSchedule(prog, f.token, { ...runOptions, ...(check ? { check } : {}), onWarning: () => {} });
    if (again.ok) throw new RuntimeError(`exploreParallel(): the shrunk schedule ${f.token} failed in its worker but passes here: the program depends on its thread (state kept in the module?)`);
    const failure: ExploreFailure<unknown> = { ...again, run: f.globalRun, found: f.found, foundToken: f.foundToken, shrinkRuns: f.shrinkRuns, minimal: f.minimal, signature: f.signature, report: '' };
    const e = again.error;
    result.failure = failure;
    failure.report = [
      `exploreParallel: failure at run ${f.globalRun + 1} (of ${runs} on ${n} threads): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
      `schedule: ${again.deviations.length} deviation${again.deviations.length === 1 ? '' : 's'} from FIFO (${f.found} as found${f.minimal ? '; no schedule with fewer fails this way' : ''})`,
      `replay: runSchedule(program, ${JSON.stringify(f.token)})`,
    ].join('\n');
  }
  result.summary = `exploreParallel (${strategy}, ${n} thread${n === 1 ? '' : 's'}): ${result.ok ? 'no failure' : '1 failure'} in ${runs} schedules, about ${distinct} distinct`;
  return result;
}
