import { describe, expect, it } from 'vitest';
import { CancelledError, EventLoop, Future, InvalidStateError, RuntimeError, StopIteration } from '../lib/index.js';

describe('Future', () => {
  it('holds a result, an exception, or a cancellation', () => {
    const loop = new EventLoop();
    const a = loop.createFuture<number>();
    expect(a.done()).toBe(false);
    a.setResult(1);
    expect([a.done(), a.result(), a.exception(), a.cancelled()]).toEqual([true, 1, null, false]);

    const b = loop.createFuture();
    const err = new Error('bad');
    b.setException(err);
    expect(b.exception()).toBe(err);
    expect(() => b.result()).toThrow(err);

    const c = loop.createFuture();
    expect(c.cancel('why')).toBe(true);
    expect(c.cancel()).toBe(false);
    expect(c.cancelled()).toBe(true);
    expect(() => c.result()).toThrow(CancelledError);
    expect(() => c.exception()).toThrow('why');
  });

  it('raises InvalidStateError on misuse, naming the API and the state', () => {
    const loop = new EventLoop();
    const f = loop.createFuture();
    expect(() => f.result()).toThrowErrorMatchingInlineSnapshot(`[InvalidStateError: Future.result(): result is not set yet]`);
    expect(() => f.exception()).toThrowErrorMatchingInlineSnapshot(`[InvalidStateError: Future.exception(): exception is not set yet]`);
    f.cancel();
    expect(() => f.setResult(1)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidStateError: Future.setResult(): future is already done (state: cancelled)]`,
    );
    expect(() => f.setException(new Error())).toThrow(InvalidStateError);
    expect(() => f.addDoneCallback(42 as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Future.addDoneCallback(): expected a function, got 42]`,
    );
  });

  it('setException(StopIteration) stores a RuntimeError caused by it, and the future is done (CPython 3.13)', () => {
    const loop = new EventLoop();
    const f = loop.createFuture();
    const stop = new StopIteration(5);
    f.setException(stop);
    expect(f.done()).toBe(true);
    const e = f.exception() as RuntimeError;
    expect(e).toBeInstanceOf(RuntimeError);
    expect(e.message).toBe('StopIteration interacts badly with generators and cannot be raised into a Future');
    expect(e.cause).toBe(stop);
    // A task awaiting it gets the RuntimeError, not a StopIteration it could mistake for a return.
    const r = loop.runUntilComplete(function* () {
      try {
        yield* f;
      } catch (err) {
        return String(err);
      }
    });
    expect(r).toBe('RuntimeError: StopIteration interacts badly with generators and cannot be raised into a Future');
  });

  it('schedules done callbacks in registration order; removeDoneCallback counts removals', () => {
    const loop = new EventLoop();
    const f = loop.createFuture<string>();
    const log: string[] = [];
    const a = (x: Future<string>): void => void log.push(`a ${x.result()}`);
    const b = (): void => void log.push('b');
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    expect(f.removeDoneCallback(a)).toBe(2);
    f.addDoneCallback(a);
    f.setResult('r');
    expect(log).toEqual([]);
    loop.runOnce();
    expect(log).toEqual(['b', 'a r']);
    f.addDoneCallback(b); // already done: scheduled at once, still via callSoon
    expect(log).toEqual(['b', 'a r']);
    loop.runOnce();
    expect(log).toEqual(['b', 'a r', 'b']);
  });

  it('prints its state', () => {
    const loop = new EventLoop();
    const f = loop.createFuture();
    expect(String(f)).toBe('<Future pending>');
    f.setResult({ a: 1 });
    expect(String(f)).toBe('<Future finished result={"a":1}>');
    const g = loop.createFuture();
    g.setException(new TypeError('no'));
    g.exception();
    expect(String(g)).toBe('<Future failed exception=TypeError: no>');
  });

  it('binds to the loop of the first task that awaits it when created outside a loop', () => {
    const f = new Future<number>();
    expect(f.getLoop()).toBeNull();
    const loop = new EventLoop();
    loop.callLater(1, () => f.setResult(3));
    expect(loop.runUntilComplete(function* () {
      return yield* f;
    })).toBe(3);
    expect(f.getLoop()).toBe(loop);
  });
});
