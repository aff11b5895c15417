import { describe, expect, it } from 'vitest';
import { coroutine, EventLoop, isCoroutineFunction, sleep } from '../lib/index.js';

describe('coroutine (the @asyncio.coroutine style)', () => {
  it('marks a generator function; runUntilComplete(hello()) reads like the seed', () => {
    const log: string[] = [];
    const loop = new EventLoop();
    const hello = coroutine(function* hello() {
      log.push(`Hello world! (${loop.time()})`);
      const r = yield sleep(1); // plain yield of an effect, as in the tutorial
      log.push(`Hello again! (${loop.time()}) ${String(r)}`);
      yield* sleep(1); // yield* is typed
      return 'done';
    });
    expect(isCoroutineFunction(hello)).toBe(true);
    expect(loop.runUntilComplete(hello())).toBe('done');
    expect(log).toEqual(['Hello world! (0)', 'Hello again! (1) undefined']);
    expect(loop.time()).toBe(2);
  });

  it('wraps a plain function so it can be delegated to like a coroutine', () => {
    const add = coroutine((a: number, b: number) => a + b);
    expect(isCoroutineFunction(add)).toBe(true);
    expect(isCoroutineFunction(() => 1)).toBe(false);
    const loop = new EventLoop();
    expect(loop.runUntilComplete(function* () {
      return (yield add(2, 3)) as number;
    })).toBe(5);
  });

  it('works as a TypeScript 5 standard decorator on class methods', () => {
    class Greeter {
      greeted: string[] = [];
      @coroutine
      *greet(name: string) {
        yield* sleep(0.5);
        this.greeted.push(name);
        return name.length;
      }
    }
    const g = new Greeter();
    expect(isCoroutineFunction(Greeter.prototype.greet)).toBe(true);
    const loop = new EventLoop();
    expect(loop.runUntilComplete(g.greet('Ada'))).toBe(3);
    expect(g.greeted).toEqual(['Ada']);
  });

  it('rejects a non-function', () => {
    expect(() => coroutine(3 as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: coroutine(): expected a function, got 3]`);
  });
});
