// real-clock.ts: the real clock. Loop time is the host's monotonic clock, and the host drives the
// loop: iterations run in host turns (a slice of at most HOST_SLICE_MS, then a macrotask so I/O
// and promises get theirs), one host timer is armed for the earliest deadline, and something
// scheduled from host code while the loop waits wakes it in a microtask.
// Its own module so that a program that never runs on the real clock (runSync, a stepped host)
// does not bundle any of this: the loop only calls the HostDriven methods of its clock.
// Only globals every JS runtime has are used here: no `node:` imports.

import { type ClockSource, type HostDriven, IDLE, MAXIMUM_SELECT_TIMEOUT, RAN, WAIT } from './clock.js';
import { DeadlockError, RuntimeError } from './errors.js';
import type { Future } from './future.js';
import { canWatchGarbage } from './garbage-watch.js';
import type { EventLoop } from './loop.js';
import { keepResident } from './resident.js';
import { HeldUnretrieved, WeakUnretrieved } from './unretrieved.js';

// A real-clock loop gives the host a turn (I/O, promises) at least this often, in ms.
const HOST_SLICE_MS = 8;

type Perf = { now(): number };
// Why found at the first call and not at import: a top-level read would be kept in every bundle.
let perf: Perf | null = null;
const perfNow = (): number => (perf ??= (globalThis as { performance?: Perf }).performance ?? Date).now();

type TimerId = unknown;
const g = globalThis as unknown as {
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
  setImmediate?: (fn: () => void) => unknown;
  queueMicrotask?: (fn: () => void) => void;
  MessageChannel?: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(v: unknown): void } };
};

/** Runs fn as a host microtask: right after the current host callback. */
function hostSoon(fn: () => void): void {
  if (typeof g.queueMicrotask === 'function') g.queueMicrotask(fn);
  else void Promise.resolve().then(fn);
}

let yieldVia: ((fn: () => void) => void) | null = null;

/** Runs fn in a later host macrotask, as soon as the host allows (so I/O and promises get a turn). @internal */
export function hostYield(fn: () => void): void {
  (yieldVia ??= pickHostYield())(fn);
}

function pickHostYield(): (fn: () => void) => void {
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
}

/** The host's monotonic clock, counted from the loop's creation, and the host driving of its loop. */
export class RealClock implements HostDriven {
  readonly kind = 'real' as const;
  readonly #t0 = perfNow();
  // The one host timer armed for the earliest deadline, and how to wake the loop early.
  #hostTimer: TimerId = null;
  #idleWake: (() => void) | null = null;
  // Idle with no timer: how to fail the run if the host is about to exit (see _hostExiting).
  #idleFail: ((error: Error) => void) | null = null;

  time(): number {
    return (perfNow() - this.#t0) / 1000;
  }

  /** @internal */
  _run(loop: EventLoop): Promise<void> {
    if (loop.isClosed()) return Promise.reject(new RuntimeError('EventLoop.runForever(): the event loop is closed'));
    if (loop.isRunning()) return Promise.reject(new RuntimeError('EventLoop: this event loop is already running'));
    loop._setRunning(true);
    return new Promise<void>((resolve, reject) => {
      const tick = (): void => {
        this.#idleWake = null;
        this.#idleFail = null;
        this.#hostTimer = null;
        loop._idle = false;
        loop._setRunning(false);
        const prev = loop._enter('run');
        const t0 = Date.now();
        let st = RAN;
        try {
          for (;;) {
            st = loop._iterate();
            if (loop._stopping) break;
            if (st !== RAN) break;
            if (Date.now() - t0 > HOST_SLICE_MS) break;
          }
        } catch (error) {
          loop._stopping = false;
          loop._leave(prev);
          reject(error);
          return;
        }
        loop._leave(prev);
        if (loop._stopping) {
          loop._stopping = false;
          resolve();
          return;
        }
        loop._setRunning(true); // still running between host turns
        if (st === RAN) hostYield(tick);
        else {
          this.#idleWake = tick;
          loop._idle = true;
          if (st === IDLE) {
            this.#idleFail = (error) => {
              this.#idleWake = null;
              this.#idleFail = null;
              loop._idle = false;
              loop._setRunning(false);
              reject(error);
            };
          }
          if (st === WAIT) {
            // Why: round up so that the host timer never fires before the deadline; cap at a day
            // (host timers overflow past 2^31 ms).
            const delay = Math.min(loop._timers.peekWhen() - this.time(), MAXIMUM_SELECT_TIMEOUT);
            this.#hostTimer = g.setTimeout(tick, Math.max(0, Math.ceil(delay * 1000)));
          }
        }
      };
      tick();
    });
  }

  /** @internal */
  _wake(): void {
    const wake = this.#idleWake;
    if (wake === null) return;
    this.#idleWake = null;
    this.#idleFail = null;
    this.#disarm();
    // Why a microtask: the wake comes from host code (I/O, a promise); running the loop right after
    // it, not a macrotask later, keeps latency low. Slices still end with a macrotask (hostYield).
    hostSoon(wake);
  }

  /** @internal */
  _hostExiting(loop: EventLoop, main: Future<unknown> | null): boolean {
    const fail = this.#idleFail;
    if (fail === null || loop._ready.length !== 0 || loop._timers.length !== 0) return false;
    fail(new DeadlockError(loop._deadlockMessage(main)));
    return true;
  }

  /** @internal */
  _close(): void {
    this.#disarm();
    this.#idleWake = null;
  }

  #disarm(): void {
    if (this.#hostTimer !== null) g.clearTimeout(this.#hostTimer);
    this.#hostTimer = null;
  }
}

let resident = false;

/**
 * The real clock: loop time is the host's, timers are host timers, and the loop runs in host
 * turns (`run()`, `loop.runUntilCompleteAsync()`), so I/O and promises interleave with tasks.
 * @example new EventLoop({ clock: realClock })
 */
export const realClock: ClockSource = {
  kind: 'real',
  _new() {
    // Why resident (resident.ts): the class's optimized code survives loops that come and go.
    if (!resident) {
      resident = true;
      keepResident(new RealClock());
    }
    return new RealClock();
  },
  _unretrieved: (loop) => (canWatchGarbage ? new WeakUnretrieved((r) => loop._reportOne(r), hostYield) : new HeldUnretrieved()),
};
