/// <reference types="node" />
// executor.ts (node): ThreadPoolExecutor, asyncio's run_in_executor on Node worker threads,
// through piscina. Work is named by module and export; arguments and results are
// structured-cloned; an error in the worker comes back with its message and stack; aborting
// (cancelling the awaiting task) terminates the job and frees its worker.

import { Piscina } from 'piscina';
import { QueueFull, RuntimeError } from '../errors.js';
import type { AbortSignalLike, Executor } from '../executor.js';
import type { EventLoop } from '../loop.js';
import type { LoopResource } from '../resource.js';
import { getRunningLoop, peekRunningLoop } from '../running.js';

/** A function in a module, which a worker thread can import: `{ module: import.meta.resolve('./work.js'), export: 'countDown' }`. */
export interface WorkerFunction {
  readonly module: string | URL;
  readonly export: string;
}

/**
 * Names a function that worker threads can run.
 * @example
 * const fib = workerFunction(new URL('./work.js', import.meta.url), 'fib');
 */
export function workerFunction(module: string | URL, exportName: string): WorkerFunction {
  if (typeof exportName !== 'string' || exportName === '') throw new TypeError(`workerFunction(): expected an export name, got ${String(exportName)}`);
  return { module, export: exportName };
}

/** Options of a ThreadPoolExecutor. */
export interface ThreadPoolOptions {
  /** Worker threads at most (default 4). */
  maxWorkers?: number;
  /** Jobs waiting for a free worker at most (default 1000). Past that, submit raises QueueFull: the pool does not buffer without bound. */
  maxQueue?: number;
}

/**
 * A pool of worker threads for blocking or CPU-heavy work.
 * @example
 * const pool = new ThreadPoolExecutor({ maxWorkers: 3 });
 * const r = yield* loop.runInExecutor(pool, workerFunction(new URL('./work.js', import.meta.url), 'countDown'), 'A', 1);
 * await pool.shutdown();
 */
export class ThreadPoolExecutor implements Executor<WorkerFunction>, LoopResource {
  readonly #pool: Piscina;
  readonly #maxQueue: number;
  readonly #maxWorkers: number;
  /** Jobs submitted and not settled yet: at most maxWorkers running plus maxQueue waiting. */
  #inflight = 0;
  #closed = false;
  /** The loop that was running when the pool was made: its shutdown shuts the pool down. */
  readonly #loop: EventLoop | null;

  constructor(options: ThreadPoolOptions = {}) {
    const maxWorkers = options.maxWorkers ?? 4;
    const maxQueue = options.maxQueue ?? 1000;
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) throw new TypeError(`ThreadPoolExecutor(maxWorkers): expected a positive integer, got ${String(maxWorkers)}`);
    if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new TypeError(`ThreadPoolExecutor(maxQueue): expected a non-negative integer, got ${String(maxQueue)}`);
    this.#maxQueue = maxQueue;
    this.#maxWorkers = maxWorkers;
    this.#pool = new Piscina({
      filename: new URL('./worker.mjs', import.meta.url).href,
      minThreads: 0,
      maxThreads: maxWorkers,
      maxQueue,
      idleTimeout: 1000,
      // Workers inherit the parent's flags (loaders such as tsx), except those only valid for -e.
      execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')),
    });
    // Made inside a running loop: the pool belongs to it, and its shutdown (after the tasks) shuts the pool down.
    this.#loop = peekRunningLoop();
    this.#loop?._addResource(this);
  }

  /** @internal The owning loop's shutdown: the tasks are done, shut the pool down. */
  _loopClose(): Promise<void> {
    return this.shutdown();
  }

  /** Runs `fn(...args)` on a worker thread. */
  submit(fn: WorkerFunction, args: readonly unknown[], signal: AbortSignalLike): Promise<unknown> {
    if (this.#closed) return Promise.reject(new RuntimeError('ThreadPoolExecutor.submit(): the executor is shut down'));
    if (typeof fn !== 'object' || fn === null || typeof fn.export !== 'string' || (typeof fn.module !== 'string' && !(fn.module instanceof URL))) {
      return Promise.reject(new TypeError(`ThreadPoolExecutor.submit(): expected a workerFunction(module, exportName), got ${String(fn)} (functions cannot cross threads)`));
    }
    if (this.#inflight >= this.#maxWorkers + this.#maxQueue) {
      return Promise.reject(new QueueFull(`ThreadPoolExecutor.submit(): all ${this.#maxWorkers} workers are busy and the queue is full (maxQueue ${this.#maxQueue})`));
    }
    const module = fn.module instanceof URL ? fn.module.href : fn.module;
    this.#inflight++;
    const settled = (): void => void this.#inflight--;
    const job = this.#pool.run({ module, name: fn.export, args }, { signal: signal as never });
    job.then(settled, settled);
    return job.catch((e: unknown) => {
      if (e instanceof Error && /queue is at limit|no task queue available/i.test(e.message)) throw new QueueFull(`ThreadPoolExecutor.submit(): the queue is full (maxQueue ${this.#maxQueue})`);
      throw e;
    });
  }

  /** Jobs waiting for a worker now. */
  get queueSize(): number {
    return this.#pool.queueSize;
  }

  /** Terminates the workers (running jobs are abandoned); nothing keeps the process alive afterwards. */
  async shutdown(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#loop?._removeResource(this);
    await this.#pool.destroy();
  }
}

/**
 * Runs a worker function on the running loop's default executor (a ThreadPoolExecutor made on
 * first use and shut down with the loop), as `asyncio.to_thread`.
 * @example const n = yield* toThread(workerFunction(workUrl, 'fib'), 30);
 */
export function* toThread<T = unknown>(fn: WorkerFunction, ...args: unknown[]): Generator<unknown, T, any> {
  const loop = getRunningLoop();
  if (loop.getDefaultExecutor() === null) loop.setDefaultExecutor(new ThreadPoolExecutor());
  return (yield loop.runInExecutor<T, WorkerFunction>(null, fn, ...args)) as T;
}
