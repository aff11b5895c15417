import { describe, expect, it } from 'vitest';
import { Event, runSync, sleep, spawn, type Task } from '../lib/index.js';

describe('Event', () => {
  it('wakes every waiter in arrival order when set; wait returns at once while set', () => {
    const log: string[] = [];
    runSync(function* () {
      const ev = new Event();
      const tasks: Task[] = [];
      for (const n of ['a', 'b', 'c']) {
        tasks.push(
          yield* spawn(function* () {
            yield* ev.wait();
            log.push(n);
          }),
        );
      }
      yield* sleep(1);
      ev.set();
      for (const t of tasks) yield* t;
      expect(yield* ev.wait()).toBe(true);
      ev.clear();
      expect(ev.isSet()).toBe(false);
    });
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('a cancelled waiter leaves the others waiting', () => {
    const log: string[] = [];
    runSync(function* () {
      const ev = new Event();
      const a = yield* spawn(function* () {
        yield* ev.wait();
        log.push('a');
      });
      const b = yield* spawn(function* () {
        yield* ev.wait();
        log.push('b');
      });
      yield* sleep(0);
      a.cancel();
      yield* sleep(0);
      ev.set();
      yield* b;
      expect(a.cancelled()).toBe(true);
    });
    expect(log).toEqual(['b']);
  });
});
