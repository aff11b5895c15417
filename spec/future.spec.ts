import { describe, expect, it } from 'vitest';
import { CancelledError, EventLoop, Future, InvalidStateError, StopIteration } from '../lib/index.js';

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
    expect(() => loop.createFuture().setException(new StopIteration(1))).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Future.setException(): StopIteration cannot be raised into a Future]`,
    );
    expect(() => f.addDoneCallback(42 as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Future.addDoneCallback(): expected a function, got 42]`,
    );
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
