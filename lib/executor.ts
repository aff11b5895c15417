// executor.ts: the core's side of run_in_executor. The core knows only this interface; the
// node entry point (yieldfrom/node) provides a ThreadPoolExecutor on worker threads. Work that
// leaves the loop comes back as a Future; cancelling the Future aborts the work.

/** The part of AbortSignal an executor needs (typed here: the core has no DOM or Node types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
}

/** Something that runs work off the loop and reports back through a Promise. */
export interface Executor<F = unknown> {
  /** Starts `fn(...args)`; the Promise settles with its outcome. `signal` aborts it. */
  submit(fn: F, args: readonly unknown[], signal: AbortSignalLike): Promise<unknown>;
  /** Stops accepting work and frees the executor's resources. */
  shutdown(): void | Promise<void>;
}

type Controller = { signal: AbortSignalLike; abort(reason?: unknown): void };

/** An AbortController, from the host where it has one (a minimal one elsewhere, e.g. QuickJS). @internal */
export function abortController(): Controller {
  const Native = (globalThis as { AbortController?: new () => Controller }).AbortController;
  if (Native !== undefined) return new Native();
  const listeners: (() => void)[] = [];
  const signal = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener: (_t: 'abort', l: () => void) => void listeners.push(l),
  };
  return {
    signal,
    abort(reason?: unknown) {
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason;
      for (const l of listeners) l();
    },
  };
}
