// effects.ts: the kernel's effects, as plain printable data, and their constructors.
// A coroutine yields an effect; the loop's handler table (loop.ts) carries it out and resumes
// the coroutine with the result. Each effect is also iterable, so `yield* sleep(1)` works and
// TypeScript infers the result type; plain `yield sleep(1)` works too (untyped).

import { EffectRoot } from './debug-hook.js';
import { ValueError } from './errors.js';
import { Future, short } from './future.js';
import { finished, NOT_NOW, tryEager } from './yield-once.js';
import type { Task } from './task.js';
import type { GetEffect, PutEffect } from './queue.js';
import type { ReceiveEffect, SendEffect } from './send.js';
import type { EventLoop } from './loop.js';

/**
 * Base of the built-in effects: `yield* effect` yields it once and returns what the loop sends back.
 * (It extends an empty root class that debug mode replaces to watch every effect made: debug-hook.ts.)
 * @internal
 */
export abstract class EffectBase<R> extends EffectRoot {
  abstract readonly type: string;
  abstract override toString(): string;
  // Why written out: the implicit constructor of a derived class with field initialisers is
  // super(...arguments), which made creating an effect 2.4x slower (4.8 -> 11.9 ns, measured).
  constructor() {
    super();
  }
  /**
   * @internal Carries the effect out for `task` (what the loop's handler table would do for its
   * type): a value to resume with, SUSPEND, or a throw. Effects whose handler lives with their
   * class (queue put/get) override it, so the loop reaches it with one call instead of a table
   * lookup and two wrappers; the default goes through the table.
   */
  _handle(task: Task, loop: EventLoop): unknown {
    return loop._dispatchByType(task, this);
  }
  /**
   * @internal `yield* effect` inside a running task: the effect's value if it completes without
   * waiting (carried out now, exactly as `_handle` would), else NOT_NOW (see yield-once.ts).
   */
  _eager(_loop: EventLoop): unknown {
    return NOT_NOW;
  }
  /**
   * @internal A task that waited on this effect (it was its own waiter: see queue.ts) starts its
   * next step: clean up if it is `throwing` (cancelled), else carry the effect out again. A value
   * to resume with, SUSPEND, NOT_NOW (resume as woken), or a throw.
   */
  _rewake(_task: Task, _loop: EventLoop, _throwing: boolean, _wokeNormally: boolean): unknown {
    return NOT_NOW;
  }
  /**
   * @internal True only between `yield*` taking this effect's iterator and its first next()
   * (which `yield*` makes at once), else undefined: so effects still compare as plain data
   * (toEqual ignores undefined properties; JSON.stringify drops them). Why not a private field:
   * measured 15-20% slower on a queue ping-pong.
   */
  _taken: true | undefined = undefined;
  /**
   * `yield* effect`: the effect is its own iterator. It yields itself once, then returns what the
   * loop sent back. Why not a separate iterator object: that was one more allocation per
   * `yield*`, the commonest way to wait. The same effect object can be yielded again, or by
   * several tasks: its state only matters between this call and the first next().
   */
  [Symbol.iterator](): Generator<this, R, any> {
    this._taken = true;
    return this as unknown as Generator<this, R, any>;
  }
  /** @internal The iterator protocol of `yield*` (see [Symbol.iterator]). */
  next(sent?: unknown): IteratorResult<this, R> {
    if (this._taken === undefined) return finished<R>(sent);
    this._taken = undefined;
    return { value: this, done: false };
  }
  /** @internal An error thrown in at the `yield*` surfaces there. */
  throw(error: unknown): never {
    this._taken = undefined;
    throw error;
  }
  /** @internal */
  return(value: R): IteratorResult<this, R> {
    this._taken = undefined;
    return finished<R>(value);
  }
}

/**
 * @internal An effect that often completes without waiting (put, get, spawn, await): `yield*`
 * carries it out inline when it can (see yield-once.ts), else yields it. Why a subclass: the
 * attempt costs a few ns, which effects that always wait (sleep) skip.
 */
export abstract class EagerEffect<R> extends EffectBase<R> {
  override next(sent?: unknown): IteratorResult<this, R> {
    if (this._taken === undefined) return finished<R>(sent);
    this._taken = undefined;
    const r = tryEager(this);
    return r !== NOT_NOW ? finished<R>(r) : { value: this, done: false };
  }
}

/**
 * `{ type: 'sleep', seconds }`: suspend for `seconds` of loop time (`0` gives up one loop iteration).
 * @example
 * yield* sleep(0.5); // yields { type: 'sleep', seconds: 0.5 }
 */
export class SleepEffect<R = void> extends EffectBase<R> {
  readonly type = 'sleep' as const;
  constructor(
    readonly seconds: number,
    readonly result?: R,
  ) {
    super();
  }
  override toString(): string {
    return `sleep(${this.seconds})`;
  }
  /** @internal */
  override _handle(task: Task, loop: EventLoop): unknown {
    return loop._sleep(task, this.seconds, this.result);
  }
}

/**
 * `{ type: 'await', future }`: wait until a future or task is done; evaluates to its result.
 * @example
 * const v = yield* awaitFuture(task); // yields { type: 'await', future: task }
 */
export class AwaitEffect<T = unknown> extends EagerEffect<T> {
  readonly type = 'await' as const;
  constructor(readonly future: Future<T>) {
    super();
  }
  override toString(): string {
    return `await(${String(this.future)})`;
  }
  /** @internal Awaiting a future that is done already does not wait (the loop's waitOn, inline). */
  override _eager(loop: EventLoop): unknown {
    return this.future instanceof Future ? this.future._eager(loop) : NOT_NOW;
  }
}

/**
 * `{ type: 'spawn', coro, args }`: start a task (its first step is scheduled) and evaluate to it. Does not give up the turn.
 * @example
 * const t = yield* spawn(worker, 'a'); // yields { type: 'spawn', coro: worker, args: ['a'] }
 */
export class SpawnEffect<T = unknown> extends EagerEffect<Task<T>> {
  readonly type = 'spawn' as const;
  constructor(
    readonly coro: Generator<unknown, T, any> | ((...args: any[]) => Generator<unknown, T, any>) | EffectLike<T>,
    readonly args: readonly unknown[] = [],
  ) {
    super();
  }
  override toString(): string {
    return `spawn(${short(this.coro)})`;
  }
  /** @internal Spawning never waits (the loop's 'spawn' handler, inline). */
  override _eager(loop: EventLoop): unknown {
    return loop._spawn(this.coro, this.args);
  }
}

/** The kernel's effects. Toolkit primitives add their own (see `EventLoop.addEffectHandler`). */
export type Effect = SleepEffect<unknown> | AwaitEffect | SpawnEffect | SendEffect | ReceiveEffect | GetEffect | PutEffect;

/**
 * An embedder's own effect: an object with a string `type` that a handler is registered for (see `EventLoop.addEffectHandler`).
 * @example
 * const frame: CustomEffect = { type: 'nextFrame' }; // yield frame, once a 'nextFrame' handler is added
 */
export interface CustomEffect {
  readonly type: string;
}

/**
 * An effect that can be made into a task, as asyncio makes a task of a coroutine: a built-in one
 * (`sleep(1)`, `q.get()`), evaluating to its result, or an embedder's own.
 * @example
 * const t = yield* spawn(q.get()); const item = yield* t; // a task whose result is the item
 */
export type EffectLike<T = unknown> = EffectBase<T> | CustomEffect;

/** The type of a coroutine: a generator that yields effects and returns T. */
export type Coroutine<T = unknown> = Generator<unknown, T, any>;

/** A generator function, i.e. a coroutine function. */
export type CoroutineFunction<T = unknown, A extends unknown[] = any[]> = (...args: A) => Coroutine<T>;

function checkSeconds(api: string, seconds: unknown): void {
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) throw badDelay(api, seconds);
}

// A delay that is not a number: ValueError for NaN, with CPython's sleep() message; else TypeError.
function badDelay(api: string, seconds: unknown): Error {
  if (typeof seconds === 'number') return new ValueError(`${api}: Invalid delay: NaN (not a number)`);
  return new TypeError(`${api}: expected a number of seconds, got ${short(seconds)}`);
}

/**
 * Suspends the calling coroutine for `seconds` of loop time and evaluates to `result`.
 * `sleep(0)` (or any delay <= 0) gives up exactly one loop iteration, as in asyncio.
 * @example
 * function* tick() { yield* sleep(0.5); console.log('half a second later'); }
 */
export function sleep(seconds: number): SleepEffect<void>;
export function sleep<R>(seconds: number, result: R): SleepEffect<R>;
export function sleep<R>(seconds: number, result?: R): SleepEffect<R | undefined> {
  if (seconds === 0 && result === undefined) return SLEEP_0 as SleepEffect<R | undefined>; // effects are immutable: share the commonest one
  checkSeconds('sleep()', seconds);
  return new SleepEffect(seconds, result);
}

const SLEEP_0 = new SleepEffect<undefined>(0, undefined);

/**
 * Waits until `future` (a Future or Task) is done and evaluates to its result (or throws its
 * exception). Same as `yield* future`.
 * @example
 * function* main() { const t = yield* spawn(work); const v = yield* awaitFuture(t); }
 */
export function awaitFuture<T>(future: Future<T>): AwaitEffect<T> {
  return new AwaitEffect(future);
}

/**
 * Starts a task from a generator object, from a generator function and its arguments, or from an
 * effect (as asyncio's `create_task(q.get())`: the task carries it out and evaluates to its result).
 * Evaluates to the Task at once; the task's first step runs on a later loop iteration.
 * @example
 * function* main() { const t = yield* spawn(countDown, 'A', 1); yield* t; const g = yield* spawn(q.get()); }
 */
export function spawn<T>(coro: Generator<unknown, T, any>): SpawnEffect<T>;
export function spawn<T>(effect: EffectBase<T>): SpawnEffect<T>;
export function spawn(effect: CustomEffect): SpawnEffect<unknown>;
export function spawn<T, A extends unknown[]>(fn: (...args: A) => Generator<unknown, T, any>, ...args: A): SpawnEffect<T>;
export function spawn<T>(coro: Generator<unknown, T, any> | ((...args: any[]) => Generator<unknown, T, any>) | EffectLike<T>, ...args: unknown[]): SpawnEffect<T> {
  return new SpawnEffect<T>(coro, args);
}


/** A one-line description of an effect or yielded value, for traces and messages. @internal */
export function describeEffect(e: unknown): string {
  if (e instanceof EffectBase) return String(e);
  if (typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string') {
    return `${(e as { type: string }).type}(${short(e)})`;
  }
  return short(e);
}

