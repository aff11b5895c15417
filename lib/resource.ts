// resource.ts: what a loop owns besides its tasks: the servers, connections and executors opened
// while it runs (yieldfrom/node registers them). The loop's shutdown closes them in asyncio.run's
// order: first new work is refused (a server stops accepting), then the tasks are cancelled and
// run to their end, then the resources are closed (servers drop their connections, executors shut
// down) before the loop itself closes. Nothing here runs, or costs anything, while a loop owns none.

/**
 * Something opened on a loop that the loop's shutdown must close (see EventLoop._addResource).
 * A throw (or a rejected promise) from either method is reported to the loop's exception handler,
 * and the shutdown goes on.
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

/**
 * @internal Tells every resource that shutdown begins (`close` false), or closes and forgets
 * them all (`close` true). Returns a promise that settles (never rejects) once those that close
 * asynchronously are closed, or null.
 */
export function visitResources(resources: Set<LoopResource>, close: boolean, report: (exception: unknown) => void): Promise<unknown> | null {
  const pending: Promise<unknown>[] = [];
  for (const r of [...resources]) {
    try {
      const p = close ? r._loopClose() : r._loopShutdown?.();
      if (p) pending.push(Promise.resolve(p).then(undefined, report));
    } catch (e) {
      report(e);
    }
  }
  if (close) resources.clear();
  return pending.length === 0 ? null : Promise.all(pending);
}
