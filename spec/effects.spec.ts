import { describe, expect, it } from 'vitest';
import { awaitFuture, EventLoop, Future, Queue, receive, runSync, send, sleep, spawn } from '../lib/index.js';

describe('effects', () => {
  it('are plain, printable data, so a coroutine can be tested by stepping it', () => {
    function* tick() {
      yield* sleep(0.5);
      return 'ticked';
    }
    const gen = tick();
    expect(gen.next().value).toEqual({ type: 'sleep', seconds: 0.5 });
    expect(gen.next().value).toBe('ticked');
    expect(String(sleep(0.5))).toBe('sleep(0.5)');
    expect(JSON.parse(JSON.stringify(sleep(2)))).toEqual({ type: 'sleep', seconds: 2 });
  });

  it('each kernel effect has a named-field descriptor', () => {
    const f = new Future(new EventLoop());
    function* worker() {}
    expect(awaitFuture(f)).toEqual({ type: 'await', future: f });
    expect(spawn(worker)).toEqual({ type: 'spawn', coro: worker, args: [] });
    expect(receive('r')).toEqual({ type: 'receive', reply: 'r' });
    expect(String(awaitFuture(f))).toBe('await(<Future pending>)');
  });

  it('works with plain yield, yield*, and as plain objects written by hand', () => {
    const loop = new EventLoop();
    const out = loop.runUntilComplete(function* () {
      yield sleep(1);
      yield* sleep(1);
      yield { type: 'sleep', seconds: 1 };
      const r = yield* sleep(1, 'typed result');
      return [loop.time(), r];
    });
    expect(out).toEqual([4, 'typed result']);
    void send;
  });
  it('are their own iterators, and one effect object can be yielded again and by several tasks', () => {
    const e = sleep(1, 'r');
    expect(e[Symbol.iterator]()).toBe(e); // no iterator object per yield*
    const out = runSync(function* () {
      const q = new Queue<number>();
      const get = q.get();
      const shared = sleep(0.5, 'shared');
      function* waiter(name: string) {
        const a = yield* shared; // two tasks suspended on the same effect object
        const b = yield* get; // and on the same get
        return `${name}:${a}:${b}`;
      }
      const t1 = yield* spawn(waiter, 't1');
      const t2 = yield* spawn(waiter, 't2');
      yield* sleep(1);
      yield* q.put(1);
      yield* q.put(2);
      const again = [(yield* shared), (yield* shared)]; // the same effect, twice in a row
      return [yield* t1, yield* t2, ...again];
    });
    expect(out).toEqual(['t1:shared:1', 't2:shared:2', 'shared', 'shared']);
  });

  it('compare as data with toEqual, though each is its own iterator', () => {
    const q = new Queue<number>();
    expect(sleep(1)).toEqual(sleep(1));
    expect(q.get()).toEqual(q.get());
    expect(q.put(1)).toEqual(q.put(1));
    expect(q.put(1)).not.toEqual(q.put(2));
    expect(sleep(1)).not.toEqual(sleep(2));
  });

  it('a plain effect whose type names an Object.prototype member finds no handler', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => runSync(function* () {
        return yield { type };
      })).toThrow(/no handler is registered/);
    }
  });
});
