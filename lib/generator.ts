// generator.ts: Python's generator protocol (PEP 342) over a JS generator: send, throw, close.
// JS generators already have next/throw/return; what differs is Python's rules: the first send
// must be None, finishing raises StopIteration carrying the return value, close() throws
// GeneratorExit (which may be caught) and a generator that yields while closing is an error.

import { GeneratorExit, RuntimeError, StopIteration, ValueError } from './errors.js';
import { short } from './future.js';
import { isGenerator } from './trampoline.js';

type State = 'created' | 'suspended' | 'running' | 'closed';

/**
 * A generator with Python's protocol. Create one with `pygen(gen)`.
 * @example
 * const c = pygen(consumer());
 * c.start();                // runs to the first yield, returns what it yielded
 * const r = c.send(1);      // '200 OK'
 * c.close();
 */
export class PyGenerator<Y = unknown, R = unknown, S = any> {
  readonly #gen: Generator<Y, R, S>;
  #state: State = 'created';

  constructor(gen: Generator<Y, R, S>) {
    if (!isGenerator(gen)) throw new TypeError(`pygen(): expected a generator object, got ${short(gen)}`);
    this.#gen = gen;
  }

  /** 'created', 'suspended', 'running' or 'closed' (Python's inspect.getgeneratorstate). */
  get state(): State {
    return this.#state;
  }

  /**
   * Resumes the generator with `value` and returns the next value it yields. The first send
   * must send undefined (TypeError otherwise, as in Python). Throws StopIteration carrying the
   * return value when the generator finishes.
   */
  send(value: S): Y {
    if (this.#state === 'created' && value !== undefined) {
      throw new TypeError(`PyGenerator.send(): can't send non-undefined value to a just-started generator, got ${short(value)}`);
    }
    return this.#resume('send', () => this.#gen.next(value));
  }

  /** `send(undefined)`, as Python's `next(gen)`. */
  next(): Y {
    return this.send(undefined as S);
  }

  /**
   * Starts the generator: runs it to its first yield and returns what it yielded (Python's
   * priming `gen.send(None)`). Typed apart from `send(value: S)`, whose value must be an S.
   * Only for a generator that has not started (RuntimeError otherwise).
   * @example
   * const c = pygen(consumer()); // Generator<string, void, number>
   * c.start();                   // '' (send(undefined) would not type-check)
   */
  start(): Y {
    if (this.#state !== 'created') throw new RuntimeError(`PyGenerator.start(): the generator has already started (state: ${this.#state})`);
    return this.send(undefined as S);
  }

  /** Raises `error` at the generator's current yield; returns the next value it yields. */
  throw(error: unknown): Y {
    return this.#resume('throw', () => this.#gen.throw(error));
  }

  /**
   * Throws GeneratorExit at the current yield so `finally` blocks run. Returns the generator's
   * return value if it returned (Python 3.13), undefined if it let GeneratorExit through. A
   * generator that yields instead raises RuntimeError('generator ignored GeneratorExit').
   */
  close(): R | undefined {
    this.#checkNotRunning('close');
    if (this.#state !== 'suspended') {
      if (this.#state === 'created') this.#gen.return(undefined as R);
      this.#state = 'closed';
      return undefined;
    }
    this.#state = 'running';
    let r: IteratorResult<Y, R>;
    try {
      r = this.#gen.throw(new GeneratorExit());
    } catch (error) {
      this.#state = 'closed';
      if (error instanceof GeneratorExit) return undefined;
      throw pep479(error);
    }
    if (r.done) {
      this.#state = 'closed';
      return r.value;
    }
    this.#state = 'suspended';
    throw new RuntimeError('generator ignored GeneratorExit');
  }

  [Symbol.iterator](): Iterator<Y> {
    return {
      next: () => {
        try {
          return { value: this.next(), done: false };
        } catch (e) {
          if (e instanceof StopIteration) return { value: undefined, done: true };
          throw e;
        }
      },
    };
  }

  #checkNotRunning(api: string): void {
    if (this.#state === 'running') throw new ValueError(`PyGenerator.${api}(): generator already executing`);
  }

  #resume(api: string, step: () => IteratorResult<Y, R>): Y {
    this.#checkNotRunning(api);
    if (this.#state === 'closed') {
      if (api === 'throw') return step().value as Y; // a closed generator rethrows what is thrown into it
      throw new StopIteration(undefined);
    }
    this.#state = 'running';
    let r: IteratorResult<Y, R>;
    try {
      r = step();
    } catch (error) {
      this.#state = 'closed';
      throw pep479(error);
    }
    if (r.done) {
      this.#state = 'closed';
      throw new StopIteration(r.value);
    }
    this.#state = 'suspended';
    return r.value;
  }
}

// PEP 479: a StopIteration escaping a generator's body becomes a RuntimeError, so that it cannot
// be mistaken for the generator finishing.
function pep479(error: unknown): unknown {
  return error instanceof StopIteration ? new RuntimeError('generator raised StopIteration', { cause: error }) : error;
}

/**
 * Wraps a generator object in Python's generator protocol.
 * @example
 * function* consumer() { let r = ''; for (;;) { const n = yield r; if (!n) return; r = '200 OK'; } }
 * const c = pygen(consumer()); c.start(); c.send(1); // '200 OK'
 */
export function pygen<Y, R, S>(gen: Generator<Y, R, S>): PyGenerator<Y, R, S> {
  return new PyGenerator(gen);
}
