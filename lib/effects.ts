// effects.ts: the kernel's effects, as plain printable data, and their constructors.
// A coroutine yields an effect; the loop's handler table (loop.ts) carries it out and resumes
// the coroutine with the result. Each effect is also iterable, so `yield* sleep(1)` works and
// TypeScript infers the result type; plain `yield sleep(1)` works too (untyped).

import { EffectRoot } from './debug-hook.js';
import { ValueError } from './errors.js';
import { Future, short } from './future.js';
import { EagerOnce, NOT_NOW, YieldOnce } from './yield-once.js';
import type { Task } from './task.js';
import type { GetEffect, PutEffect } from './queue.js';
import type { EventLoop } from './loop.js';

/**
 * Base of the built-in effects: `yield* effect` yields it once and returns what the loop sends back.
 * (It extends an empty root class that debug mode replaces to watch every effect made: debug-hook.ts.)
 * @internal
 */
export abstract class EffectBase<R> extends EffectRoot {
  abstract readonly type: string;
  abstract override toString(): string;
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
  /** @internal `yield* effect`: yields the effect once, then returns what the loop sent back. */
  [Symbol.iterator](): Generator<this, R, any> {
    return new YieldOnce<this, R>(this) as unknown as Generator<this, R, any>;
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
}

/**
 * `{ type: 'await', future }`: wait until a future or task is done; evaluates to its result.
 * @example
 * const v = yield* awaitFuture(task); // yields { type: 'await', future: task }
 */
export class AwaitEffect<T = unknown> extends EffectBase<T> {
  readonly type = 'await' as const;
  constructor(readonly future: Future<T>) {
    super();
  }
  override toString(): string {
    return `await(${String(this.future)})`;
  }
  /** @internal */
  override [Symbol.iterator](): Generator<this, T, any> {
    return new EagerOnce<this, T>(this) as unknown as Generator<this, T, any>;
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
export class SpawnEffect<T = unknown> extends EffectBase<Task<T>> {
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
  /** @internal */
  override [Symbol.iterator](): Generator<this, Task<T>, any> {
    return new EagerOnce<this, Task<T>>(this) as unknown as Generator<this, Task<T>, any>;
  }
  /** @internal Spawning never waits (the loop's 'spawn' handler, inline). */
  override _eager(loop: EventLoop): unknown {
    return loop._spawn(this.coro, this.args);
  }
}

/**
 * `{ type: 'send', task, value }`: deliver `value` to the task's pending `receive`, and wait for its next reply.
 * @example
 * const reply = yield* send(consumer, 1); // yields { type: 'send', task: consumer, value: 1 }
 */
export class SendEffect<R = unknown> extends EffectBase<R> {
  readonly type = 'send' as const;
  constructor(
    readonly task: Task<unknown>,
    readonly value: unknown,
  ) {
    super();
  }
  override toString(): string {
    return `send(${String(this.task)}, ${short(this.value)})`;
  }
}

/**
 * `{ type: 'receive', reply }`: hand `reply` to the current sender, then wait for the next sent value.
 * @example
 * const n = yield* receive<number>('ready'); // yields { type: 'receive', reply: 'ready' }
 */
export class ReceiveEffect<V = unknown> extends EffectBase<V> {
  readonly type = 'receive' as const;
  constructor(readonly reply: unknown) {
    super();
  }
  override toString(): string {
    return `receive(${short(this.reply)})`;
  }
}

/** The kernel's effects. Toolkit primitives add their own (see `EventLoop.addEffectHandler`). */
export type Effect = SleepEffect<unknown> | AwaitEffect | SpawnEffect | SendEffect | ReceiveEffect | GetEffect | PutEffect;

/** An embedder's own effect: an object with a string `type` that a handler is registered for (see `EventLoop.addEffectHandler`). */
export interface CustomEffect {
  readonly type: string;
}

/**
 * An effect that can be made into a task, as asyncio makes a task of a coroutine: a built-in one
 * (`sleep(1)`, `q.get()`), evaluating to its result, or an embedder's own.
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

/**
 * Sends `value` to a live task, the generator `send()` protocol lifted to tasks: the value
 * becomes the result of the target's pending `receive(...)`, and the sender resumes with the
 * reply the target passes to its next `receive(reply)`. The first send primes the target (as
 * Python's `c.send(None)`): it must send `undefined` and evaluates to the target's first reply.
 * When the target finishes, the sender gets StopIteration carrying its return value (its
 * exception if it failed, CancelledError if it was cancelled).
 * @example
 * const r = yield* send(consumerTask, 1); // '200 OK'
 */
export function send<R = unknown>(task: Task<unknown>, value: unknown): SendEffect<R> {
  return new SendEffect<R>(task, value);
}

/**
 * The target side of `send`: passes `reply` to the task that is waiting for it, then waits for
 * the next value sent to this task and evaluates to it (Python's `n = yield r`).
 * @example
 * function* consumer() { let r = ''; for (;;) { const n = yield* receive<number>(r); if (!n) return; r = '200 OK'; } }
 */
export function receive<V = unknown>(reply?: unknown): ReceiveEffect<V> {
  return new ReceiveEffect<V>(reply);
}

/** A one-line description of an effect or yielded value, for traces and messages. @internal */
export function describeEffect(e: unknown): string {
  if (e instanceof EffectBase) return String(e);
  if (typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string') {
    return `${(e as { type: string }).type}(${short(e)})`;
  }
  return short(e);
}
