/// <reference types="node" />
// executor.ts (node): ThreadPoolExecutor, asyncio's run_in_executor on Node worker threads,
// through piscina. Work is named by module and export; arguments and results are
// structured-cloned; an error in the worker comes back with its message and stack; aborting
// (cancelling the awaiting task) terminates the job and frees its worker.

import { deserialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
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
      // Workers inherit the parent's flags (loaders such as tsx), except those a worker refuses.
      execArgv: workerExecArgv(),
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
    let job: Promise<unknown>;
    try {
      job = this.#pool.run({ module, name: fn.export, args }, { signal: signal as never });
    } catch (e) {
      job = Promise.reject(e);
    }
    job.then(settled, settled);
    return job.then(
      (outcome) => settle(outcome as Outcome, fn.export, module),
      (e: unknown) => {
        if (e instanceof Error && /queue is at limit|no task queue available/i.test(e.message)) throw new QueueFull(`ThreadPoolExecutor.submit(): the queue is full (maxQueue ${this.#maxQueue})`);
        // The arguments are copied to the worker when the job is posted.
        if ((e as Error | null)?.name === 'DataCloneError') throw dataCloneError(`${fn.export} (${module}): the arguments cannot be copied to a worker thread (${(e as Error).message})`);
        throw e;
      },
    );
  }

  /** Jobs waiting for a worker now. */
  get queueSize(): number {
    return this.#pool.queueSize;
  }

  /**
   * Terminates the workers (running jobs are abandoned, and fail); nothing keeps the process alive
   * afterwards. Never throws.
   */
  async shutdown(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#loop?._removeResource(this);
    try {
      await this.#pool.destroy();
    } catch {
      // Why swallow: the pool is gone either way; a shutdown that throws helps nobody.
    }
  }
}

// ---- What comes back from worker.mjs (see its header) ----

type EncodedError = { name: string; message: string; stack?: string; props: Record<string, unknown>; cause?: Outcome; errors?: Outcome[] };
type Outcome = Uint8Array | { v: unknown } | { e: EncodedError } | { t: unknown } | { c: string };

/** The job's value, or a throw of what the function threw (an Error rebuilt with its substance). */
function settle(o: Outcome, name: string, module: string): unknown {
  if (o instanceof Uint8Array) return deserialize(o);
  if ('v' in o) return o.v;
  throw failureOf(o, name, module);
}

function failureOf(o: Outcome, name: string, module: string): unknown {
  if ('e' in o) return decodeError(o.e, name, module);
  if ('t' in o) return o.t;
  if ('c' in o) return dataCloneError(`${name} (${module}): ${o.c}`);
  return o instanceof Uint8Array ? deserialize(o) : o.v;
}

const STANDARD: Record<string, ErrorConstructor> = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

/** The worker's error, rebuilt: its class where it is a standard one, its name, message and stack, its own properties (code, errno, …), its cause. */
function decodeError(d: EncodedError, name: string, module: string): Error {
  const e: Error =
    d.errors !== undefined ? new AggregateError(d.errors.map((x) => failureOf(x, name, module)), d.message) : new (Object.hasOwn(STANDARD, d.name) ? STANDARD[d.name]! : Error)(d.message);
  if (e.name !== d.name) Object.defineProperty(e, 'name', { value: d.name, writable: true, configurable: true, enumerable: false });
  if (d.stack !== undefined) Object.defineProperty(e, 'stack', { value: d.stack, writable: true, configurable: true, enumerable: false });
  Object.assign(e, d.props);
  if (d.cause !== undefined) Object.defineProperty(e, 'cause', { value: failureOf(d.cause, name, module), writable: true, configurable: true, enumerable: false });
  return e;
}

function dataCloneError(message: string): Error {
  return new DOMException(`ThreadPoolExecutor: ${message}`, 'DataCloneError');
}

// ---- The flags a worker thread accepts ----

let execArgvCache: { from: string; argv: string[] } | null = null;

/**
 * The parent's node flags that a worker thread accepts: loaders (--import tsx, --require, …)
 * stay; process-wide ones (--max-old-space-size, --expose-gc, --stack-size, --title, any V8
 * flag) go, as does -e/-p code and --input-type. Found by asking node itself, without starting a
 * thread: `new Worker()` refuses a bad execArgv before the thread starts, naming every flag it
 * refuses, so an always-refused flag (--expose-gc) is added to make it refuse and say the rest.
 * @internal
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const key = argv.join('\0');
  if (execArgvCache?.from === key) return execArgvCache.argv;
  // A flag and its values (`--title abc`, `--import tsx`): execArgv holds no script name.
  let units: string[][] = [];
  for (let i = 0; i < argv.length; i++) {
    const unit = [argv[i]!];
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) unit.push(argv[++i]!);
    units.push(unit);
  }
  units = units.filter((u) => !/^(-e|-p|--eval|--print|--input-type)(=|$)/.test(u[0]!));
  for (let round = 0; round <= units.length; round++) {
    let refused: string[];
    try {
      const w = new Worker('', { eval: true, execArgv: [...units.flat(), PROBE], stdout: true, stderr: true });
      void w.terminate(); // this node accepts the probe: then it accepted all of them
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') break;
      refused = ((e as Error).message.split(': ').slice(1).join(': ') || '').split(', ').map(flagName);
    }
    const kept = units.filter((u) => !refused.includes(flagName(u[0]!)));
    if (kept.length === units.length) break; // only the probe was refused
    units = kept;
  }
  execArgvCache = { from: key, argv: units.flat() };
  return execArgvCache.argv;
}

const PROBE = '--expose-gc';

function flagName(flag: string): string {
  const i = flag.indexOf('=');
  return (i < 0 ? flag : flag.slice(0, i)).trim();
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
