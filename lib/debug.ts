// debug.ts: debug mode, as asyncio's. A loop made with `debug: true` (or run with
// YIELDFROM_DEBUG=1 in the environment) warns, with where the thing was made, about: a coroutine
// made by coroutine() that was never run, an effect made but never yielded, and a task step that
// held the loop longer than `slowStep` seconds. It watches through the kernel's trace hooks, so
// with debug off the kernel pays what it pays for tracing off (a null check per step); effects
// are watched by swapping the root of their classes (debug-hook.ts), so making one costs nothing
// more when debug is off; coroutine() wraps only when debug is on.
// A warning comes when the thing becomes garbage (FinalizationRegistry) or when the loop closes,
// whichever comes first; on the virtual clock a run is synchronous, so they come at close, in order.

import { type DebugMode, debugFromEnv, EffectRoot } from './debug-hook.js';
import { canWatchGarbage, GarbageWatch } from './garbage-watch.js';
import { describeEffect, EffectBase } from './effects.js';
import { isResident } from './resident.js';
import { peekRunningLoop } from './running.js';
import type { Task } from './task.js';
import type { TraceHooks } from './trace.js';

const g = globalThis as {
  process?: { env?: Record<string, string | undefined> };
  performance?: { now(): number };
  console?: { warn(...a: unknown[]): void };
};

const now = (): number => (typeof g.performance?.now === 'function' ? g.performance.now() : Date.now()) / 1000;

function warn(message: string): void {
  g.console?.warn(`yieldfrom debug: ${message}`);
}

// ---- Where things were made ----

// Frames in yieldfrom's own files are left out of creation sites: those in the directory of this
// file (lib/ from source, dist/ when built), found from a stack captured here.
function frameFile(line: string): string | null {
  const m = /(?:\(|@|\bat\s)([^\s()@]+?):\d+:\d+\)?\s*$/.exec(line);
  return m ? m[1]! : null;
}

// Why "pure": a bundle that never turns debug mode on leaves this (and the file) out.
const OWN_DIR = /* @__PURE__ */ ((): string | null => {
  const file = (new Error().stack ?? '').split('\n').map(frameFile).find((f) => f !== null);
  return file ? file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) : null;
})();

/** Where the code that called into yieldfrom is: the first few stack frames outside its own files. @internal */
export function creationSite(): string {
  const frames = (new Error().stack ?? '').split('\n').filter((l) => frameFile(l) !== null);
  const theirs = OWN_DIR === null ? frames : frames.filter((l) => !frameFile(l)!.startsWith(OWN_DIR));
  return (theirs.length !== 0 ? theirs : frames).slice(0, 4).map((l) => `    ${l.trim()}`).join('\n') || '    (no stack)';
}

// ---- Things to warn about unless they are cleared first ----

/** A warning, built when it is given (the thing may be half-made when it is watched); null: none after all. */
interface Warning {
  message: () => string | null;
}

function give(w: Warning): void {
  const m = w.message();
  if (m !== null) warn(m);
}

/** Things watched weakly: each is warned about when collected or at close, unless cleared first. @internal */
export function watchList<T extends object>(): GarbageWatch<T, Warning> {
  return new GarbageWatch<T, Warning>(give);
}

// ---- Effects made but never yielded ----

let debugLoops = 0;

// While a loop is in debug mode, EffectBase's super() is this constructor instead of EffectRoot's.
class WatchingEffectRoot {
  constructor() {
    peekRunningLoop()?._debug?._effectMade(this);
  }
}

function watchEffects(on: boolean): void {
  Object.setPrototypeOf(EffectBase, on ? WatchingEffectRoot : EffectRoot);
}

/** True when coroutine() should watch what it makes: debug mode is on somewhere now. @internal */
export function debugOn(): boolean {
  return canWatchGarbage && (debugLoops > 0 || debugFromEnv());
}

// ---- The loop's watch ----

/**
 * A debug loop's watch: its trace hooks (forwarded to the user's tracer, if any), slow steps,
 * and the effects and coroutines made while it runs.
 * @internal
 */
export class DebugWatch implements TraceHooks {
  readonly #inner: TraceHooks | null;
  readonly #slowStep: number;
  readonly #sites = new WeakMap<Task, string>();
  readonly #effects = watchList<object>();
  /** @internal Coroutines from coroutine() made while this loop runs (see coroutine.ts). */ readonly _coroutines = watchList<Generator>();
  #stepStart = 0;
  #closed = false;

  constructor(inner: TraceHooks | null, slowStep: number) {
    this.#inner = inner;
    this.#slowStep = slowStep;
    if (debugLoops++ === 0) watchEffects(true);
  }

  /** @internal An effect was made while this loop was running. */
  _effectMade(effect: object): void {
    // Why described late: the effect's own fields are not set yet (this runs in its base constructor).
    const ref = new WeakRef(effect);
    const kind = (effect.constructor as { name?: string } | undefined)?.name || 'effect';
    const site = creationSite();
    this.#effects.add(effect, {
      message: () => {
      const e = ref.deref();
      if (e !== undefined && isResident(e)) return null; // made by the library, to be kept (resident.ts)
      return `${e === undefined ? `an effect (${kind})` : describeEffect(e)} was made but never yielded (use yield* or yield)\n  made at:\n${site}`;
      },
    });
  }

  /** @internal An effect was handed on to be yielded (a task made of it). */
  _effectUsed(effect: object): void {
    this.#effects.clear(effect);
  }

  /** Warns about what is still watched; the loop is closing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#effects.take()) give(w);
    for (const w of this._coroutines.take()) give(w);
    if (--debugLoops === 0) watchEffects(false);
  }

  #stepEnded(task: Task): void {
    const took = now() - this.#stepStart;
    if (took > this.#slowStep) {
      warn(`Executing ${String(task)} took ${took.toFixed(3)} seconds\n  task created at:\n${this.#sites.get(task) ?? '    (unknown)'}`);
    }
  }

  _create(time: number, task: Task, parent: Task | null): void {
    this.#sites.set(task, creationSite());
    this.#inner?._create(time, task, parent);
  }
  _step(time: number, task: Task): void {
    this.#inner?._step(time, task);
    this.#stepStart = now();
  }
  _effect(time: number, task: Task, effect: unknown): void {
    if (typeof effect === 'object' && effect !== null) this.#effects.clear(effect);
    this.#inner?._effect(time, task, effect);
  }
  _block(time: number, task: Task): void {
    this.#stepEnded(task);
    this.#inner?._block(time, task);
  }
  _wake(time: number, task: Task, by: Task | null): void {
    this.#inner?._wake(time, task, by);
  }
  _done(time: number, task: Task, outcome: 'returned' | 'failed' | 'cancelled', detail: string): void {
    this.#stepEnded(task);
    this.#inner?._done(time, task, outcome, detail);
  }
  _mark(): number {
    return this.#inner?._mark() ?? 0;
  }
  _retract(mark: number): void {
    this.#inner?._retract(mark);
  }
}

/**
 * Debug mode, as asyncio's, for a loop's `debug` option: `new EventLoop({ debug: debugMode })`.
 * (`debug: true`, and YIELDFROM_DEBUG=1, mean this from the 'yieldfrom' entry point.)
 */
export const debugMode: DebugMode = {
  _watch: (slowStep, inner) => (canWatchGarbage ? new DebugWatch(inner, slowStep ?? 0.1) : null),
};
