// shield.ts: shield, as asyncio.shield: cancelling the caller does not cancel the inner work.

import { Future } from './future.js';
import { type Awaitable, toFuture } from './gather.js';
import { getRunningLoop } from './running.js';

/**
 * Protects an awaitable from cancellation: the returned Future can be cancelled (so the awaiting
 * task gets CancelledError) while the inner task runs on.
 * @example
 * const res = yield* shield(saveTask);
 */
export function shield<T>(aw: Awaitable<T>): Future<T> {
  const loop = getRunningLoop();
  const inner = toFuture('shield()', aw, loop);
  if (inner.done()) return inner;
  const outer = new Future<T>(loop);
  const innerDone = (f: Future<T>): void => {
    if (outer.cancelled()) {
      if (!f.cancelled()) f.exception(); // retrieved: nobody else will
      return;
    }
    if (f.cancelled()) outer.cancel();
    else {
      const exc = f.exception();
      if (exc !== null) outer.setException(exc);
      else outer.setResult(f.result());
    }
  };
  const outerDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(innerDone);
  };
  inner.addDoneCallback(innerDone);
  outer.addDoneCallback(outerDone);
  return outer;
}
