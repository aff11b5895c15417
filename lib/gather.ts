// gather.ts: gather, as asyncio.gather: run awaitables concurrently, results in argument order.
// A failing child does not cancel its siblings (the first error goes to the caller at once);
// cancelling the gather cancels every child that is not done.

import { isEffect } from './awaitable.js';
import type { EffectLike } from './effects.js';
import { CancelledError } from './errors.js';
import { CANCELLED, FAILED, Future, PENDING, short } from './future.js';
import { getRunningLoop } from './running.js';
import type { EventLoop } from './loop.js';
import { isGenerator } from './trampoline.js';

/**
 * An awaitable: a Future or Task, or a coroutine (generator object) or an effect (`sleep(1, 'x')`,
 * `q.get()`), which becomes a Task where asyncio would make one of a coroutine.
 */
export type Awaitable<T = unknown> = Future<T> | Generator<unknown, T, any> | EffectLike<T>;

/** Turns an awaitable into a Future, wrapping a coroutine or an effect in a Task. @internal */
export function toFuture<T>(api: string, aw: Awaitable<T>, loop: EventLoop): Future<T> {
  if (aw instanceof Future) return aw;
  if (isGenerator(aw) || isEffect(aw)) return loop.createTask(aw as Generator<unknown, T, any>);
  throw new TypeError(`${api}: expected a Future, a Task, a coroutine (generator object) or an effect, got ${short(aw)}`);
}

/**
 * gather()'s options.
 * @example
 * const results = yield* gather(tasks, { returnExceptions: true }); // errors in place of results
 */
export interface GatherOptions {
  /** Return errors (and CancelledErrors) in place of results instead of raising the first one. */
  returnExceptions?: boolean;
}

// Why so strict: an effect is an object too (`q.get()`, `sleep(1)`, an embedder's `{ type }`), so
// only a plain object without a string `type` is taken for the options, and then only with known keys.
function isOptions(x: unknown): x is GatherOptions {
  if (typeof x !== 'object' || x === null || isEffect(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function readOptions(x: unknown): boolean {
  if (x === undefined) return false;
  if (!isOptions(x)) throw new TypeError(`gather(): expected options ({ returnExceptions }) after the array of awaitables, got ${short(x)}`);
  for (const k of Object.keys(x)) if (k !== 'returnExceptions') throw new TypeError(`gather(): unknown option ${JSON.stringify(k)} (the one option is returnExceptions)`);
  return Boolean(x.returnExceptions);
}

/**
 * The Future gather returns: cancelling it cancels the children, as a Task would.
 * @example
 * const g = gather(a, b); g.cancel(); // cancels a and b
 */
export class GatheringFuture<T = unknown[]> extends Future<T> {
  readonly #children: Future<unknown>[];
  /** @internal */ _cancelRequested = false;
  constructor(children: Future<unknown>[], loop: EventLoop) {
    super(loop);
    this.#children = children;
  }
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const child of this.#children) if (child.cancel(msg)) ret = true;
    if (ret) this._cancelRequested = true;
    return ret;
  }
}

type Results<A extends readonly unknown[]> = { -readonly [K in keyof A]: A[K] extends Awaitable<infer T> ? T : unknown };
// With returnExceptions, an entry is a result or whatever was thrown: unknown.
type Settled<A extends readonly unknown[]> = { -readonly [K in keyof A]: unknown };

/**
 * Runs awaitables concurrently; evaluates to their results in argument order. With
 * `{ returnExceptions: true }` errors are returned in place of results instead of thrown.
 * Takes the awaitables as arguments, or as one array (any length) followed by the options.
 * @example
 * const [a, b] = yield* gather(fetch('a'), fetch('b'));
 * const all = yield* gather(tasks, { returnExceptions: true });
 */
export function gather<const A extends readonly Awaitable[]>(aws: A, options?: GatherOptions & { returnExceptions?: false }): GatheringFuture<Results<A>>;
export function gather<const A extends readonly Awaitable[]>(aws: A, options: GatherOptions): GatheringFuture<Settled<A>>;
export function gather<A extends readonly Awaitable[]>(...aws: A): GatheringFuture<Results<A>>;
export function gather<A extends readonly Awaitable[]>(...args: [...A, GatherOptions & { returnExceptions?: false }]): GatheringFuture<Results<A>>;
export function gather<A extends readonly Awaitable[]>(...args: [...A, GatherOptions]): GatheringFuture<Settled<A>>;
export function gather(...args: unknown[]): GatheringFuture<unknown> {
  let returnExceptions = false;
  let aws: readonly Awaitable[];
  if (Array.isArray(args[0])) {
    if (args.length > 2) throw new TypeError(`gather(): after an array of awaitables, expected at most the options, got ${args.length} arguments`);
    aws = args[0] as Awaitable[];
    returnExceptions = readOptions(args[1]);
  } else {
    aws = args as Awaitable[];
    if (args.length !== 0 && isOptions(args[args.length - 1])) {
      returnExceptions = readOptions(args[args.length - 1]);
      aws = args.slice(0, -1) as Awaitable[];
    }
  }
  return gatherAll(aws, returnExceptions);
}

function gatherAll(aws: readonly Awaitable[], returnExceptions: boolean): GatheringFuture<unknown[]> {
  const loop = getRunningLoop();
  if (aws.length === 0) {
    const outer = new GatheringFuture<unknown[]>([], loop);
    Future.prototype.setResult.call(outer, []);
    return outer;
  }
  const argToFut = new Map<Awaitable, Future<unknown>>();
  const children: Future<unknown>[] = [];
  const doneFuts: Future<unknown>[] = [];
  let nfuts = 0;
  let nfinished = 0;
  let outer: GatheringFuture<unknown[]> | null = null;

  const onDone = (fut: Future<unknown>): void => {
    nfinished++;
    if (outer === null || outer.done()) {
      if (!fut.cancelled()) fut.exception(); // mark it retrieved
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) return outer.setException(fut._makeCancelledError());
      const exc = fut.exception();
      if (exc !== null) return outer.setException(exc);
    }
    if (nfinished === nfuts) {
      const results = children.map((f) => (f._state === CANCELLED ? new CancelledError(f._cancelMessage() ?? '') : f._state === FAILED ? f.exception() : f.result()));
      // Why the last child: CPython's callback reuses `fut` as its loop variable over the children.
      if (outer._cancelRequested) outer.setException(children[children.length - 1]!._makeCancelledError());
      else outer.setResult(results);
    }
  };

  for (const aw of aws) {
    let fut = argToFut.get(aw);
    if (fut === undefined) {
      fut = toFuture('gather()', aw, loop);
      nfuts++;
      argToFut.set(aw, fut);
      if (fut._state !== PENDING) doneFuts.push(fut);
      else fut.addDoneCallback(onDone);
    }
    children.push(fut);
  }
  outer = new GatheringFuture<unknown[]>(children, loop);
  for (const f of doneFuts) onDone(f);
  return outer;
}
