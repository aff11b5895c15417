import { describe, expect, it } from 'vitest';
import { CancelledError, currentTask, EventLoop, receive, runSync, send, sleep, spawn, StopIteration, type Task } from '../lib/index.js';

function* echo(): Generator<unknown, string, any> {
  let reply: unknown = 'ready';
  for (;;) {
    const v = yield* receive(reply);
    if (v === 'quit') return 'echo done';
    reply = `echo ${String(v)}`;
  }
}

describe('send/receive', () => {
  it('primes with undefined, then exchanges values like generator send()', () => {
    const out = runSync(function* () {
      const t = yield* spawn(echo);
      const replies = [yield* send(t, undefined), yield* send(t, 1), yield* send(t, 'two')];
      try {
        yield* send(t, 'quit');
      } catch (e) {
        replies.push(e instanceof StopIteration ? `StopIteration(${String(e.value)})` : String(e));
      }
      return replies;
    });
    expect(out).toEqual(['ready', 'echo 1', 'echo two', 'StopIteration(echo done)']);
  });

  it('primes whether the target reached receive() before or after the first send', () => {
    const out = runSync(function* () {
      const early = yield* spawn(echo);
      yield* sleep(1); // early is parked in receive by now
      const late = yield* spawn(function* () {
        yield* sleep(2);
        return yield* echo();
      });
      return [yield* send(early, undefined), yield* send(late, undefined), yield* send(late, 'x')];
    });
    expect(out).toEqual(['ready', 'ready', 'echo x']);
  });

  it('rejects a value before priming, sending to itself, and non-tasks', () => {
    const errors: string[] = [];
    runSync(function* () {
      const t = yield* spawn(echo);
      const attempts: (() => Generator<unknown, unknown, any>)[] = [
        function* () {
          return yield* send(t, 5);
        },
        function* () {
          return yield* send(currentTask()!, undefined);
        },
        function* () {
          return yield* send(42 as never, undefined);
        },
      ];
      for (const a of attempts) {
        try {
          yield* a();
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      t.cancel();
    });
    expect(errors).toMatchInlineSnapshot(`
      [
        "send(): can't send 5 to task "Task-2" before priming it; the first send must send undefined (as Python's c.send(None))",
        "send(): task "Task-1" cannot send to itself",
        "send(): expected a Task to send to, got 42",
      ]
    `);
  });

  it('queues concurrent senders FIFO, each getting the reply to its own value', () => {
    const out = runSync(function* () {
      const t = yield* spawn(echo);
      yield* send(t, undefined);
      const senders: Task<unknown>[] = [];
      for (const v of ['a', 'b', 'c']) senders.push(yield* spawn(function* () {
        return yield* send(t, v);
      }));
      const r: unknown[] = [];
      for (const s of senders) r.push(yield* s);
      return r;
    });
    expect(out).toEqual(['echo a', 'echo b', 'echo c']);
  });

  it('gives a waiting sender the target\'s exception when it fails, CancelledError when it is cancelled', () => {
    const out = runSync(function* () {
      const failing = yield* spawn(function* () {
        yield* receive('hi');
        throw new Error('target broke');
      });
      const cancelled = yield* spawn(function* () {
        yield* receive('hi');
        yield* sleep(100);
      });
      yield* send(failing, undefined);
      yield* send(cancelled, undefined);
      const results: string[] = [];
      try {
        yield* send(failing, 1);
      } catch (e) {
        results.push((e as Error).message);
      }
      const s = yield* spawn(function* () {
        return yield* send(cancelled, 1);
      });
      yield* sleep(1);
      cancelled.cancel();
      try {
        yield* s;
      } catch (e) {
        results.push((e as Error).name);
      }
      return results;
    });
    expect(out).toEqual(['target broke', 'CancelledError']);
  });

  it('a cancelled sender delivers nothing and takes no reply; the next sender goes on', () => {
    const received: unknown[] = [];
    const loop = new EventLoop();
    const out = loop.runUntilComplete(function* () {
      const t = yield* spawn(function* () {
        let reply: unknown = 'ready';
        for (;;) {
          const v = yield* receive(reply);
          received.push(v);
          yield* sleep(1); // slow: senders pile up
          reply = `ack ${String(v)}`;
        }
      });
      yield* send(t, undefined);
      const s1 = yield* spawn(function* () {
        return yield* send(t, 1);
      });
      const s2 = yield* spawn(function* () {
        return yield* send(t, 2);
      });
      const s3 = yield* spawn(function* () {
        return yield* send(t, 3);
      });
      yield* sleep(0.5);
      s2.cancel(); // queued: its value is never delivered
      const r1 = yield* s1;
      let r2: string;
      try {
        r2 = String(yield* s2);
      } catch (e) {
        r2 = e instanceof CancelledError ? 'cancelled' : String(e);
      }
      const r3 = yield* s3;
      t.cancel();
      return [r1, r2, r3];
    });
    expect(out).toEqual(['ack 1', 'cancelled', 'ack 3']);
    expect(received).toEqual([1, 3]);
  });
});
