// run.ts: one-line entry points, as asyncio.run(): make a loop, run main as a task, then cancel
// whatever is still running, report exceptions nobody retrieved, and close the loop.
// run() is asynchronous on the real clock; runSync() runs on the virtual clock and returns.

import { isEffect } from './awaitable.js';
import type { CoroutineFunction, EffectLike } from './effects.js';
import { RuntimeError } from './errors.js';
import { Future, short } from './future.js';
import { EventLoop, type EventLoopOptions } from './loop.js';
import { virtualClock } from './clock.js';
import { realClock } from './real-clock.js';
import { getRunningLoop } from './running.js';
import type { Task } from './task.js';
import { isGenerator } from './trampoline.js';

type Main<T> = Generator<unknown, T, any> | CoroutineFunction<T, []>;

/**
 * Runs `main` (a generator object or generator function) on a new real-clock loop and resolves
 * with its result, as `asyncio.run(main())`.
 * @example
 * await run(function* () { yield* sleep(0.1); return 'done'; }); // 'done', 100 ms later
 */
export async function run<T>(main: Main<T>, options: EventLoopOptions = {}): Promise<T> {
  const loop = new EventLoop({ clock: realClock, ...options });
  // Why a host hook: a loop waiting with nothing ready and no timer keeps no host handle alive, so
  // a deadlocked run would let the host exit silently (Node: exit code 13, a pending top-level
  // await). Where the host says it is about to exit, the run fails with DeadlockError instead.
  let label: Future<unknown> | null = null;
  const onExit = (): void => void loop._hostExiting(label);
  const host = hostProcess();
  host?.on('beforeExit', onExit);
  try {
    const task = loop.createTask(main);
    label = task;
    return await loop.runUntilCompleteAsync(task);
  } finally {
    label = null;
    try {
      await loop._cancelAllTasks();
    } finally {
      host?.off('beforeExit', onExit);
      loop.close();
    }
  }
}

interface HostProcess {
  on(event: 'beforeExit', fn: () => void): unknown;
  off(event: 'beforeExit', fn: () => void): unknown;
}

// Feature-detected, so the core runs on any host: Node's (and Deno's, Bun's) process object.
function hostProcess(): HostProcess | null {
  const p = (globalThis as { process?: Partial<HostProcess> }).process;
  return typeof p?.on === 'function' && typeof p.off === 'function' ? (p as HostProcess) : null;
}

/**
 * Runs `main` on a new virtual-clock loop (time jumps to the next deadline) and returns its
 * result synchronously. Deterministic: the same program gives the same trace every time.
 * @example
 * function* rec(n: number): Generator<unknown, number, any> { return n === 0 ? 0 : 1 + (yield rec(n - 1)); }
 * runSync(rec(1_000_000)); // 1000000, no RangeError
 */
export function runSync<T>(main: Main<T>, options: Omit<EventLoopOptions, 'clock'> & { clock?: 'virtual' | typeof virtualClock } = {}): T {
  const c = options.clock;
  if (c !== undefined && c !== 'virtual' && c !== virtualClock) {
    throw new TypeError(`runSync(): runs on the virtual clock only, got clock ${short(typeof c === 'object' && c !== null && 'kind' in c ? (c as { kind: unknown }).kind : c)}; use run() for the real clock`);
  }
  const loop = new EventLoop({ ...options, clock: virtualClock });
  try {
    return loop.runUntilComplete(main);
  } finally {
    try {
      loop._cancelAllTasks();
    } finally {
      loop.close();
    }
  }
}

/**
 * Wraps a coroutine in a Task on the running loop, as `asyncio.create_task()`. An effect becomes
 * a task that carries it out (`createTask(q.get())`, as asyncio's `create_task(q.get())`).
 * @example
 * function* main() { const t = createTask(worker(), { name: 'worker' }); yield* t; }
 */
export function createTask<T>(coro: Main<T> | EffectLike<T>, options: { name?: string } = {}): Task<T> {
  let loop: EventLoop;
  try {
    loop = getRunningLoop();
  } catch {
    throw new RuntimeError('createTask(): no running event loop (call it from a coroutine, or use loop.createTask())');
  }
  return loop.createTask(coro, options);
}

/**
 * Returns a Future or Task unchanged; wraps a coroutine (generator object) or an effect in a Task
 * on the running loop, as `asyncio.ensure_future()`.
 * @example const consumer = ensureFuture(consumeBread());
 */
export function ensureFuture<T>(x: Future<T> | Generator<unknown, T, any> | EffectLike<T>): Future<T> {
  if (x instanceof Future) return x;
  if (isGenerator(x) || isEffect(x)) return createTask(x);
  throw new TypeError(`ensureFuture(): expected a Future, a Task, a generator or an effect, got ${short(x)}`);
}
