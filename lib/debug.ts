// debug.ts: debug mode, as asyncio's. A loop made with `debug: true` (or run with
// YIELDFROM_DEBUG=1 in the environment) warns, with where the thing was made, about: a coroutine
// made by coroutine() that was never run, an effect made but never yielded, and a task step that
// held the loop longer than `slowStep` seconds. It watches through the kernel's trace hooks, so
// with debug off the kernel pays what it pays for tracing off (a null check per step); effects
// are watched by swapping the root of their classes (debug-hook.ts), so making one costs nothing
// more when debug is off; coroutine() wraps only when debug is on.
// A warning comes when the thing becomes garbage (FinalizationRegistry) or when the loop closes,
// whichever comes first; on the virtual clock a run is synchronous, so they come at close, in order.

import { EffectRoot } from './debug-hook.js';
import { describeEffect, EffectBase } from './effects.js';
import { peekRunningLoop } from './running.js';
import type { Task } from './task.js';
import type { TraceHooks } from './trace.js';

const g = globalThis as {
  process?: { env?: Record<string, string | undefined> };
  performance?: { now(): number };
  console?: { warn(...a: unknown[]): void };
};

/** True when the environment asks for debug mode (YIELDFROM_DEBUG set, and not '0' or 'false'). @internal */
export function debugFromEnv(): boolean {
  const v = g.process?.env?.YIELDFROM_DEBUG;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

const now: () => number = typeof g.performance?.now === 'function' ? () => g.performance!.now() / 1000 : () => Date.now() / 1000;

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

const OWN_DIR = ((): string | null => {
  const file = (new Error().stack ?? '').split('\n').map(frameFile).find((f) => f !== null);
  return file ? file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) : null;
})();

/** Where the code that called into yieldfrom is: the first few stack frames outside its own files. @internal */
export function creationSite(): string {
  const frames = (new Error().stack ?? '').split('\n').filter((l) => frameFile(l) !== null);
  const theirs = OWN_DIR === null ? frames : frames.filter((l) => !frameFile(l)!.startsWith(OWN_DIR));
  return (theirs.length !== 0 ? theirs : frames).slice(0, 4).map((l) => `    ${l.trim()}`).join('\n') || '    (no stack)';
}

// ---- A list of things to warn about unless they are cleared first ----

interface Entry {
  /** The warning, built when it is given (the thing may be half-made when it is watched). */
  message: () => string;
}

/** Things watched weakly: each is warned about when collected or at close(), unless cleared first. */
class Watch<T extends object> {
  readonly #entries = new Set<Entry>();
  readonly #byThing = new WeakMap<T, Entry>();
  readonly #registry = new FinalizationRegistry<Entry>((e) => {
    if (this.#entries.delete(e)) warn(e.message());
  });

  add(thing: T, message: () => string): void {
    const e = { message };
    this.#entries.add(e);
    this.#byThing.set(thing, e);
    this.#registry.register(thing, e, e);
  }

  clear(thing: T): void {
    const e = this.#byThing.get(thing);
    if (e === undefined) return;
    this.#byThing.delete(thing);
    this.#entries.delete(e);
    this.#registry.unregister(e);
  }

  /** Warns about everything still watched, oldest first, and forgets it. */
  flush(): void {
    for (const e of this.#entries) {
      this.#registry.unregister(e);
      warn(e.message());
    }
    this.#entries.clear();
  }
}

const canWatch = typeof FinalizationRegistry === 'function' && typeof WeakRef === 'function';

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

// ---- Coroutines made by coroutine() that never ran ----

// Coroutines made outside any debug loop: warned about when collected only.
let strayCoroutines: Watch<Generator> | null = null;

/** True when coroutine() should wrap what it marks: debug mode is on somewhere now. @internal */
export function debugOn(): boolean {
  return canWatch && (debugLoops > 0 || debugFromEnv());
}

/**
 * Debug mode's coroutine(fn): each call's generator is watched until it first runs.
 * @internal
 */
export function watchCoroutines<F extends (...args: any[]) => any>(fn: F, name: string): F {
  const watched = function (this: unknown, ...args: unknown[]): unknown {
    const gen = fn.apply(this, args) as Generator;
    if (typeof gen !== 'object' || gen === null || typeof gen.next !== 'function') return gen;
    const watch = peekRunningLoop()?._debug?._coroutines ?? (strayCoroutines ??= new Watch<Generator>());
    const site = creationSite();
    watch.add(gen, () => `coroutine '${name}' was never run (use yield* ${name}(...), or spawn it)\n  created at:\n${site}`);
    // Why own methods: the generator must stay a generator object (yield delegates to those), so
    // its first resumption is seen by shadowing the prototype's next/throw/return.
    const proto = Object.getPrototypeOf(gen) as Generator;
    for (const m of ['next', 'throw', 'return'] as const) {
      Object.defineProperty(gen, m, {
        configurable: true,
        writable: true,
        value(arg: unknown) {
          watch.clear(gen);
          return (proto[m] as (a: unknown) => unknown).call(gen, arg);
        },
      });
    }
    return gen;
  };
  Object.defineProperty(watched, 'name', { value: name });
  return watched as unknown as F;
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
  readonly #effects = new Watch<object>();
  /** @internal */ readonly _coroutines = new Watch<Generator>();
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
    this.#effects.add(effect, () => {
      const e = ref.deref();
      return `${e === undefined ? `an effect (${kind})` : describeEffect(e)} was made but never yielded (use yield* or yield)\n  made at:\n${site}`;
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
    this.#effects.flush();
    this._coroutines.flush();
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
  _block(time: number, task: Task, on: string): void {
    this.#stepEnded(task);
    this.#inner?._block(time, task, on);
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

/** A loop's debug watch when debug mode is on for it (the option, else the environment), or null. @internal */
export function debugWatchFor(debug: boolean | undefined, slowStep: number | undefined, inner: TraceHooks | null): DebugWatch | null {
  if (!(debug ?? debugFromEnv()) || !canWatch) return null;
  return new DebugWatch(inner, slowStep ?? 0.1);
}
