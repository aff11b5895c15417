// clock.ts: where the loop's time comes from. A loop is given a clock source, and makes its own
// clock from it: virtualClock (time jumps to the next deadline when nothing is ready: tests and
// simulations), steppedClock (an embedder moves time with advance() and runs iterations with
// runOnce() from its own loop), or realClock (real-clock.ts: host time and host timers).
// Why sources and not names: a program imports the clocks it uses, so a bundler leaves out the
// others (the real clock's host driving is the bulk of it). The names ('virtual', 'real',
// 'stepped') stay as sugar from the 'yieldfrom' entry point (names.ts).
// Only globals every JS runtime has are used here: no `node:` imports.

import type { Future } from './future.js';
import type { EventLoop } from './loop.js';
import { HeldUnretrieved, type Unretrieved } from './unretrieved.js';

/** Which clock a loop runs on. */
export type ClockKind = 'virtual' | 'real' | 'stepped';

/** A source of loop time, in seconds. */
export interface Clock {
  readonly kind: ClockKind;
  /** Current loop time in seconds. */
  time(): number;
}

/**
 * What a loop's `clock` option takes: `virtualClock`, `steppedClock` or `realClock` (or, from
 * the 'yieldfrom' entry point, their names). Each loop makes its own clock from it.
 */
export interface ClockSource {
  readonly kind: ClockKind;
  /** @internal A new clock for one loop. */
  _new(): Clock;
  /** @internal How the loop keeps failures nobody retrieved (real clock: weakly; else held until close, for deterministic output). */
  _unretrieved(loop: EventLoop): Unretrieved;
}

/**
 * @internal What a clock that the host drives (the real clock) does for its loop: the loop calls
 * these where it would otherwise have to know the host.
 */
export interface HostDriven extends Clock {
  /** Runs the loop in host turns until it stops; resolves then. */
  _run(loop: EventLoop): Promise<void>;
  /** Something became ready (or a timer was added) while the loop waits for the host: wake it. */
  _wake(): void;
  /** The host is about to exit: fail a run that waits for nothing with a DeadlockError. */
  _hostExiting(loop: EventLoop, main: Future<unknown> | null): boolean;
  /** The loop closes: disarm any host timer. */
  _close(): void;
}

// What one loop iteration (EventLoop._iterate) reports, read by the loop and by a host-driven clock.
/** @internal The iteration ran what was ready. */
export const RAN = 0;
/** @internal Nothing ready, no timer pending. */
export const IDLE = 1;
/** @internal Nothing ready, a timer is pending in the future (real clock). */
export const WAIT = 2;
/** @internal CPython's MAXIMUM_SELECT_TIMEOUT: the longest the loop waits (or jumps) at once, in seconds. */
export const MAXIMUM_SELECT_TIMEOUT = 24 * 3600;

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

/** The virtual clock (the default): time jumps to the next deadline when nothing is ready. */
export const virtualClock: ClockSource = {
  kind: 'virtual',
  _new: () => new VirtualClock(),
  _unretrieved: () => new HeldUnretrieved(),
};

/** The stepped clock: time moves only when the host calls `loop.advance(seconds)`. */
export const steppedClock: ClockSource = {
  kind: 'stepped',
  _new: () => new SteppedClock(),
  _unretrieved: () => new HeldUnretrieved(),
};
