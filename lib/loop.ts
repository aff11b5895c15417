// loop.ts: the kernel. EventLoop picks, steps and dispatches; primitives never touch a
// generator (only Task._run does). One iteration follows CPython 3.13's _run_once: drop cancelled
// timers, wait (or jump virtual time) if nothing is ready, move due timers to the back of the
// ready queue, then run exactly the entries that were ready when the iteration began.
// Time comes from the clock the loop was given: virtual, real, or stepped by a host.

import { type Clock, type ClockKind, type ClockSource, type HostDriven, IDLE, MAXIMUM_SELECT_TIMEOUT, RAN, SteppedClock, steppedClock, VirtualClock, virtualClock, WAIT } from './clock.js';
import { type DebugMode, debugFromEnv } from './debug-hook.js';
import { Deque } from './deque.js';
import type { Effect } from './effects.js';
import { AwaitEffect, describeEffect, EffectBase, type EffectLike, SleepEffect, SpawnEffect } from './effects.js';
import { isEffect, runEffect } from './awaitable.js';
import { CancelledError, DeadlockError, RuntimeError, ValueError } from './errors.js';
import { abortController, type Executor } from './executor.js';
import type { Tracer, TraceHooks } from './trace.js';
import type { DebugWatch } from './debug.js';
import { describePrimitive, labelOf, Waiter } from './waiters.js';
import { Future, PENDING, short } from './future.js';
import { Handle, TimerHandle } from './handle.js';
import { type LoopResource, visitResources } from './resource.js';
import { peekRunningLoop, setRunningLoop } from './running.js';
import { clearFinished } from './yield-once.js';
import type { GetEffect, PutEffect } from './queue.js';
import { SLEEP_FIRING, SUSPEND, Task } from './task.js';
import { fifoTimers, type TimerHeap, type TimerOrder } from './timer-heap.js';
import type { Unretrieved, UnretrievedReport } from './unretrieved.js';
import type { Policy } from './choice.js';
import { isDelegating, isGenerator, NEXT, pushFrame, THROW } from './trampoline.js';
import { keepResident } from './resident.js';

// Why instanceof: one short prototype walk tells a generator function from a plain function.
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as new () => unknown;

/**
 * An effect handler: carries out `effect` for `task`. Return a value to resume the task with it
 * at once (the task keeps its turn), throw to raise the error in the task at its yield, or
 * return `SUSPEND` after arranging a wake (most simply: `return loop.waitOn(task, future)`).
 */
export type EffectHandler<E = any> = (effect: E, task: Task, loop: EventLoop) => unknown;

/** What the exception handler receives. */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  task?: Task;
  future?: Future<unknown>;
  handle?: Handle;
  /** What the task or future was, when it is already garbage (an unretrieved failure reported when collected). */
  description?: string;
}

/** An exception handler, as set with `setExceptionHandler`. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** Options for a new EventLoop. */
export interface EventLoopOptions {
  /**
   * `virtualClock` (default): time jumps to the next deadline. `realClock`: host time and timers.
   * `steppedClock`: the host calls `advance()`/`runOnce()`. The names `'virtual'`, `'real'` and
   * `'stepped'` work from the 'yieldfrom' entry point; 'yieldfrom/core' takes the clocks
   * themselves, so that a bundle carries only the clocks it uses.
   */
  clock?: ClockSource | ClockKind;
  /**
   * `fifoTimers` (default): timers with equal deadlines fire in the order they were scheduled.
   * `cpythonTimers`: CPython's heapq order, ties included, with its clock-resolution window and its
   * lazy removal of cancelled timers, so traces compare byte for byte with CPython's.
   * The names `'fifo'` and `'cpython'` work from the 'yieldfrom' entry point.
   */
  timers?: TimerOrder | 'fifo' | 'cpython';
  /** Handlers for the embedder's own effect types. */
  effects?: Record<string, EffectHandler>;
  /** Who runs next when several are ready (exploration; see explore()): fifo(), random(seed), pct(seed), replay(token). Default: CPython's FIFO, without a policy. */
  schedule?: Policy;
  /** Records every task event into this Tracer (see renderTimeline, toChromeTrace). */
  trace?: Tracer;
  /** With a schedule policy: more task steps than this is a LivelockError. */
  maxSteps?: number;
  /**
   * Eager tasks, as asyncio's `loop.set_task_factory(asyncio.eager_task_factory)` (Python 3.12+):
   * a task created while the loop runs takes its first step at once, inside its creator's, and
   * one that finishes there is never scheduled. Off by default, as in asyncio: it changes the
   * order in which tasks start.
   */
  eagerTasks?: boolean;
  /**
   * Debug mode, as asyncio's: warns (console.warn), with where each was made, about coroutines
   * made by coroutine() that never ran, effects made but never yielded, and task steps longer
   * than `slowStep`. `debug: debugMode` turns it on; so does `true` from the 'yieldfrom' entry
   * point, which also turns it on by default when the environment has YIELDFROM_DEBUG=1.
   */
  debug?: boolean | DebugMode;
  /** In debug mode, a task step that holds the loop longer than this many seconds is reported. Default 0.1. */
  slowStep?: number;
}

type Coro<T> = Generator<unknown, T, any>;
type CoroInput<T> = Coro<T> | (() => Coro<T>);
type TaskInput<T> = CoroInput<T> | EffectLike<T>;

// CPython's base_events constants.
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
const CPYTHON_CLOCK_RESOLUTION = 1e-9;


// ---- Names for the options' implementations ----

/**
 * @internal What the names of the clock, timers and debug options stand for. 'yieldfrom/core'
 * knows only the defaults; the 'yieldfrom' entry point adds the rest (names.ts), so a program
 * built on the core bundles only the implementations it imports.
 */
export const optionNames: { clock: Record<string, ClockSource>; timers: Record<string, TimerOrder>; debug: DebugMode | null } = {
  clock: { __proto__: null, virtual: virtualClock, stepped: steppedClock } as unknown as Record<string, ClockSource>,
  timers: { __proto__: null, fifo: fifoTimers } as unknown as Record<string, TimerOrder>,
  debug: null,
};

const CORE_ONLY = "the 'yieldfrom/core' entry point takes the implementation itself";

/**
 * An option that takes an implementation (anything with `_new`) or, as sugar, its name: the core
 * knows the defaults' names, the 'yieldfrom' entry point registers the rest (names.ts). `sugar`
 * is the one name the core lacks, with the export that implements it.
 */
function implementation<T>(option: 'clock' | 'timers', v: unknown, sugar: [name: string, exported: string], expected: string): T {
  if (typeof v === 'string') {
    const named = (optionNames[option] as Record<string, unknown>)[v];
    if (named !== undefined) return named as T;
    const [name, exported] = sugar;
    if (v === name) throw new TypeError(`EventLoop(${option}): ${CORE_ONLY}: import { ${exported} } from 'yieldfrom/core' and pass ${option}: ${exported} (the name '${name}' works from 'yieldfrom')`);
  } else if (typeof (v as { _new?: unknown } | null)?._new === 'function') return v as T;
  throw new TypeError(`EventLoop(${option}): expected ${expected}, got ${short(v)}`);
}

let envIgnoredWarned = false;

function debugModeFor(d: unknown): DebugMode | null {
  if (d === undefined) {
    if (!debugFromEnv()) return null;
    if (optionNames.debug === null && !envIgnoredWarned) {
      envIgnoredWarned = true;
      (globalThis as { console?: { warn(s: string): void } }).console?.warn(
        `yieldfrom: YIELDFROM_DEBUG is set, but this program uses 'yieldfrom/core' without debug mode; pass debug: debugMode (import { debugMode } from 'yieldfrom/core') to turn it on`,
      );
    }
    return optionNames.debug;
  }
  if (d === false) return null;
  if (d === true) {
    if (optionNames.debug === null) throw new TypeError(`EventLoop(debug): ${CORE_ONLY}: import { debugMode } from 'yieldfrom/core' and pass debug: debugMode (debug: true works from 'yieldfrom')`);
    return optionNames.debug;
  }
  if (typeof (d as Partial<DebugMode> | null)?._watch === 'function') return d as DebugMode;
  throw new TypeError(`EventLoop(debug): expected a boolean or debugMode, got ${short(d)}`);
}

// ---- The handler table: one handler per kernel effect (adding an Effect without one is a compile error) ----

// send/receive register theirs from send.ts (registerKernelEffect), so that the loop does not
// import the primitives above it: the kernel's files import each other in one direction only.
// A prototype-less object: a plain effect of type 'constructor' or 'toString' finds no handler here.
const kernelHandlers: { [T in Effect['type']]?: EffectHandler<Extract<Effect, { type: T }>> } = Object.assign(Object.create(null) as object, {
  sleep: (e: SleepEffect<unknown>, task, loop) => loop._sleep(task, e.seconds, e.result),
  await: (e: AwaitEffect, task, loop) => loop.waitOn(task, e.future),
  spawn: (e: SpawnEffect, _task, loop) => loop._spawn(e.coro, e.args),
  // Why through the queue: so that a program that never makes a Queue does not bundle its code.
  put: (e: PutEffect, task, loop) => queueOf('put', e)._handlePut(e, task, loop),
  get: (e: GetEffect, task, loop) => queueOf('get', e)._handleGet(e, task, loop),
} satisfies { [T in Effect['type']]?: EffectHandler<Extract<Effect, { type: T }>> });

/** @internal A built-in effect's handler for plain { type } objects, from the module that defines the effect (loops made later get it). */
export function registerKernelEffect(type: Effect['type'], handler: EffectHandler): void {
  (kernelHandlers as Record<string, EffectHandler>)[type] = handler;
}

function queueOf(api: string, e: PutEffect | GetEffect): PutEffect['queue'] {
  const q = e.queue as { _handlePut?: unknown } | null | undefined;
  if (typeof q?._handlePut !== 'function') throw new TypeError(`${api}: expected a Queue, got ${short(q)}`);
  return e.queue;
}

/**
 * An asyncio-style event loop for generator coroutines.
 * @example
 * const loop = new EventLoop();               // virtual clock
 * function* hello() { console.log('Hello'); yield sleep(1); console.log('again at', loop.time()); }
 * loop.runUntilComplete(hello());
 * loop.close();
 */
export class EventLoop {
  /** The clock this loop runs on. */
  readonly clock: Clock;
  /** @internal Ready entries: task steps, callbacks, and sleeps' timers that came due (a task whose _waitOn is SLEEP_FIRING). */
  readonly _ready = new Deque<Task | Handle>();
  /** @internal Timers: callLater/callAt handles, and sleeping tasks (each its own entry; see Task._sleepDue). */
  readonly _timers: TimerHeap<TimerHandle | Task>;
  /** @internal */ readonly _cpython: boolean;
  /** @internal */ _current: Task | null = null;
  /**
   * @internal Live (not done) tasks, in no particular order: a task knows its index, so removal
   * is a swap with the last one. Why not a linked list: a finished task would keep two link
   * fields for nothing (it costs one); nor a Set: dearer at a million tasks. allTasks() sorts.
   */
  readonly _live: Task[] = [];
  /** The most live tasks since the array last gave back its slack (see _taskDone). */
  #liveHigh = 0;
  /** @internal Failed futures and tasks whose exception nobody has retrieved yet (held weakly on the real clock). */
  readonly _unretrieved: Unretrieved;
  /** The embedder's effect handlers (addEffectHandler), made on first use; the kernel's own are in kernelHandlers. */
  #handlers: Map<string, EffectHandler> | null = null;
  #timerSeq = 0;
  #cancelledTimers = 0;
  #taskCounter = 0;
  /** @internal stop() was called: the loop stops after this iteration. */
  _stopping = false;
  /** @internal The host-driven clock waits for the host: whatever becomes ready must wake it (HostDriven._wake). */
  _idle = false;
  #running = false;
  #closed = false;
  #eagerTasks = false;
  #exceptionHandler: ExceptionHandler | null = null;
  #defaultExecutor: Executor<any> | null = null;
  /** Servers, connections and executors opened on this loop, which its shutdown closes (see resource.ts); null until the first. */
  #resources: Set<LoopResource> | null = null;
  /** @internal The schedule policy (null: CPython's FIFO, on the fast path); it carries its own iteration (choice.ts). */
  _policy: Policy | null = null;
  /** @internal Task steps run under a policy (for livelock detection). */
  _steps = 0;
  /** @internal */ _maxSteps = Infinity;
  /** @internal The tracer or debug mode's watch, or null (the kernel then records nothing). */
  _tracer: TraceHooks | null = null;
  /** @internal Debug mode's watch, or null when debug mode is off. */
  _debug: DebugWatch | null = null;
  #trace: Tracer | null = null;

  constructor(options: EventLoopOptions = {}) {
    if (!residentsMade) makeResidents();
    const clock = options.clock === undefined ? virtualClock : implementation<ClockSource>('clock', options.clock, ['real', 'realClock'], "virtualClock, realClock or steppedClock (or 'virtual', 'real', 'stepped')");
    this.clock = clock._new();
    this._unretrieved = clock._unretrieved(this);
    const timers = options.timers === undefined ? fifoTimers : implementation<TimerOrder>('timers', options.timers, ['cpython', 'cpythonTimers'], "fifoTimers or cpythonTimers (or 'fifo', 'cpython')");
    this._cpython = timers.kind === 'cpython';
    this._timers = timers._new<TimerHandle | Task>();
    for (const [type, handler] of Object.entries(options.effects ?? {})) this.addEffectHandler(type, handler);
    if (options.trace !== undefined) {
      if (typeof (options.trace as Partial<Tracer> | null)?._step !== 'function') throw new TypeError(`EventLoop(trace): expected a Tracer, got ${short(options.trace)}`);
      this._tracer = options.trace;
    }
    if (options.eagerTasks !== undefined) {
      if (typeof options.eagerTasks !== 'boolean') throw new TypeError(`EventLoop(eagerTasks): expected true or false, got ${short(options.eagerTasks)}`);
      this.#eagerTasks = options.eagerTasks;
    }
    if (options.maxSteps !== undefined) {
      if (typeof options.maxSteps !== 'number' || !(options.maxSteps > 0)) throw new TypeError(`EventLoop(maxSteps): expected a positive number, got ${short(options.maxSteps)}`);
      this._maxSteps = options.maxSteps;
    }
    const debug = debugModeFor(options.debug);
    if (options.slowStep !== undefined && (typeof options.slowStep !== 'number' || !(options.slowStep >= 0))) {
      throw new TypeError(`EventLoop(slowStep): expected a non-negative number of seconds, got ${short(options.slowStep)}`);
    }
    this.#trace = options.trace ?? null;
    const watch = debug === null ? null : debug._watch(options.slowStep, this._tracer);
    if (watch !== null) this._tracer = this._debug = watch;
    if (options.schedule !== undefined) {
      if (typeof (options.schedule as Partial<Policy> | null)?._iterate !== 'function') {
        throw new TypeError(`EventLoop(schedule): expected a schedule policy (fifo(), random(seed), pct(seed), replay(token), or customPolicy({ name, choose })), got ${short(options.schedule)}`);
      }
      this._policy = options.schedule;
    }
  }

  /** Current loop time in seconds. */
  time(): number {
    return this.clock.time();
  }

  // ---- Callbacks and timers ----

  /**
   * Schedules `fn(...args)` for the next loop iteration (FIFO).
   * @example loop.callSoon(() => console.log('soon'));
   */
  callSoon<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): Handle {
    this.#checkCallback('callSoon', fn);
    const h = new Handle(this, fn as (...a: unknown[]) => unknown, args.length === 0 ? undefined : args);
    this._schedule(h);
    return h;
  }

  /**
   * Schedules `fn(...args)` after `delay` seconds of loop time.
   * @example loop.callLater(0.1, unlock, lock);
   */
  callLater<A extends unknown[]>(delay: number, fn: (...args: A) => unknown, ...args: A): TimerHandle {
    this.#checkTime('callLater', 'delay', delay);
    return this.callAt(this.time() + delay, fn, ...args);
  }

  /**
   * Schedules `fn(...args)` at loop time `when` (seconds).
   * @example loop.callAt(loop.time() + 1, () => console.log('one second later'));
   */
  callAt<A extends unknown[]>(when: number, fn: (...args: A) => unknown, ...args: A): TimerHandle {
    this.#checkTime('callAt', 'when', when);
    this.#checkCallback('callAt', fn);
    return this.#addTimer(when, fn as (...a: unknown[]) => unknown, args.length === 0 ? undefined : args);
  }

  /**
   * The deadline of the earliest timer, or null (for hosts that step the loop). It may be a
   * cancelled timer's: waking for it early is harmless. Reading it changes nothing.
   */
  nextDeadline(): number | null {
    return this._timers.length === 0 ? null : this._timers.peekWhen();
  }

  #addTimer(when: number, fn: (...a: unknown[]) => unknown, args: unknown[] | undefined): TimerHandle {
    const h = new TimerHandle(this, when, fn, args);
    this._timers.push(h, when, this.#timerSeq++);
    // Why: a timer added by host code while the loop waits may be earlier than the armed host timer.
    if (this._idle) (this.clock as HostDriven)._wake();
    return h;
  }

  /** @internal The arrival number the next timer will get (exploration names timers by who made them; see choice.ts). */
  _timerSeq(): number {
    return this.#timerSeq;
  }

  /** @internal A scheduled timer was cancelled (CPython counts them to decide when to clean the heap). */
  _timerCancelled(): void {
    this.#cancelledTimers++;
  }

  #checkCallback(api: string, fn: unknown): void {
    if (typeof fn !== 'function') throw new TypeError(`EventLoop.${api}(): expected a function, got ${short(fn)}`);
    if (this.#closed) throw new RuntimeError(`EventLoop.${api}(): the event loop is closed`);
  }

  #checkTime(api: string, name: string, v: unknown): void {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`EventLoop.${api}(): expected a number of seconds for ${name}, got ${short(v)}`);
  }

  // ---- Futures and tasks ----

  /** A new Future bound to this loop. */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>(this);
  }

  /**
   * Wraps a coroutine (a generator object, or a generator function called with no arguments) in a
   * Task. Its first step is scheduled, not run inline. An effect becomes a task that carries it
   * out, as asyncio's `create_task(q.get())`.
   * @example const t = loop.createTask(countDown('A', 1), { name: 'A' });
   */
  createTask<T>(coro: TaskInput<T>, options: { name?: string } = {}): Task<T> {
    return this.#newTask<T>('EventLoop.createTask()', coro, [], options.name ?? null);
  }

  /** @internal The spawn effect: (generator) or (generator function, ...args). */
  _spawn(coro: unknown, args: readonly unknown[]): Task {
    return this.#newTask('spawn()', coro, args, null);
  }

  #newTask<T>(api: string, coro: unknown, args: readonly unknown[], name: string | null): Task<T> {
    if (this.#closed) throw new RuntimeError(`${api}: the event loop is closed`);
    let task: Task<T>;
    if (coro instanceof GeneratorFunction) {
      // Why not call it now: the task keeps the function and its arguments (a few words) until its
      // first step instead of a suspended generator (about 130 bytes), and a short task's
      // generator then dies young. Calling a generator function runs none of its body, so only
      // its parameter list (defaults, destructuring) runs later than the spawn; see Task._start.
      task = new Task<T>(this, coro as unknown as Generator, name, ++this.#taskCounter, args);
    } else {
      let gen = coro;
      if (typeof coro === 'function') {
        gen = (coro as (...a: readonly unknown[]) => unknown)(...args);
        if (!isGenerator(gen)) {
          throw new TypeError(`${api}: ${short(coro)} returned ${short(gen)}, not a generator; coroutines are generator functions (function*)`);
        }
      } else if (!isGenerator(coro)) {
        // Not on the spawn fast path: an effect is wrapped in a coroutine that yields it.
        if (!isEffect(coro)) throw new TypeError(`${api}: expected a generator object, a generator function or an effect, got ${short(coro)}`);
        gen = runEffect(coro);
        this._debug?._effectUsed(coro); // handed to the task, which yields it
      }
      task = new Task<T>(this, gen as Generator, name, ++this.#taskCounter);
    }
    if (this._tracer !== null) this._tracer._create(this.time(), task, this._current);
    const n = (task._liveIdx = this._live.length);
    this._live.push(task);
    if (n >= this.#liveHigh) this.#liveHigh = n + 1;
    if (this.#eagerTasks && this.#running) this.#eagerStart(task);
    else task._wake(NEXT, undefined);
    return task;
  }

  // CPython's Task.__eager_start: the new task is the current task for its first step, which runs
  // now, inside its creator's step (or callback); then the creator is current again.
  #eagerStart(task: Task): void {
    const creator = this._current;
    try {
      task._run();
    } finally {
      this._current = creator;
    }
  }

  /** Every task on this loop that is not done yet (asyncio's `all_tasks()`). */
  allTasks(): Task[] {
    return this._live.slice().sort((a, b) => a._id - b._id); // creation order
  }

  /** @internal A task is done: unlink it from the live list. */
  _taskDone(task: Task): void {
    const i = task._liveIdx;
    if (i < 0) return; // never in the array (made with new Task, not by the loop)
    const live = this._live;
    const last = live.pop()!;
    if (last !== task) {
      live[i] = last;
      last._liveIdx = i;
    }
    task._liveIdx = -1;
    // After a burst (a million tasks that have finished) the array gives back its slack, which
    // pop() keeps: setting the length trims the backing store. Only below a quarter of the high
    // mark, so a count that hovers around one size does not shrink and regrow the array each time.
    const n = live.length;
    if (n <= this.#liveHigh >> 2 && this.#liveHigh >= 4096) {
      live.length = n;
      this.#liveHigh = n;
    }
  }

  // ---- Executors (asyncio's run_in_executor) ----

  /**
   * Runs `fn(...args)` on `executor` (or the default one) and returns a Future of its result.
   * Cancelling the Future, or the task awaiting it, aborts the work. Needs a real-clock loop.
   * @example
   * const n = yield* loop.runInExecutor(pool, { module: workUrl, export: 'countDown' }, 'A', 1);
   */
  runInExecutor<T = unknown, F = unknown>(executor: Executor<F> | null, fn: F, ...args: unknown[]): Future<T> {
    if (this.#closed) throw new RuntimeError('EventLoop.runInExecutor(): the event loop is closed');
    const ex = (executor ?? this.#defaultExecutor) as Executor<F> | null;
    if (ex === null) throw new RuntimeError('EventLoop.runInExecutor(): no executor given and no default executor set (setDefaultExecutor)');
    if (typeof ex.submit !== 'function') throw new TypeError(`EventLoop.runInExecutor(): expected an executor, got ${short(ex)}`);
    const fut = new Future<T>(this);
    const abort = abortController();
    fut.addDoneCallback(() => {
      if (fut.cancelled()) abort.abort(new CancelledError('the awaiting task was cancelled'));
    });
    let promise: Promise<unknown>;
    try {
      promise = ex.submit(fn, args, abort.signal);
    } catch (e) {
      fut.setException(e);
      return fut;
    }
    // Why the closed check: work still running when the loop closed settles later, and a done
    // callback scheduled on a closed loop would throw inside a promise callback.
    promise.then(
      (v) => void (fut.done() || this.#closed || fut.setResult(v as T)),
      (e) => void (fut.done() || this.#closed || fut.setException(e)),
    );
    return fut;
  }

  /** Sets the executor runInExecutor(null, ...) uses; the loop shuts it down when it closes. */
  setDefaultExecutor(executor: Executor<any> | null): void {
    if (executor !== null && typeof executor?.submit !== 'function') throw new TypeError(`EventLoop.setDefaultExecutor(): expected an executor, got ${short(executor)}`);
    this.#defaultExecutor = executor;
  }

  /** The default executor, or null. */
  getDefaultExecutor(): Executor<any> | null {
    return this.#defaultExecutor;
  }

  // ---- Resources: what the loop's shutdown closes besides its tasks (see resource.ts) ----

  /** @internal Makes the loop's shutdown close `resource` (a server, a connection, an executor). */
  _addResource(resource: LoopResource): void {
    (this.#resources ??= new Set()).add(resource);
  }

  /** @internal `resource` closed by itself: the loop forgets it. */
  _removeResource(resource: LoopResource): void {
    this.#resources?.delete(resource);
  }

  readonly #reportResource = (exception: unknown): void => this.callExceptionHandler({ message: 'closing a resource of the event loop failed', exception });

  /** Closes the resources and the default executor (asyncio's shutdown_default_executor); a promise while some close asynchronously. */
  #closeResources(): Promise<unknown> | null {
    const ex = this.#defaultExecutor;
    this.#defaultExecutor = null;
    if (ex !== null) (this.#resources ??= new Set()).add({ _loopClose: () => ex.shutdown() });
    return this.#resources === null ? null : visitResources(this.#resources, true, this.#reportResource);
  }

  // ---- Effects ----

  /**
   * Registers a handler for an effect type of the embedder's own, e.g. a host's `nextFrame`.
   * Built-in effect types cannot be replaced.
   * @example
   * loop.addEffectHandler('nextFrame', (_e, task, loop) => {
   *   const f = loop.createFuture<number>();
   *   requestAnimationFrame((t) => f.setResult(t));
   *   return loop.waitOn(task, f);
   * });
   */
  addEffectHandler(type: string, handler: EffectHandler): void {
    if (typeof type !== 'string' || type === '') throw new TypeError(`EventLoop.addEffectHandler(): expected an effect type name, got ${short(type)}`);
    if (typeof handler !== 'function') throw new TypeError(`EventLoop.addEffectHandler(): expected a handler function for '${type}', got ${short(handler)}`);
    if (type in kernelHandlers) throw new TypeError(`EventLoop.addEffectHandler(): '${type}' is a built-in effect and cannot be replaced`);
    (this.#handlers ??= new Map()).set(type, handler);
  }

  /**
   * Makes `task` wait for `future`: evaluates to the result at once if the future is done
   * (throwing its exception), otherwise returns SUSPEND and wakes the task when it is done.
   * For effect handlers.
   */
  waitOn(task: Task, future: Future<unknown>): unknown {
    if (!(future instanceof Future)) throw new TypeError(`await: expected a Future or Task, got ${short(future)}`);
    if (future._state !== PENDING) return future.result();
    if (future === task) return this.#raiseLater(task, new RuntimeError(`await: task ${JSON.stringify(task.getName())} cannot await itself`));
    if (future._loop === null) future._loop = this;
    else if (future._loop !== this) return this.#raiseLater(task, new RuntimeError(`await: ${String(future)} is attached to a different loop`));
    future._addWaiter(task);
    task._waitOn = future;
    return SUSPEND;
  }

  /**
   * Runs `gen` on `task`'s stack as if the task had yielded it: the effect evaluates to the
   * generator's return value (or throws its error). For effect handlers whose slow path is
   * easiest to write as a coroutine: `return loop.delegate(task, slowPath(effect))`.
   */
  delegate(task: Task, gen: Generator): undefined {
    if (task._top === null || this._current !== task) {
      throw new RuntimeError('EventLoop.delegate(): only an effect handler of the running task can delegate');
    }
    if (isDelegating(gen)) throw new ValueError('EventLoop.delegate(): generator already executing (it is suspended delegating on a stack)');
    pushFrame(task, task._top, gen);
    return undefined;
  }

  /** @internal The sleep effect. */
  _sleep(task: Task, seconds: number, result: unknown): unknown {
    if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
      throw typeof seconds === 'number' ? new ValueError('sleep(): Invalid delay: NaN (not a number)') : new TypeError(`sleep(): expected a number of seconds, got ${short(seconds)}`);
    }
    if (seconds <= 0) {
      // Why: like asyncio's bare yield, sleep(0) reschedules the task at the back of the ready queue.
      task._wake(NEXT, result);
      return SUSPEND;
    }
    task._value = result; // what the timer resumes the task with (a pending task's _value is its next step's argument)
    // The task is its own timer entry; _waitOn names the sleep by its arrival number (see Task._sleepDue).
    const seq = this.#timerSeq++;
    this._timers.push(task, this.time() + seconds, seq);
    task._waitOn = seq;
    return SUSPEND;
  }

  /** @internal Carries out what a task yielded. Returns the value to resume with, or SUSPEND; throws to raise in the task. */
  _dispatch(task: Task, y: unknown, retried = false): unknown {
    // A retried put/get is the same yield, carried out again: the trace shows it once.
    if (this._tracer !== null && !retried) this._tracer._effect(this.time(), task, y);
    // Why: built-in effects carry their handler (one check and one call), then futures; only
    // plain { type } objects go through the table.
    if (y instanceof EffectBase) return y._handle(task, this);
    if (y instanceof Future) return this.waitOn(task, y);
    return this._dispatchByType(task, y);
  }

  /** @internal Records that `task` yielded `y` (the tracer must be set). */
  _traceEffect(task: Task, y: unknown): void {
    this._tracer!._effect(this.time(), task, y);
  }

  /** @internal Carries out an effect through the handler table (by its `type`), or raises in the task if it is not one. */
  _dispatchByType(task: Task, y: unknown): unknown {
    if (typeof y === 'object' && y !== null) {
      const type = (y as { type?: unknown }).type;
      if (typeof type === 'string') {
        const h = (kernelHandlers as Record<string, EffectHandler | undefined>)[type] ?? this.#handlers?.get(type);
        if (h !== undefined) return h(y, task, this);
      }
      if (typeof (y as PromiseLike<unknown>).then === 'function' && this.clock.kind === 'real') {
        return this.waitOn(task, this.#fromPromise(y as PromiseLike<unknown>));
      }
    }
    return this.#raiseLater(task, new TypeError(badYieldMessage(task, y, this.clock.kind)));
  }

  // Why: CPython raises protocol errors (bad yield, awaiting itself) in the task's next step, via
  // call_soon, so other ready tasks run first; errors of the effect itself are raised at once.
  #raiseLater(task: Task, error: Error): typeof SUSPEND {
    task._wake(THROW, error);
    return SUSPEND;
  }

  #fromPromise(p: PromiseLike<unknown>): Future<unknown> {
    const f = new Future<unknown>(this);
    p.then(
      (v) => {
        if (!f.done()) f.setResult(v);
      },
      (e) => {
        if (!f.done()) f.setException(e);
      },
    );
    return f;
  }

  // ---- Scheduling ----

  /** @internal Appends a handle or a task step to the ready queue. */
  _schedule(entry: Task | Handle): void {
    this._ready.push(entry);
    if (this._idle) (this.clock as HostDriven)._wake();
  }

  // ---- One iteration (CPython's _run_once) ----

  #pruneTimers(): void {
    const timers = this._timers;
    const n = timers.length;
    if (n > MIN_SCHEDULED_TIMER_HANDLES && this.#cancelledTimers / n > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
      timers.removeCancelled();
      this.#cancelledTimers = 0;
    } else {
      while (timers.length !== 0 && timers.peekStale()) {
        this.#cancelledTimers--;
        timers.pop()._unscheduled();
      }
    }
  }

  /** @internal Runs one iteration; never blocks. */
  _iterate(): number {
    this.#pruneTimers();
    const timers = this._timers;
    const ready = this._ready;
    const clock = this.clock;
    if (ready.length === 0 && !this._stopping) {
      if (timers.length === 0) return IDLE;
      const when = timers.peekWhen();
      if (when === Infinity) return IDLE;
      if (clock instanceof VirtualClock) {
        // Nothing to do until the next deadline: jump to it.
        if (this._cpython) {
          let timeout = when - clock.now; // CPython's arithmetic, so times match bit for bit
          if (timeout > MAXIMUM_SELECT_TIMEOUT) timeout = MAXIMUM_SELECT_TIMEOUT;
          else if (timeout < 0) timeout = 0;
          clock.now += timeout;
        } else if (when > clock.now) clock.now = when;
      } else if (clock.kind === 'real' && when > clock.time()) {
        return WAIT;
      }
    }
    // Under a policy, the policy's own iteration moves the due timers and picks the order (choice.ts).
    if (this._policy !== null) return this._policy._iterate(this);
    // Move due timers to the back of the ready queue.
    if (timers.length !== 0) {
      const now = clock.time();
      const end = this._cpython ? now + CPYTHON_CLOCK_RESOLUTION : now;
      while (timers.length !== 0) {
        const when = timers.peekWhen();
        if (this._cpython ? when >= end : when > end) break;
        const seq = timers.peekSeq();
        const h = timers.pop();
        if (h instanceof Task) {
          // A sleep's entry: to the ready queue as its timer's callback, unless there is nothing to do (Task._sleepDue).
          if (h._sleepDue(seq)) ready.push(h);
        } else {
          h._scheduled = false;
          ready.push(h);
        }
      }
    }
    // Run exactly the entries that were ready when the iteration began.
    let ntodo = ready.length;
    while (ntodo-- > 0) {
      const entry = ready.shift()!;
      if (entry instanceof Task) {
        if (entry._waitOn === SLEEP_FIRING) entry._sleepFired();
        else entry._run();
      } else if (!entry._cancelled) entry._run();
    }
    return RAN; // (after a burst, the ready queue gave its buffer back as it drained: Deque.shift)
  }

  // ---- Running ----

  /**
   * Runs until `future` (a coroutine, Task or Future) is done and returns its result, or throws
   * its exception. Virtual and stepped clocks only (it returns synchronously); on the real clock
   * use `runUntilCompleteAsync` or `run()`.
   * @example new EventLoop().runUntilComplete(main()); // main's return value
   */
  runUntilComplete<T>(future: CoroInput<T> | Future<T>): T {
    if (this.clock.kind === 'real') {
      throw new RuntimeError('EventLoop.runUntilComplete(): a real-clock loop cannot block; use await loop.runUntilCompleteAsync(...) or run()');
    }
    const fut = this.#toFuture('runUntilComplete', future);
    fut.addDoneCallback(stopLoopOf);
    try {
      this.#runSync(fut);
    } finally {
      fut.removeDoneCallback(stopLoopOf);
    }
    if (!fut.done()) throw new RuntimeError('EventLoop.runUntilComplete(): the loop stopped before the future completed');
    return fut.result();
  }

  /**
   * Runs until `future` is done, on any clock, and resolves with its result.
   * @example const v = await new EventLoop({ clock: 'real' }).runUntilCompleteAsync(main());
   */
  async runUntilCompleteAsync<T>(future: CoroInput<T> | Future<T>): Promise<T> {
    if (this.clock.kind !== 'real') return this.runUntilComplete(future);
    const fut = this.#toFuture('runUntilCompleteAsync', future);
    fut.addDoneCallback(stopLoopOf);
    try {
      await (this.clock as HostDriven)._run(this);
    } finally {
      fut.removeDoneCallback(stopLoopOf);
    }
    if (!fut.done()) throw new RuntimeError('EventLoop.runUntilCompleteAsync(): the loop stopped before the future completed');
    return fut.result();
  }

  /**
   * Runs until `stop()` is called. On the virtual clock, a loop with nothing ready and no timer
   * would wait forever: that is a DeadlockError. On the real clock it returns a Promise.
   */
  runForever(): void | Promise<void> {
    if (this.clock.kind === 'real') return (this.clock as HostDriven)._run(this);
    this.#runSync(null);
  }

  /** Stops the loop after the current iteration (the entries already ready in it still run). */
  stop(): void {
    this._stopping = true;
    if (this._idle) (this.clock as HostDriven)._wake();
  }

  /** True while the loop is running. */
  isRunning(): boolean {
    return this.#running;
  }

  /** The Tracer given as the `trace` option, or null. */
  getTracer(): Tracer | null {
    return this.#trace;
  }

  /** True if the loop is in debug mode (the `debug` option, or YIELDFROM_DEBUG=1). */
  getDebug(): boolean {
    return this._debug !== null;
  }

  /** True once `close()` was called. */
  isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Closes the loop: reports failed tasks whose exception was never retrieved, and drops pending
   * callbacks and timers. A running loop cannot be closed.
   */
  close(): void {
    if (this.#running) throw new RuntimeError('EventLoop.close(): cannot close a running event loop');
    if (this.#closed) return;
    this.#closed = true;
    this.reportUnretrieved();
    this._debug?.close();
    clearFinished(); // the last value a yield* handed back is not kept past the loop
    this._ready.clear();
    this._timers.clear();
    (this.clock as Partial<HostDriven>)._close?.();
    this._idle = false;
    // Whatever shutdown did not close yet (or all of it, without run()'s shutdown) closes now, unawaited.
    void this.#closeResources();
  }

  /**
   * Reports every failed task or future whose exception nobody retrieved (asyncio: "Task
   * exception was never retrieved"). The loop does this when it closes; on the real clock it also
   * reports each one when it becomes garbage, whichever comes first.
   */
  reportUnretrieved(): void {
    for (const r of this._unretrieved.take()) this._reportOne(r);
  }

  /** @internal */
  _reportOne(r: UnretrievedReport): void {
    const f = r.future;
    this.callExceptionHandler({
      message: `${r.isTask ? 'Task' : 'Future'} exception was never retrieved`,
      exception: r.exception,
      ...(f === null ? { description: r.description } : f instanceof Task ? { task: f } : { future: f }),
    });
  }

  #toFuture<T>(api: string, x: CoroInput<T> | Future<T>): Future<T> {
    if (this.#closed) throw new RuntimeError(`EventLoop.${api}(): the event loop is closed`);
    if (this.#running) throw new RuntimeError(`EventLoop.${api}(): this event loop is already running`);
    if (x instanceof Future) {
      if (x._loop === null) x._loop = this;
      else if (x._loop !== this) throw new RuntimeError(`EventLoop.${api}(): ${String(x)} is attached to a different loop`);
      return x;
    }
    return this.#newTask<T>(`EventLoop.${api}()`, x, [], null);
  }

  /** @internal Marks the loop running (and the running loop) for a run of iterations; returns the loop that was running before. */
  _enter(api: string): EventLoop | null {
    if (this.#closed) throw new RuntimeError(`EventLoop.${api}(): the event loop is closed`);
    if (this.#running) throw new RuntimeError('EventLoop: this event loop is already running');
    const other = peekRunningLoop();
    if (other !== null && other !== this) throw new RuntimeError('EventLoop: cannot run a loop while another loop is running');
    this.#running = true;
    return setRunningLoop(this);
  }

  /** @internal Ends what _enter began. */
  _leave(prev: EventLoop | null): void {
    this.#running = false;
    setRunningLoop(prev);
  }

  #runSync(main: Future<unknown> | null): void {
    const prev = this._enter('run');
    try {
      for (;;) {
        const st = this._iterate();
        if (this._stopping) break;
        if (st === IDLE) {
          if (this.clock.kind === 'stepped') {
            throw new RuntimeError('EventLoop: nothing is ready at this time on the stepped clock; the host must call advance()');
          }
          throw new DeadlockError(this._deadlockMessage(main));
        }
        if (st === RAN && this.clock.kind === 'stepped' && this._ready.length === 0 && !this.#dueTimer()) {
          throw new RuntimeError('EventLoop: nothing is ready at this time on the stepped clock; the host must call advance()');
        }
      }
    } finally {
      this._stopping = false;
      this._leave(prev);
    }
  }

  #dueTimer(): boolean {
    const d = this.nextDeadline();
    if (d === null) return false;
    const now = this.time();
    return this._cpython ? d < now + CPYTHON_CLOCK_RESOLUTION : d <= now;
  }

  /** @internal */
  _deadlockMessage(main: Future<unknown> | null): string {
    const what = main === null ? 'the loop would wait forever' : `${String(main)} can never complete`;
    const tasks = this.allTasks();
    const blocked = tasks.map((t) => `${JSON.stringify(t.getName())} (${describeWait(t)})`);
    const cycle = waitForCycle(tasks);
    return `deadlock: nothing is ready and no timer is pending, so ${what}${blocked.length ? `; blocked tasks: ${blocked.join(', ')}` : ''}${cycle ? `; wait-for cycle: ${cycle.map((t) => JSON.stringify(t.getName())).join(' -> ')}` : ''}`;
  }

  /** @internal A host-driven loop runs in host turns and counts as running between them. */
  _setRunning(running: boolean): void {
    this.#running = running;
  }

  /**
   * @internal The host is about to exit (Node's 'beforeExit'): if this real-clock loop waits with
   * nothing ready and no timer, nothing can wake it any more, so the run fails with the
   * DeadlockError runSync would raise (naming `main` and any wait-for cycle) instead of the host
   * exiting silently with the run pending. Returns true if it did.
   */
  _hostExiting(main: Future<unknown> | null): boolean {
    return this._idle && (this.clock as HostDriven)._hostExiting(this, main);
  }

  // ---- Stepped clock: the host drives ----

  /** Runs one loop iteration without waiting (for hosts that step the loop). */
  runOnce(): void {
    const prev = this._enter('runOnce');
    try {
      this._iterate();
    } finally {
      this._stopping = false;
      this._leave(prev);
    }
  }

  /** Runs iterations until nothing is ready and no timer is due at the current time. */
  runUntilIdle(): void {
    while (this._ready.length !== 0 || this.#dueTimer()) this.runOnce();
  }

  /**
   * Sets a stepped clock to exactly `when` (loop time, seconds; never backwards). For a host that
   * jumps to `nextDeadline()` as the virtual clock would: `advance(when - time())` may round to a
   * time just short of the deadline, and then the timer would not be due.
   * @example const d = loop.nextDeadline(); if (d !== null) loop.advanceTo(d); loop.runOnce();
   */
  advanceTo(when: number): void {
    const clock = this.clock;
    if (!(clock instanceof SteppedClock)) throw new RuntimeError(`EventLoop.advanceTo(): only a stepped clock can be advanced (this loop's clock is ${clock.kind})`);
    if (typeof when !== 'number' || Number.isNaN(when)) throw new TypeError(`EventLoop.advanceTo(): expected a loop time in seconds, got ${short(when)}`);
    if (when < clock.now) throw new ValueError(`EventLoop.advanceTo(): time cannot go backwards (now ${clock.now}, asked for ${when})`);
    clock.now = when;
  }

  /** How many callbacks and task steps are ready to run in the next iteration (for hosts that step the loop). */
  readyCount(): number {
    return this._ready.length;
  }

  /**
   * The DeadlockError the loop raises when nothing is ready and no timer is pending: it names
   * `main` (if given), each blocked task and what it waits for, and any wait-for cycle. For a
   * host that steps the loop and finds it stuck.
   */
  deadlockError(main: Future<unknown> | null = null): DeadlockError {
    return new DeadlockError(this._deadlockMessage(main));
  }

  /** Moves a stepped clock forward by `seconds` (timers that become due fire on the next runOnce). */
  advance(seconds: number): void {
    const clock = this.clock;
    if (!(clock instanceof SteppedClock)) throw new RuntimeError(`EventLoop.advance(): only a stepped clock can be advanced (this loop's clock is ${clock.kind})`);
    if (typeof seconds !== 'number' || !(seconds >= 0)) throw new TypeError(`EventLoop.advance(): expected a non-negative number of seconds, got ${short(seconds)}`);
    clock.now += seconds;
  }

  // ---- Exceptions ----

  /** Sets the handler for errors nobody else can handle (null restores the default). */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== 'function') {
      throw new TypeError(`EventLoop.setExceptionHandler(): expected a function or null, got ${short(handler)}`);
    }
    this.#exceptionHandler = handler;
  }

  /** The handler set with setExceptionHandler, or null. */
  getExceptionHandler(): ExceptionHandler | null {
    return this.#exceptionHandler;
  }

  /** Calls the exception handler (or the default one) with `context`. */
  callExceptionHandler(context: ExceptionContext): void {
    const h = this.#exceptionHandler;
    if (h === null) return this.defaultExceptionHandler(context);
    try {
      h(this, context);
    } catch (error) {
      this.defaultExceptionHandler({ message: 'Unhandled error in exception handler', exception: error });
      this.defaultExceptionHandler(context);
    }
  }

  /** The default handler: prints the message, the task and the error's stack with console.error. */
  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message];
    if (context.task) lines.push(`task: ${String(context.task)}`);
    if (context.future) lines.push(`future: ${String(context.future)}`);
    if (context.handle) lines.push(`handle: ${String(context.handle)}`);
    if (context.description) lines.push(`was: ${context.description}`);
    const e = context.exception;
    if (e !== undefined) lines.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : short(e));
    (globalThis as unknown as { console: { error(s: string): void } }).console.error(lines.join('\n'));
  }

  /**
   * @internal asyncio.run's shutdown: cancel every live task, run until they have all finished,
   * report each one that failed (retrieved or not), then run the two clean-up passes CPython
   * makes (async generators, default executor), so the iterations match.
   */
  _cancelAllTasks(): void | Promise<void> {
    // Servers stop accepting first, so no request starts a task that this shutdown would not cancel.
    if (this.#resources !== null) visitResources(this.#resources, false, this.#reportResource);
    const tasks = this.allTasks();
    const report = (): void => {
      for (const t of tasks) {
        if (t.cancelled()) continue;
        const exc = t.exception();
        if (exc !== null) this.callExceptionHandler({ message: 'unhandled exception during shutdown', exception: exc, task: t });
      }
    };
    if (this.clock.kind === 'real') {
      const all = tasks.length === 0 ? null : (tasks.forEach((t) => t.cancel()), this.#whenAll(tasks));
      return (all === null ? Promise.resolve() : this.runUntilCompleteAsync(all))
        .then(report)
        .then(() => this.runUntilCompleteAsync(noop()))
        .then(() => this.runUntilCompleteAsync(this.#resources === null && this.#defaultExecutor === null ? noop() : closing(this.#closeResources())))
        .then(() => undefined);
    }
    if (tasks.length !== 0) {
      for (const t of tasks) t.cancel();
      this.runUntilComplete(this.#whenAll(tasks));
      report();
    }
    this.runUntilComplete(noop());
    void this.#closeResources(); // not awaited: a virtual or stepped clock cannot wait for the host
    this.runUntilComplete(noop());
  }

  #whenAll(tasks: Task[]): Future<void> {
    const all = new Future<void>(this);
    let left = tasks.length;
    const one = (): void => {
      if (--left === 0) all.setResult(undefined);
    };
    for (const t of tasks) t.addDoneCallback(one);
    return all;
  }
}

// asyncio.run's extra loop passes at shutdown, as module-level generators (a generator closure
// made per call would give each loop its own hidden class).
function* noop(): Generator<never, void, unknown> {}
// The second pass closes the resources (executors last, as asyncio.run), awaiting those that close asynchronously.
function* closing(pending: Promise<unknown> | null): Generator<unknown, void, unknown> {
  if (pending !== null) yield pending;
}

/** runUntilComplete's done callback (asyncio's _run_until_complete_cb): one function for every loop, not a closure per call. */
function stopLoopOf(fut: Future<unknown>): void {
  fut._loop!.stop();
}

/** Who `t` waits for: the task holding the lock it wants, or the task it awaits. @internal */
function waitsFor(t: Task): Task | null {
  const w = t._waitOn;
  if (w === null || typeof w === 'number') return null;
  if (w instanceof Task) return w;
  const holder = (labelOf(w)?.owner as { _holder?: Task | null } | undefined)?._holder;
  return holder ?? null;
}

/** A cycle in the wait-for graph among `tasks`, closed (first task repeated at the end), or null. @internal */
export function waitForCycle(tasks: Task[]): Task[] | null {
  for (const start of tasks) {
    const path: Task[] = [start];
    let t = waitsFor(start);
    while (t !== null && !t.done()) {
      const i = path.indexOf(t);
      if (i >= 0) return [...path.slice(i), t];
      path.push(t);
      t = waitsFor(t);
    }
  }
  return null;
}

/** What a blocked task waits on, for deadlock messages. @internal */
export function describeWait(t: Task): string {
  const w = t._waitOn;
  if (w === null) return t._isScheduled() ? 'ready' : 'not started';
  if (typeof w === 'number') return 'sleep()';
  const l = labelOf(w);
  if (l !== undefined) {
    const holder = (l.owner as { _holder?: Task | null })._holder;
    // A holder that has finished never releases: the lock was leaked (an exit path without release()).
    return `${describePrimitive(l.owner)}.${l.op}()${holder ? `, held by ${JSON.stringify(holder.getName())}${holder.done() ? ', which has finished: leaked, never released' : ''}` : ''}`;
  }
  if (w instanceof Future) return `awaiting ${w instanceof Task ? `task ${JSON.stringify(w.getName())}` : String(w)}`;
  const mb = w as { owner?: Task };
  if (mb.owner === t) return 'receive()';
  if (mb.owner !== undefined) return `send() to ${JSON.stringify(mb.owner.getName())}`;
  return String(w);
}

function badYieldMessage(task: Task, y: unknown, clock: ClockKind): string {
  const who = `task ${JSON.stringify(task.getName())}`;
  if (typeof y === 'function') {
    return `${who} yielded ${short(y)}, which is not an effect; did you mean to call it? (yield* fn(), or yield* spawn(fn, ...args))`;
  }
  if (typeof y === 'object' && y !== null && typeof (y as PromiseLike<unknown>).then === 'function') {
    return `${who} yielded a Promise, which can only be awaited on a real-clock loop (run(), or new EventLoop({ clock: 'real' })); on the ${clock} clock use a Future`;
  }
  if (typeof y === 'object' && y !== null && typeof (y as { type?: unknown }).type === 'string') {
    return `${who} yielded ${describeEffect(y)}, an effect of type '${(y as { type: string }).type}' that no handler is registered for (EventLoop.addEffectHandler)`;
  }
  if (typeof y === 'object' && y !== null && typeof (y as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return `${who} yielded ${short(y)}, an iterable but not an effect or a generator (use yield*, not yield, to delegate to it)`;
  }
  return `${who} yielded ${short(y)}, which is not an effect, a generator or a Future (use yield* with helpers that return generators, yield for effects)`;
}


// Residents (see resident.ts): a loop of each clock and timer kind, and a task, future, handle,
// timer and effects on one of them. Made with the first loop, not at import: task.ts and
// loop.ts import each other, so at import time one of the two classes is not defined yet.
let residentsMade = false;
function makeResidents(): void {
  residentsMade = true;
  const loop = new EventLoop({ debug: false }); // residents are never in debug mode, whatever YIELDFROM_DEBUG says
  const task = new Task(loop, (function* () {})(), null, 1);
  const fut = new Future(loop);
  const waiter = new Waiter<unknown>(loop, {}, 'acquire');
  keepResident(
    loop,
    new EventLoop({ clock: steppedClock, debug: false }),
    task,
    fut,
    fut[Symbol.iterator](),
    new Handle(loop, () => {}, undefined),
    new TimerHandle(loop, 0.5, () => {}, undefined),
    // Why not a number: its `seconds` field then holds any value, so an integer delay sits in the
    // effect itself; a field V8 had seen only numbers in would box every delay (16 bytes per sleep).
    new SleepEffect(undefined as unknown as number, undefined),
    new SpawnEffect(function* () {}, []),
    new AwaitEffect(fut),
    waiter,
  );
}
