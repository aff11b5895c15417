import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  EventLoop,
  getRunningLoop,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  runSync,
  sleep,
  spawn,
  type Task,
} from '../lib/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

describe('Queue', () => {
  it('put/get are printable effects that TypeScript types', () => {
    const q = new Queue<number>(2);
    expect(q.get()).toEqual({ type: 'get', queue: q });
    expect(q.put(7)).toEqual({ type: 'put', queue: q, item: 7 });
    expect(String(q.put(7))).toBe('put(<Queue maxsize=2 qsize=0>, 7)');
  });

  it.each([
    ['Queue', () => new Queue<number>(), [2, 1, 3]],
    ['LifoQueue', () => new LifoQueue<number>(), [3, 1, 2]],
    ['PriorityQueue', () => new PriorityQueue<number>(), [1, 2, 3]],
  ] as const)('%s returns items in its order', (_name, make, expected) => {
    const q = make();
    for (const x of [2, 1, 3]) q.putNowait(x);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual(expected);
  });

  it('blocks put while full and get while empty, waking waiters FIFO', () => {
    const log: string[] = [];
    runSync(function* () {
      const q = new Queue<number>(1);
      for (const name of ['a', 'b']) {
        yield* spawn(function* () {
          const x = yield* q.get();
          log.push(`${name} got ${x}`);
        });
      }
      yield* sleep(0);
      yield* q.put(1);
      yield* q.put(2); // full until a getter takes 1
      log.push('put 2 done');
      yield* sleep(1);
    });
    expect(log).toEqual(['a got 1', 'put 2 done', 'b got 2']);
  });

  it('does not give up the turn when put and get need not wait', () => {
    const log: string[] = [];
    runSync(function* () {
      const q = new Queue<number>(2);
      yield* spawn(function* () {
        log.push('other task');
      });
      yield* q.put(1);
      log.push(`got ${yield* q.get()}`);
      yield* sleep(0);
    });
    expect(log).toEqual(['got 1', 'other task']);
  });

  it('rejects bad input with errors named after the API and the value', () => {
    expect(() => new Queue(-1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Queue(maxsize): expected a non-negative integer, got -1]`);
    expect(() => new LifoQueue(1.5)).toThrowErrorMatchingInlineSnapshot(`[TypeError: LifoQueue(maxsize): expected a non-negative integer, got 1.5]`);
    const q = new Queue<number>(1);
    expect(() => q.getNowait()).toThrowErrorMatchingInlineSnapshot(`[QueueEmpty: Queue.getNowait(): the queue is empty]`);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
    expect(() => q.putNowait(2)).toThrowErrorMatchingInlineSnapshot(`[QueueFull: Queue.putNowait(): the queue is full (maxsize 1)]`);
    expect(q.qsize()).toBe(1); // nothing half-changed
    q.getNowait();
    q.taskDone();
    expect(() => q.taskDone()).toThrowErrorMatchingInlineSnapshot(`[ValueError: Queue.taskDone(): called more times than there were items put]`);
    expect(() => new PriorityQueue(0, 3 as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: PriorityQueue(compare): expected a function, got 3]`);
    expect(() => QueueEmpty).not.toThrow();
  });

  it('shutdown: puts fail, gets drain then fail, blocked getters wake with QueueShutDown; immediate drops items', () => {
    const log: string[] = [];
    runSync(function* () {
      const q = new Queue<number>();
      const getter = yield* spawn(function* () {
        try {
          yield* q.get();
        } catch (e) {
          log.push(`getter: ${(e as Error).name}`);
        }
      });
      yield* sleep(0);
      q.shutdown();
      yield* getter;
      expect(() => q.putNowait(1)).toThrow(QueueShutDown);
      const q2 = new Queue<number>();
      q2.putNowait(1);
      q2.putNowait(2);
      q2.shutdown();
      log.push(`drain ${q2.getNowait()} ${q2.getNowait()}`);
      expect(() => q2.getNowait()).toThrow(QueueShutDown);
      const q3 = new Queue<number>();
      q3.putNowait(1);
      q3.shutdown(true);
      log.push(`immediate qsize ${q3.qsize()}`);
      yield* q3.join(); // the dropped item counts as done
      log.push('joined');
    });
    expect(log).toEqual(['getter: QueueShutDown', 'drain 1 2', 'immediate qsize 0', 'joined']);
  });

  it('PriorityQueue takes a compare function', () => {
    const q = new PriorityQueue<[number, string]>(0, (a, b) => a[0] - b[0]);
    q.putNowait([3, 'c']);
    q.putNowait([1, 'a']);
    q.putNowait([2, 'b']);
    expect([q.getNowait()[1], q.getNowait()[1], q.getNowait()[1]]).toEqual(['a', 'b', 'c']);
  });
});

// ---- properties ----

type Kind = 'Queue' | 'LifoQueue' | 'PriorityQueue';
const makeQueue = (kind: Kind, maxsize: number): Queue<number> =>
  kind === 'Queue' ? new Queue<number>(maxsize) : kind === 'LifoQueue' ? new LifoQueue<number>(maxsize) : new PriorityQueue<number>(maxsize);

const delays = fc.constantFrom(0, 0, 0.1, 0.2, 0.3);

describe('properties', () => {
  test.prop(
    [
      fc.constantFrom<Kind>('Queue', 'LifoQueue', 'PriorityQueue'),
      fc.integer({ min: 0, max: 4 }),
      fc.array(fc.array(delays, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.array(delays, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
    ],
    { numRuns: RUNS },
  )('every item put is got exactly once, in the order of its kind (FIFO, LIFO, priority)', (kind, maxsize, producers, consumers) => {
    const events: ['put' | 'got', number][] = [];
    const total = producers.flat().length;
    let got = 0;
    runSync(function* () {
      const q = makeQueue(kind, maxsize);
      let next = 0;
      const ps: Task[] = [];
      for (const plan of producers) {
        ps.push(
          yield* spawn(function* () {
            for (const d of plan) {
              yield* sleep(d);
              const item = (next++ * 7919) % 1000; // distinct, not sorted
              yield* q.put(item);
              events.push(['put', item]);
            }
          }),
        );
      }
      const cs: Task[] = [];
      for (const plan of consumers) {
        cs.push(
          yield* spawn(function* () {
            for (let k = 0; ; k++) {
              yield* sleep(plan[k % plan.length]!);
              if (got === total) return;
              const item = yield* q.get();
              got++;
              events.push(['got', item]);
            }
          }),
        );
      }
      for (const p of ps) yield* p;
      while (got < total) yield* sleep(0.1);
      for (const c of cs) c.cancel();
    });
    // Replay the log against a model of the queue kind.
    const model: number[] = [];
    for (const [what, item] of events) {
      if (what === 'put') model.push(item);
      else {
        const i = kind === 'Queue' ? 0 : kind === 'LifoQueue' ? model.length - 1 : model.indexOf(Math.min(...model));
        expect(item).toBe(model[i]);
        model.splice(i, 1);
      }
    }
    expect(model).toEqual([]);
    expect(events.filter((e) => e[0] === 'got').length).toBe(total);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 6 }), // getters
      fc.array(fc.record({ at: fc.constantFrom(0, 0.1, 0.2, 0.3), victim: fc.nat(), puts: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 8 }),
    ],
    { numRuns: RUNS },
  )('cancelling random waiters at random moments loses no item and no wake-up', (nGetters, moments) => {
    let put = 0;
    const received: number[] = [];
    let q!: Queue<number>;
    const getters: Task[] = [];
    const loop = new EventLoop();
    loop.runUntilComplete(function* () {
      q = new Queue<number>();
      for (let i = 0; i < nGetters; i++) {
        getters.push(
          yield* spawn(function* () {
            try {
              for (;;) received.push(yield* q.get());
            } catch (e) {
              if (!(e instanceof CancelledError)) throw e;
            }
          }),
        );
      }
      for (const m of moments) {
        yield* spawn(function* () {
          yield* sleep(m.at);
          for (let k = 0; k < m.puts; k++) q.putNowait(put++);
          getters[m.victim % getters.length]!.cancel(); // often right after waking it
        });
      }
      yield* sleep(1);
    });
    // No item lost: every item put was received or is still in the queue.
    expect(received.length + q.qsize()).toBe(put);
    expect(new Set(received).size).toBe(received.length);
    // No wake-up lost: items are left only if no getter is alive to take them.
    const alive = getters.filter((g) => !g.done()).length;
    if (q.qsize() > 0) expect(alive).toBe(0);
  });

  test.prop([fc.array(fc.record({ work: delays, puts: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 5 })], { numRuns: RUNS })(
    'join returns exactly when taskDone has been called for every item',
    (workers) => {
      const log: string[] = [];
      let done = 0;
      let putCount = 0;
      runSync(function* () {
        const q = new Queue<number>();
        for (const w of workers) for (let k = 0; k < w.puts; k++) q.putNowait(putCount++);
        for (const w of workers) {
          yield* spawn(function* () {
            for (;;) {
              yield* q.get();
              yield* sleep(w.work);
              done++;
              q.taskDone();
              log.push(`done ${done}`);
            }
          });
        }
        yield* q.join();
        log.push(`joined with ${done} of ${putCount} done`);
      });
      expect(log.at(-1)).toBe(`joined with ${putCount} of ${putCount} done`);
      expect(log.indexOf(`done ${putCount}`)).toBe(log.length - 2);
    },
  );
});

describe('properties of waiters', () => {
  test.prop([fc.array(fc.constantFrom(0, 0, 0.1, 0.2), { minLength: 1, maxLength: 8 }), fc.constantFrom(0.05, 0.3)], { numRuns: RUNS })(
    'blocked getters are woken in arrival order',
    (arrivals, spacing) => {
      const arrived: number[] = [];
      const served: number[] = [];
      runSync(function* () {
        const q = new Queue<number>();
        const tasks: Task[] = [];
        arrivals.forEach((at, i) =>
          tasks.push(
            getRunningLoop().createTask(function* () {
              yield* sleep(at);
              arrived.push(i);
              yield* q.get();
              served.push(i);
            }),
          ),
        );
        yield* sleep(1);
        for (let k = 0; k < arrivals.length; k++) {
          q.putNowait(k);
          yield* sleep(spacing);
        }
        for (const t of tasks) yield* t;
      });
      expect(served).toEqual(arrived);
    },
  );
});
