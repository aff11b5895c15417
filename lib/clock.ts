// clock.ts: where the loop's time comes from. Three clocks, one interface:
// virtual (time jumps to the next deadline when nothing is ready: tests and simulations),
// real (the host's monotonic clock and host timers), and stepped (an embedder moves time
// with advance() and runs iterations with runOnce() from its own loop).
// Only globals every JS runtime has are used here: no `node:` imports.

/** Which clock a loop runs on. */
export type ClockKind = 'virtual' | 'real' | 'stepped';

/** A source of loop time, in seconds. */
export interface Clock {
  readonly kind: ClockKind;
  /** Current loop time in seconds. */
  time(): number;
}

/** Time that moves only when the loop jumps it to the next deadline. */
export class VirtualClock implements Clock {
  readonly kind = 'virtual' as const;
  /** @internal */ now = 0;
  time(): number {
    return this.now;
  }
}

/** Time that moves only when the host calls `advance(seconds)`. */
export class SteppedClock implements Clock {
  readonly kind = 'stepped' as const;
  /** @internal */ now = 0;
  time(): number {
    return this.now;
  }
}

type Perf = { now(): number };
const perf: Perf = (globalThis as { performance?: Perf }).performance ?? Date;

/** The host's monotonic clock, counted from the loop's creation. */
export class RealClock implements Clock {
  readonly kind = 'real' as const;
  readonly #t0 = perf.now();
  time(): number {
    return (perf.now() - this.#t0) / 1000;
  }
}

// ---- Host scheduling (real clock only) ----

type TimerId = unknown;
const g = globalThis as unknown as {
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
  setImmediate?: (fn: () => void) => unknown;
  MessageChannel?: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(v: unknown): void } };
};

/** Arms one host timer. @internal */
export function hostTimer(fn: () => void, seconds: number): TimerId {
  return g.setTimeout(fn, Math.max(0, seconds * 1000));
}

/** Disarms a host timer. @internal */
export function clearHostTimer(id: TimerId): void {
  g.clearTimeout(id);
}

/** Runs fn as a host microtask: right after the current host callback. @internal */
export const hostSoon: (fn: () => void) => void =
  typeof (globalThis as { queueMicrotask?: unknown }).queueMicrotask === 'function'
    ? (fn) => (globalThis as unknown as { queueMicrotask(f: () => void): void }).queueMicrotask(fn)
    : (fn) => void Promise.resolve().then(fn);

/** Runs fn in a later host macrotask, as soon as the host allows (so I/O and promises get a turn). @internal */
export const hostYield: (fn: () => void) => void = (() => {
  if (typeof g.setImmediate === 'function') return (fn) => void g.setImmediate!(fn);
  if (typeof g.MessageChannel === 'function') {
    const ch = new g.MessageChannel();
    const queue: (() => void)[] = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return (fn) => {
      queue.push(fn);
      ch.port2.postMessage(0);
    };
  }
  return (fn) => void g.setTimeout(fn, 0);
})();
