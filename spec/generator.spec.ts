import { describe, expect, it } from 'vitest';
import { GeneratorExit, pygen, RuntimeError, StopIteration, ValueError } from '../lib/index.js';

describe('PyGenerator (PEP 342 protocol)', () => {
  it('send() returns the next yielded value; finishing raises StopIteration with the return value', () => {
    function* g(): Generator<number, string, number> {
      const a = yield 1;
      const b = yield a + 1;
      return `sum ${a + b}`;
    }
    const p = pygen(g());
    expect(p.state).toBe('created');
    expect(p.send(undefined as never)).toBe(1);
    expect(p.send(10)).toBe(11);
    let stop: unknown;
    try {
      p.send(5);
    } catch (e) {
      stop = e;
    }
    expect(stop).toBeInstanceOf(StopIteration);
    expect((stop as StopIteration).value).toBe('sum 15');
    expect(p.state).toBe('closed');
    expect(() => p.next()).toThrow(StopIteration);
  });

  it('start() primes a typed generator (runs it to the first yield) and only a generator that has not started', () => {
    function* g(): Generator<string, number, number> {
      const a = yield 'ready';
      return a * 2;
    }
    const p = pygen(g());
    expect(p.start()).toBe('ready');
    expect(p.state).toBe('suspended');
    expect(() => p.start()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: PyGenerator.start(): the generator has already started (state: suspended)]`);
    expect(() => p.send(21)).toThrow(new StopIteration(42));
  });

  it('refuses a value sent to a just-started generator, as Python does', () => {
    function* g() {
      yield 1;
    }
    expect(() => pygen(g()).send(3 as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: PyGenerator.send(): can't send non-undefined value to a just-started generator, got 3]`,
    );
  });

  it('throw() raises at the current yield; a caught error lets the generator yield again', () => {
    function* g() {
      for (;;) {
        try {
          yield 'waiting';
        } catch (e) {
          yield `caught ${(e as Error).message}`;
        }
      }
    }
    const p = pygen(g());
    p.next();
    expect(p.throw(new Error('x'))).toBe('caught x');
    const p2 = pygen(g());
    expect(() => p2.throw(new Error('before start'))).toThrow('before start');
    expect(p2.state).toBe('closed');
  });

  it('close() throws GeneratorExit at the yield so finally blocks run, and returns the return value (3.13)', () => {
    const log: string[] = [];
    function* g() {
      try {
        yield 1;
      } finally {
        log.push('finally');
      }
    }
    const p = pygen(g());
    p.next();
    expect(p.close()).toBeUndefined();
    expect(log).toEqual(['finally']);
    expect(p.state).toBe('closed');
    expect(p.close()).toBeUndefined(); // closing twice is fine

    function* returnsOnExit() {
      try {
        yield 1;
      } catch (e) {
        if (e instanceof GeneratorExit) return 'closed cleanly';
        throw e;
      }
    }
    const q = pygen(returnsOnExit());
    q.next();
    expect(q.close()).toBe('closed cleanly');
  });

  it('a generator that yields while closing raises RuntimeError("generator ignored GeneratorExit")', () => {
    function* stubborn() {
      for (;;) {
        try {
          yield 1;
        } catch {
          /* ignores everything */
        }
      }
    }
    const p = pygen(stubborn());
    p.next();
    expect(() => p.close()).toThrow(RuntimeError);
    expect(() => p.close()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: generator ignored GeneratorExit]`);
  });

  it('close() propagates another exception raised while closing', () => {
    function* g() {
      try {
        yield 1;
      } finally {
        // eslint-disable-next-line no-unsafe-finally
        throw new Error('cleanup failed');
      }
    }
    const p = pygen(g());
    p.next();
    expect(() => p.close()).toThrow('cleanup failed');
  });

  it('re-entering a running generator raises ValueError("generator already executing")', () => {
    let self!: ReturnType<typeof pygen<unknown, void, unknown>>;
    function* g(): Generator<unknown, void, unknown> {
      self.next();
      yield 1;
    }
    self = pygen(g());
    expect(() => self.next()).toThrow(ValueError);
    const again = pygen(g());
    self = again;
    expect(() => again.next()).toThrowErrorMatchingInlineSnapshot(`[ValueError: PyGenerator.send(): generator already executing]`);
  });

  it('is iterable like a Python generator', () => {
    function* g() {
      yield 1;
      yield 2;
      return 3;
    }
    expect([...pygen(g())]).toEqual([1, 2]);
  });
});
