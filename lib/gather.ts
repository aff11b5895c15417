// gather.ts: gather, as asyncio.gather: run awaitables concurrently, results in argument order.
// A failing child does not cancel its siblings (the first error goes to the caller at once);
// cancelling the gather cancels every child that is not done.

import { CancelledError } from './errors.js';
import { CANCELLED, FAILED, Future, PENDING, short } from './future.js';
import { getRunningLoop } from './running.js';
import type { EventLoop } from './loop.js';
import { isGenerator } from './trampoline.js';

/** An awaitable: a Future or Task, or a coroutine (generator object) that becomes a Task. */
export type Awaitable<T = unknown> = Future<T> | Generator<unknown, T, any>;

/** Turns an awaitable into a Future, wrapping a coroutine in a Task. @internal */
export function toFuture<T>(api: string, aw: Awaitable<T>, loop: EventLoop): Future<T> {
  if (aw instanceof Future) return aw;
  if (isGenerator(aw)) return loop.createTask(aw);
  throw new TypeError(`${api}: expected a Future, a Task or a coroutine (generator object), got ${short(aw)}`);
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

/**
 * Runs awaitables concurrently; evaluates to their results in argument order. With
 * `{ returnExceptions: true }` errors are returned in place of results instead of thrown.
 * @example
 * const [a, b] = yield* gather(fetch('a'), fetch('b'));
 */
export function gather<A extends readonly Awaitable[]>(...args: [...A] | [...A, { returnExceptions?: boolean }]): GatheringFuture<Results<A>> {
  let returnExceptions = false;
  const last = args[args.length - 1];
  if (last !== undefined && !(last instanceof Future) && !isGenerator(last) && typeof last === 'object') {
    returnExceptions = Boolean((last as { returnExceptions?: boolean }).returnExceptions);
    args = args.slice(0, -1) as [...A];
  }
  const aws = args as unknown as Awaitable[];
  const loop = getRunningLoop();
  if (aws.length === 0) {
    const outer = new GatheringFuture<Results<A>>([], loop);
    Future.prototype.setResult.call(outer, [] as unknown as Results<A>);
    return outer;
  }
  const argToFut = new Map<Awaitable, Future<unknown>>();
  const children: Future<unknown>[] = [];
  const doneFuts: Future<unknown>[] = [];
  let nfuts = 0;
  let nfinished = 0;
  let outer: GatheringFuture<Results<A>> | null = null;

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
      else outer.setResult(results as unknown as Results<A>);
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
  outer = new GatheringFuture<Results<A>>(children, loop);
  for (const f of doneFuts) onDone(f);
  return outer;
}
