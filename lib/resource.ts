// resource.ts: what a loop owns besides its tasks: the servers, connections and executors opened
// while it runs (yieldfrom/node registers them). The loop's shutdown closes them in asyncio.run's
// order: first new work is refused (a server stops accepting), then the tasks are cancelled and
// run to their end, then the resources are closed (servers drop their connections, executors shut
// down) before the loop itself closes. Nothing here runs, or costs anything, while a loop owns none.

/**
 * Something opened on a loop that the loop's shutdown must close (see EventLoop._addResource).
 * Neither method may throw to its caller on purpose: a throw (or a rejected promise) is reported
 * to the loop's exception handler and the shutdown goes on.
 * @internal
 */
export interface LoopResource {
  /** Shutdown has begun, before the tasks are cancelled: stop taking new work. Optional. */
  _loopShutdown?(): void;
  /**
   * The tasks are done, or the loop is closing (then possibly without `_loopShutdown` first): let
   * go of everything. A returned promise is awaited by `run()`'s shutdown on the real clock.
   */
  _loopClose(): void | PromiseLike<void>;
}

type Report = (message: string, exception: unknown) => void;

/** @internal Tells every resource that shutdown has begun. */
export function beginShutdown(resources: Set<LoopResource>, report: Report): void {
  for (const r of [...resources]) {
    try {
      r._loopShutdown?.();
    } catch (e) {
      report('error while shutting down a resource of the event loop', e);
    }
  }
}

/**
 * @internal Closes every resource and forgets it. Returns a promise that settles (never rejects)
 * once the asynchronous ones are closed, or null when all closed at once.
 */
export function closeResources(resources: Set<LoopResource>, report: Report): Promise<void> | null {
  const pending: Promise<void>[] = [];
  const all = [...resources];
  resources.clear();
  for (const r of all) {
    try {
      const p = r._loopClose();
      if (p !== undefined && p !== null && typeof (p as PromiseLike<void>).then === 'function') {
        pending.push(Promise.resolve(p).then(undefined, (e: unknown) => report('error while closing a resource of the event loop', e)));
      }
    } catch (e) {
      report('error while closing a resource of the event loop', e);
    }
  }
  return pending.length === 0 ? null : Promise.all(pending).then(() => undefined);
}
