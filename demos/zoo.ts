// demos/zoo.ts: a bug zoo for explore(). Five classic concurrency bugs, each as a buggy program
// and its fix. Under CPython's FIFO order most of them pass; explore() runs them under other
// legal schedules (other orders of tasks that are ready at the same time), finds the bug,
// shrinks the schedule to the few picks that matter, and prints a replay token.
// Run: npm run demo -- explore
import { Condition, type EventLoop, explore, Lock, Queue, QueueEmpty, runSchedule, sleep, spawn, type Task } from '../lib/index.js';
import type { DemoOptions } from './options.js';

export interface ZooEntry<T = unknown> {
  name: string;
  what: string;
  buggy: (loop: EventLoop) => Generator<unknown, T, any>;
  fixed: (loop: EventLoop) => Generator<unknown, T, any>;
  check?: (result: T) => boolean;
  /** Deviations from FIFO in the smallest schedule that shows the bug, found by hand. */
  minimalDeviations: number;
}

function* joinAll(tasks: Task[]) {
  for (const t of tasks) yield* t;
}

// 1. Lost update: read, yield, write back — without a lock two deposits can read the same balance.
function bank(withLock: boolean) {
  return function* (_loop: EventLoop) {
    let balance = 0;
    const lock = new Lock();
    function* deposit(early: boolean) {
      if (!early) yield* sleep(0); // arrives a little later
      const body = function* () {
        const b = balance;
        yield* sleep(0); // e.g. an await on a database
        balance = b + 1;
      };
      if (withLock) yield* lock.with(body);
      else yield* body();
    }
    yield* joinAll([yield* spawn(deposit, true), yield* spawn(deposit, false)]);
    return balance;
  };
}

// 2. Missed notify: the flag is checked outside the condition's lock, so the notify can come
//    between the check and the wait, and the consumer waits forever.
function handoff(correct: boolean) {
  return function* (_loop: EventLoop) {
    const cond = new Condition();
    let ready = false;
    const consumer = yield* spawn(function* () {
      if (correct) {
        yield* sleep(0);
        yield* cond.with(function* () {
          yield* cond.waitFor(() => ready);
        });
      } else if (!ready) {
        yield* sleep(0);
        yield* cond.with(function* () {
          yield* cond.wait();
        });
      }
    });
    consumer.setName('consumer');
    const producer = yield* spawn(function* () {
      yield* sleep(0);
      ready = true;
      yield* cond.with(function* () {
        cond.notify();
      });
    });
    producer.setName('producer');
    yield* joinAll([consumer, producer]);
    return 'handed off';
  };
}

// 3. Lock-order deadlock: two tasks take two locks in opposite orders.
function transfer(sameOrder: boolean) {
  return function* (_loop: EventLoop) {
    const a = new Lock();
    a.name = 'A';
    const b = new Lock();
    b.name = 'B';
    function* take(first: Lock, second: Lock, late: boolean) {
      if (late) yield* sleep(0);
      yield* first.with(function* () {
        yield* sleep(0);
        yield* second.with(function* () {});
      });
    }
    const t1 = yield* spawn(take, a, b, false);
    t1.setName('t1');
    const t2 = sameOrder ? yield* spawn(take, a, b, true) : yield* spawn(take, b, a, true);
    t2.setName('t2');
    yield* joinAll([t1, t2]);
    return 'transferred';
  };
}

// 4. Check-then-act on a queue: empty() says there is an item, but another consumer takes it
//    before getNowait() runs.
function consumers(atomic: boolean) {
  return function* (_loop: EventLoop) {
    const q = new Queue<number>();
    q.putNowait(1);
    const got: number[] = [];
    function* consume(late: boolean) {
      if (late) yield* sleep(0);
      if (atomic) {
        try {
          got.push(q.getNowait());
        } catch (e) {
          if (!(e instanceof QueueEmpty)) throw e;
        }
      } else if (!q.empty()) {
        yield* sleep(0); // e.g. logging that awaits
        got.push(q.getNowait()); // QueueEmpty if the other consumer was first
      }
    }
    yield* joinAll([yield* spawn(consume, false), yield* spawn(consume, true)]);
    return got.length;
  };
}

// 5. taskDone/join misuse: the worker hands each item to a helper task and marks it done at
//    once, before the helper has stored the result, so join() can return too early.
function pipeline(doneLast: boolean) {
  return function* (_loop: EventLoop) {
    const q = new Queue<number>();
    const results: number[] = [];
    const worker = yield* spawn(function* () {
      for (;;) {
        const x = yield* q.get();
        yield* spawn(function* store() {
          results.push(x * 10);
          if (doneLast) q.taskDone(); // the fix: done when the work is done
        });
        if (!doneLast) q.taskDone(); // the bug: done before the helper has run
      }
    });
    yield* sleep(0);
    q.putNowait(1);
    yield* q.join();
    const stored = results.length;
    worker.cancel();
    return stored;
  };
}

export const zoo: ZooEntry<any>[] = [
  { name: 'lost-update', what: 'two deposits without a lock', buggy: bank(false), fixed: bank(true), check: (b: number) => b === 2, minimalDeviations: 1 },
  { name: 'missed-notify', what: 'a flag checked outside the Condition', buggy: handoff(false), fixed: handoff(true), minimalDeviations: 1 },
  { name: 'lock-order', what: 'two locks taken in opposite orders', buggy: transfer(false), fixed: transfer(true), minimalDeviations: 1 },
  { name: 'check-then-act', what: 'empty() then getNowait() with two consumers', buggy: consumers(false), fixed: consumers(true), check: (n: number) => n === 1, minimalDeviations: 1 },
  { name: 'join-misuse', what: 'taskDone() before the helper stores the result', buggy: pipeline(false), fixed: pipeline(true), check: (n: number) => n === 1, minimalDeviations: 1 },
];

export default async function demo(o: DemoOptions): Promise<void> {
  for (const z of zoo) {
    const fifoRun = runSchedule(z.buggy, [], { check: z.check });
    const r = explore(z.buggy, { runs: 1000, seed: 1, check: z.check });
    console.log(`--- ${z.name}: ${z.what}`);
    console.log(`under FIFO: ${fifoRun.ok ? 'passes' : 'fails'}; explore: ${r.ok ? `no failure in ${r.runs} schedules` : `failed at run ${r.failure!.run + 1}`}`);
    if (r.failure) {
      console.log(r.failure.report.split('\n').slice(0, 3).join('\n'));
      const again = runSchedule(z.buggy, r.failure.token, { check: z.check });
      console.log(`replaying ${r.failure.token}: ${again.ok ? 'passes (!)' : 'fails the same way'}`);
      o.traces?.push({ title: `${z.name}: ${z.what}, replayed from ${r.failure.token}`, trace: again.trace });
    }
    const fixed = explore(z.fixed, { runs: 1000, seed: 1, check: z.check });
    console.log(`the fix: ${fixed.ok ? `no failure in ${fixed.runs} schedules` : `still fails: ${fixed.failure!.report.split('\n')[0]}`}\n`);
  }
}
