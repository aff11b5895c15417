// trampoline.ts: PEP 380 delegation on the driver's own stack instead of the JS stack.
// A coroutine that yields a generator object delegates to it: the driver pushes it and resumes
// it; its return value becomes the value of the yield; an error it throws is thrown into the
// delegator; next/throw/return always reach the innermost generator first. The rules match JS's
// own `yield*`, so both spellings behave alike, but depth is bounded by memory, not by the stack;
// except that GeneratorExit thrown into delegate() follows PEP 380 (see Trampoline.#close).
// A generator suspended in delegation carries a mark, so that delegating to it again (a cycle,
// on this stack or another) raises CPython's ValueError instead of resuming it from the middle.

import { EffectBase } from './effects.js';
import { GeneratorExit, RuntimeError, ValueError } from './errors.js';

/** Resumption modes: send a value, throw an error, or return (close). @internal */
export const NEXT = 0;
/** @internal */ export const THROW = 1;
/** @internal */ export const RETURN = 2;
/** @internal */ export type Mode = typeof NEXT | typeof THROW | typeof RETURN;

/** Returned by `resume` when the outermost generator finished; its value is in `takeReturned()`. @internal */
export const DONE: unique symbol = Symbol('yieldfrom.done');

/** A stack of generators: the innermost on top, the ones delegating to it below. @internal */
export interface Frames {
  _top: Generator | null;
  _outer: Generator[] | null;
  /**
   * return() reaches the whole chain at once, as with JS's yield*: frames at depth <= _retDepth
   * (1 = outermost) are inside a return() call that has not yet yielded a value to the driver.
   * When one of them completes, its delegator returns too. 0 (or absent, for tasks, which never
   * call return()) means none.
   */
  _retDepth?: number;
}

let returned: unknown;

// Why a symbol-keyed property on the generator: delegating to a generator that is itself
// suspended in delegation (below the top of this stack or of another one) must fail at O(1)
// cost. It is true exactly while the generator sits in some stack's _outer: one store on push,
// one on pop, one load of the delegated-to generator. Measured (bench/delegation.mjs, p10 of
// interleaved batches against main): +7-8 ns per delegation, +17-21% on bare delegation (a
// depth-1 round trip, 34 -> 41 ns; 50,000 deep, 46 -> 53 ns per level), +8% with one sleep(0)
// step per round trip. The load alone and the stores alone each cost about as much as both.
// Rejected, on a standalone copy of this loop: a WeakSet of delegators (2.5x on depth 1, 4x
// deep), a private-field brand (1.5x), a Set (3.5x); in the build: marks holding the stack and the
// index, with no store on pop (the same at depth 1, worse deep), Smi marks, and a false default on
// %GeneratorPrototype% (neither better).
const DELEGATING: unique symbol = Symbol('yieldfrom.delegating');
type Marked = Generator & { [DELEGATING]?: boolean };

/** True while `gen` is suspended delegating to another generator, on any stack. @internal */
export function isDelegating(gen: Generator): boolean {
  return (gen as Marked)[DELEGATING] === true;
}

/** Pushes `gen` (the top) below `inner` on `f`, marking it as delegating. @internal */
export function pushFrame(f: Frames, gen: Generator, inner: Generator): void {
  (gen as Marked)[DELEGATING] = true;
  (f._outer ??= []).push(gen);
  f._top = inner;
}

// CPython's ValueError for a delegation cycle. Said exactly as CPython does when the generator is
// on the delegator's own stack; the rare cross-stack case says where it is.
function alreadyExecuting(f: Frames, target: Generator): ValueError {
  const same = (target === f._top && !isDelegating(target)) || (f._outer !== null && f._outer.lastIndexOf(target) >= 0);
  return new ValueError(same ? 'generator already executing' : 'generator already executing (it is suspended delegating on another stack: a task or a delegate())');
}

/** The return value of the generator that `resume` last reported DONE for. @internal */
export function takeReturned(): unknown {
  const v = returned;
  returned = undefined;
  return v;
}

// Why: `instanceof` walks a short prototype chain with one check; duck typing (`v.next`) would
// make a megamorphic property load of every value a task yields.
function GeneratorObject(): void {}
GeneratorObject.prototype = Object.getPrototypeOf(function* () {}).prototype;

/** True for generator objects created by generator functions: what `yield` delegates to. @internal */
export function isGeneratorObject(v: unknown): v is Generator {
  return v instanceof (GeneratorObject as unknown as new () => Generator);
}

/** True for generator objects and anything with a generator's next/throw methods. @internal */
export function isGenerator(v: unknown): v is Generator {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Generator).next === 'function' &&
    typeof (v as Generator).throw === 'function' &&
    // An effect is an iterator only for the `yield*` that takes it (see EffectBase): not a coroutine.
    !(v instanceof EffectBase)
  );
}

/**
 * Resumes the innermost generator and runs until some generator yields a value that is not a
 * generator (returned), or the outermost one finishes (DONE) or throws (rethrown).
 * @internal
 */
export function resume(f: Frames, mode: Mode, arg: unknown): unknown {
  let gen = f._top!;
  if (mode === RETURN) f._retDepth = depth(f);
  for (;;) {
    let r: IteratorResult<unknown, unknown>;
    try {
      r = mode === NEXT ? gen.next(arg) : mode === THROW ? gen.throw(arg) : gen.return(arg);
    } catch (error) {
      // The generator finished by throwing: the error surfaces at its delegator's yield.
      const outer = f._outer;
      if (outer === null || outer.length === 0) {
        f._top = null;
        // Why guarded: a task has no _retDepth; adding one when it finishes would give it a new
        // map and an out-of-object property array (40 bytes per finished task).
        if (f._retDepth) f._retDepth = 0;
        throw error;
      }
      if ((f._retDepth as number) > outer.length) f._retDepth = outer.length;
      gen = f._top = outer.pop()!;
      (gen as Marked)[DELEGATING] = false;
      mode = THROW;
      arg = error;
      continue;
    }
    const value = r.value;
    if (r.done === true) {
      const outer = f._outer;
      if (outer === null || outer.length === 0) {
        f._top = null;
        if (f._retDepth) f._retDepth = 0;
        returned = value;
        return DONE;
      }
      // Why: as in JS's yield*, a frame that completes inside a return() makes its delegator
      // return too; otherwise its value becomes the value of the delegating yield.
      const returning = (f._retDepth as number) > outer.length;
      if (returning) f._retDepth = outer.length;
      gen = f._top = outer.pop()!;
      (gen as Marked)[DELEGATING] = false;
      mode = returning ? RETURN : NEXT;
      arg = value;
      continue;
    }
    // The common case, an effect, is recognised first with one short prototype walk.
    if (!(value instanceof EffectBase) && isGeneratorObject(value)) {
      // A cycle: CPython raises at the delegating yield, since the target is running.
      if (value === gen || (value as Marked)[DELEGATING] === true) {
        mode = THROW;
        arg = alreadyExecuting(f, value);
        continue;
      }
      (gen as Marked)[DELEGATING] = true;
      (f._outer ??= []).push(gen);
      gen = f._top = value;
      mode = NEXT;
      arg = undefined;
      continue;
    }
    // A value goes out to the driver: as with JS's yield*, a pending return() is over.
    if (f._retDepth) f._retDepth = 0;
    return value;
  }
}

/** Depth of the delegation stack (1 for a generator that delegates to nothing). @internal */
export function depth(f: Frames): number {
  return f._top === null ? 0 : 1 + (f._outer?.length ?? 0);
}

/**
 * Wraps a generator so that the generators it *yields* are run as delegation (PEP 380's
 * `yield from`) on an explicit stack. The result is an ordinary iterator: the values it yields
 * are the non-generator values yielded anywhere in the tree, and it behaves as if every
 * `yield gen` had been written `yield* gen`, without consuming JS stack per level.
 * @example
 * function* rec(n: number): Generator<unknown, number, any> { return n === 0 ? 0 : 1 + (yield rec(n - 1)); }
 * delegate(rec(100_000)).next(); // { value: 100000, done: true }
 */
export function delegate<R = unknown>(gen: Generator<unknown, R, any>): Generator<unknown, R, any> {
  return new Trampoline<R>(gen) as unknown as Generator<unknown, R, any>;
}

class Trampoline<R> implements Iterator<unknown, R, any>, Frames {
  _top: Generator | null;
  _outer: Generator[] | null = null;
  _retDepth = 0;
  #running = false;

  constructor(gen: Generator) {
    if (!isGenerator(gen)) throw new TypeError(`delegate(): expected a generator object, got ${String(gen)}`);
    this._top = gen;
  }

  #step(mode: Mode, arg: unknown): IteratorResult<unknown, R> {
    if (this._top === null) {
      if (mode === THROW) throw arg;
      return { value: (mode === RETURN ? arg : undefined) as R, done: true };
    }
    if (this.#running) throw new TypeError('Generator is already running');
    // Its generator is suspended delegating on another stack: resuming it would skip its delegate.
    if ((this._top as Marked)[DELEGATING] === true) throw alreadyExecuting(this, this._top);
    this.#running = true;
    try {
      const o = this._outer;
      const v = mode === THROW && arg instanceof GeneratorExit && o !== null && o.length !== 0 ? this.#close(arg) : resume(this, mode, arg);
      if (v === DONE) return { value: takeReturned() as R, done: true };
      return { value: v, done: false };
    } finally {
      this.#running = false;
    }
  }

  // PEP 380: GeneratorExit thrown into a delegating generator (close(), or throw(GeneratorExit))
  // first closes its delegate. If that raises, the error is raised in the delegator; if the
  // delegate yields instead, RuntimeError('generator ignored GeneratorExit') is; otherwise
  // GeneratorExit is, and what the delegate returned is dropped. Applied from the innermost frame
  // out, each frame closed on a stack of its own (it may delegate while closing), until the
  // outermost takes the outcome on this stack. JS's yield* would hand the value to the delegator.
  // Why here and not in resume(): tasks never have GeneratorExit thrown in (their waits deliver
  // results), so their steps pay nothing for it.
  #close(ge: GeneratorExit): unknown {
    const outer = this._outer!;
    let arg: unknown = ge;
    while (outer.length !== 0) {
      const sub: Frames = { _top: this._top, _outer: null };
      let next: unknown;
      try {
        const v = resume(sub, THROW, arg);
        if (v === DONE) {
          takeReturned(); // dropped
          next = ge;
        } else {
          // It yielded: closing it failed. It stays suspended (still marked if it is delegating, so it
          // cannot be resumed from the middle later), and is dropped.
          next = new RuntimeError('generator ignored GeneratorExit');
        }
      } catch (error) {
        next = error;
      }
      const d = outer.pop()!;
      (d as Marked)[DELEGATING] = false;
      this._top = d;
      arg = next;
    }
    return resume(this, THROW, arg);
  }

  next(v?: unknown): IteratorResult<unknown, R> {
    return this.#step(NEXT, v);
  }
  throw(e: unknown): IteratorResult<unknown, R> {
    return this.#step(THROW, e);
  }
  return(v: R): IteratorResult<unknown, R> {
    return this.#step(RETURN, v);
  }
  [Symbol.iterator](): this {
    return this;
  }
  get [Symbol.toStringTag](): string {
    return 'Generator';
  }
}
