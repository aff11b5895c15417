// coroutine.ts: the pre-async/await `@asyncio.coroutine` style. coroutine(fn) marks a generator
// function as a coroutine; a plain function is wrapped so calling it gives a generator that
// returns its result, so it can be delegated to with yield like any coroutine (as asyncio's did).
// It also works as a TypeScript 5 standard decorator on class methods. In debug mode it warns
// about a coroutine it made that was never run.

import { creationSite, debugOn, watchList } from './debug.js';
import { peekRunningLoop } from './running.js';
import { Future } from './future.js';
import { isGenerator } from './trampoline.js';

const COROUTINE: unique symbol = Symbol.for('yieldfrom.coroutine');

const GeneratorFunction = /* @__PURE__ */ Object.getPrototypeOf(function* () {}).constructor as FunctionConstructor;

/**
 * Marks a generator function as a coroutine (`@asyncio.coroutine`). Usable as a call or as a
 * decorator on methods.
 * @example
 * const hello = coroutine(function* () { console.log('Hello'); yield sleep(1); console.log('again'); });
 * class Greeter { @coroutine *greet() { yield sleep(1); } }
 */
export function coroutine<F extends (...args: any[]) => any>(fn: F, _context?: ClassMethodDecoratorContext): F {
  if (typeof fn !== 'function') throw new TypeError(`coroutine(): expected a function, got ${String(fn)}`);
  let marked: F = fn;
  if (!(fn instanceof GeneratorFunction)) {
    const plain = fn as (...args: unknown[]) => unknown;
    marked = function* (this: unknown, ...args: unknown[]): Generator<unknown, unknown, any> {
      const res = plain.apply(this, args);
      // As asyncio.coroutine did: a returned generator or future is awaited (`yield from res`).
      if (res instanceof Future || isGenerator(res)) return yield res;
      return res;
    } as unknown as F;
    Object.defineProperty(marked, 'name', { value: plain.name });
  }
  // Debug mode (on when coroutine() is applied: YIELDFROM_DEBUG=1, or a debug loop exists) watches
  // each coroutine the function makes until it runs, as asyncio's debug @coroutine did.
  if (debugOn()) marked = watchCoroutines(marked, fn.name || 'coroutine');
  Object.defineProperty(marked, COROUTINE, { value: true });
  return marked;
}

/**
 * True for functions marked with `coroutine()` and for generator functions.
 * @example
 * isCoroutineFunction(function* () {}); // true
 */
export function isCoroutineFunction(fn: unknown): boolean {
  return typeof fn === 'function' && ((fn as unknown as Record<symbol, unknown>)[COROUTINE] === true || fn instanceof GeneratorFunction);
}

// ---- Debug mode: coroutines that never ran ----

// Coroutines made outside any debug loop: warned about when collected only.
let stray: ReturnType<typeof watchList<Generator>> | null = null;

// Debug mode's coroutine(fn): each call's generator is watched until it first runs.
function watchCoroutines<F extends (...args: any[]) => any>(fn: F, name: string): F {
  const watched = function (this: unknown, ...args: unknown[]): unknown {
    const gen = fn.apply(this, args) as Generator;
    if (!isGenerator(gen)) return gen;
    const watch = peekRunningLoop()?._debug?._coroutines ?? (stray ??= watchList<Generator>());
    const site = creationSite();
    watch.add(gen, { message: () => `coroutine '${name}' was never run (use yield* ${name}(...), or spawn it)\n  created at:\n${site}` });
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
