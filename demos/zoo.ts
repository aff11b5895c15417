// demos/zoo.ts: a bug zoo for explore(). Thirteen concurrency bugs, each as a buggy program and
// its fix, with the fewest deviations from FIFO that show it (found by hand, and checked by
// explore's bounded exhaustive search where the space allows). Under CPython's FIFO order every
// one passes; explore() runs them under other legal schedules (other orders of what is ready at
// the same time, equal-deadline timers swapped, a sleep made late), finds the bug, shrinks the
// schedule to the deviations that matter, and prints a replay token.
// Run: npm run demo -- explore
import {
  Condition,
  Event,
  type EventLoop,
  type Future,
  explore,
  type ExploreOptions,
  fifo,
  Lock,
  Queue,
  QueueEmpty,
  runSchedule,
  Semaphore,
  shield,
  sleep,
  spawn,
  type Task,
  TimeoutError,
  waitFor,
} from '../lib/index.js';
import type { DemoOptions } from './options.js';

export interface ZooEntry<T = unknown> {
  name: string;
  what: string;
  buggy: (loop: EventLoop) => Generator<unknown, T, any>;
  fixed: (loop: EventLoop) => Generator<unknown, T, any>;
  check?: (result: T) => boolean;
  /** Deviations from FIFO in the smallest schedule that shows the bug. */
  minimalDeviations: number;
  /** Options the bug needs (a latency model). */
  options?: Pick<ExploreOptions<T>, 'jitter'>;
  /** The fix's schedule space is small enough for 'dfs' to run all of it. */
  small: boolean;
  /** Its tasks share a plain variable (not a yieldfrom object): outside what explore's `reduce` assumes, so a reduced search may miss the bug. */
  plainState?: boolean;
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

// 6-7. Dining philosophers: each takes the left fork, reaches for the right one; if every one
//      holds a left fork, none gets a right one. They sit down one iteration apart, so FIFO never
//      deadlocks; each philosopher but one must be made to take the left fork early: n - 1
//      deviations. The fix: the last philosopher takes the forks in the other order.
function philosophers(n: number, ordered: boolean) {
  return function* (_loop: EventLoop) {
    const forks = Array.from({ length: n }, (_, i) => Object.assign(new Lock(), { name: `fork ${i}` }));
    function* dine(i: number) {
      let [first, second] = [forks[i]!, forks[(i + 1) % n]!];
      if (ordered && i === n - 1) [first, second] = [second, first];
      yield* sleep(0); // think
      yield* first.acquire();
      yield* sleep(0); // reach for the other fork
      yield* second.acquire();
      yield* sleep(0); // eat
      second.release();
      first.release();
    }
    const diners: Task[] = [];
    for (let i = 0; i < n; i++) {
      const t = yield* spawn(dine, i);
      t.setName(`philosopher ${i}`);
      diners.push(t);
      yield* sleep(0);
    }
    yield* joinAll(diners);
    return 'all ate';
  };
}

// 8. A pool of 19 connections shared by 20 workers, three requests each. A request's reply and
//    its timeout are due at the same instant; whichever runs first settles it, and the timeout
//    path forgets to give the connection back. FIFO runs the reply first (it was scheduled
//    first); the pool runs dry when 19 timeouts win, one deviation each.
function connectionPool(releaseOnTimeout: boolean) {
  return function* (loop: EventLoop) {
    const pool = new Semaphore(19);
    pool.name = 'connections';
    function* worker() {
      for (let r = 0; r < 3; r++) {
        yield* pool.acquire();
        const settled = loop.createFuture<string>();
        loop.callLater(0.1, () => {
          if (settled.done()) return;
          pool.release();
          settled.setResult('reply');
        });
        loop.callLater(0.1, () => {
          if (settled.done()) return;
          if (releaseOnTimeout) pool.release(); // the bug: the timeout path keeps the connection
          settled.setResult('timeout');
        });
        yield* settled;
      }
    }
    const workers: Task[] = [];
    for (let i = 0; i < 20; i++) workers.push(loop.createTask(worker(), { name: `worker ${i}` }));
    yield* joinAll(workers);
    return 'all served';
  };
}

// 9. A cache entry's expiry and its refresh fall due at the same instant. FIFO runs the expiry
//    first (it was scheduled first); swapped, the expiry of the old value deletes the new one.
//    The fix: an expiry only removes the version it was set for.
function cacheExpiry(versioned: boolean) {
  return function* (loop: EventLoop) {
    const cache = new Map<string, { value: string; version: number }>();
    let version = 0;
    const put = (value: string): void => {
      const v = ++version;
      cache.set('k', { value, version: v });
      loop.callLater(1, function expire() {
        if (!versioned || cache.get('k')?.version === v) cache.delete('k');
      });
    };
    put('v1');
    yield* sleep(0);
    loop.callLater(1, function refresh() {
      put('v2');
    });
    yield* sleep(1.5);
    return cache.get('k')?.value ?? 'missing';
  };
}

// 10. A stale reply: the client gives up on a request after 0.1 s and retries, then takes the
//     next reply as the answer to the retry. The server answers in 0.05 s, so without latency
//     the bug cannot show; with a latency model (jitter) one late sleep shows it. The fix: match
//     replies to requests by id.
function staleReply(matchIds: boolean) {
  return function* (_loop: EventLoop) {
    const requests = new Queue<number>();
    const replies = new Queue<{ id: number; body: string }>();
    const server = yield* spawn(function* () {
      for (;;) {
        const id = yield* requests.get();
        yield* sleep(0.05); // processing
        replies.putNowait({ id, body: `reply to ${id}` });
      }
    });
    server.setName('server');
    let answer = 'gave up';
    let tries = 0;
    while (tries < 2 && answer === 'gave up') {
      const id = ++tries;
      requests.putNowait(id);
      try {
        for (;;) {
          const r = yield* waitFor(replies.get(), 0.1);
          if (matchIds && r.id !== id) continue; // a late reply to an earlier try
          answer = r.body;
          break;
        }
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
      }
    }
    server.cancel();
    return answer === 'gave up' ? answer : `${answer}, try ${tries}`;
  };
}

// 11. Lazy initialisation: two users find no client and both connect. The fix: the first one
//     leaves an Event that the others wait on.
function lazyInit(once: boolean) {
  return function* (_loop: EventLoop) {
    let client: string | null = null;
    let connecting: Event | null = null;
    let connections = 0;
    function* getClient() {
      if (client !== null) return client;
      if (once && connecting !== null) {
        yield* connecting.wait();
        return client!;
      }
      if (once) connecting = new Event();
      yield* sleep(0); // connecting
      client = `connection ${++connections}`;
      connecting?.set();
      return client;
    }
    function* user(late: boolean) {
      if (late) yield* sleep(0);
      return yield* getClient();
    }
    yield* joinAll([yield* spawn(user, false), yield* spawn(user, true)]);
    return connections;
  };
}

// 12. A leaked lock: an early return between acquire() and release(), taken only when another
//     task filled the cache while this one waited for the lock. A later user of the lock waits
//     forever, and the deadlock report names the lock's holder as finished.
function leakedLock(releases: boolean) {
  return function* (_loop: EventLoop) {
    const cache = new Map<string, number>();
    const lock = new Lock();
    lock.name = 'cache';
    function* get(key: string) {
      if (cache.has(key)) return cache.get(key)!;
      yield* lock.acquire();
      if (cache.has(key)) {
        if (releases) lock.release(); // the bug: this return keeps the lock
        return cache.get(key)!; // filled while we waited
      }
      yield* sleep(0); // fetch
      cache.set(key, key.length);
      lock.release();
      return cache.get(key)!;
    }
    function* user(key: string, late: boolean, later: number) {
      if (late) yield* sleep(0);
      if (later) yield* sleep(later);
      return yield* get(key);
    }
    const users = [yield* spawn(user, 'a', false, 0), yield* spawn(user, 'a', true, 0), yield* spawn(user, 'bb', false, 1)];
    users.forEach((t, i) => t.setName(['first', 'second', 'third'][i]!));
    let sum = 0;
    for (const t of users) sum += yield* t;
    return sum;
  };
}

// 13. A hedged request: the client asks the primary, and if no reply has come after 0.08 s asks a
//     backup too, then takes whichever answers first. Each server charges the card before it
//     replies. Under FIFO the primary answers at 0.05 s and no hedge is sent; made late by the
//     latency model, it is overtaken by the hedge, and the request nobody waits for any more
//     charges the card a second time. The fix: cancel the losing request.
function hedgedRequest(cancelLoser: boolean) {
  return function* (loop: EventLoop) {
    let charges = 0;
    function* server(latency: number, reply: Future<string>, name: string) {
      yield* sleep(latency); // the network and the work
      charges++;
      if (!reply.done()) reply.setResult(name);
    }
    const reply = loop.createFuture<string>();
    const primary = yield* spawn(server, 0.05, reply, 'primary');
    primary.setName('primary');
    let backup: Task | null = null;
    try {
      yield* waitFor(shield(reply), 0.08);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      backup = yield* spawn(server, 0.05, reply, 'backup');
      backup.setName('backup');
    }
    const winner = yield* reply;
    if (cancelLoser) for (const t of [primary, backup]) if (t !== null && !t.done()) t.cancel();
    yield* sleep(0.5); // the client goes on; the loser, if still running, finishes meanwhile
    return `${winner}, charged ${charges}`;
  };
}

export const zoo: ZooEntry<any>[] = [
  { name: 'lost-update', what: 'two deposits without a lock', buggy: bank(false), fixed: bank(true), check: (b: number) => b === 2, minimalDeviations: 1, small: true, plainState: true },
  { name: 'missed-notify', what: 'a flag checked outside the Condition', buggy: handoff(false), fixed: handoff(true), minimalDeviations: 1, small: true, plainState: true },
  { name: 'lock-order', what: 'two locks taken in opposite orders', buggy: transfer(false), fixed: transfer(true), minimalDeviations: 1, small: true },
  { name: 'check-then-act', what: 'empty() then getNowait() with two consumers', buggy: consumers(false), fixed: consumers(true), check: (n: number) => n === 1, minimalDeviations: 1, small: true },
  { name: 'join-misuse', what: 'taskDone() before the helper stores the result', buggy: pipeline(false), fixed: pipeline(true), check: (n: number) => n === 1, minimalDeviations: 1, small: true, plainState: true },
  { name: 'philosophers-5', what: 'five philosophers, each takes the left fork first', buggy: philosophers(5, false), fixed: philosophers(5, true), minimalDeviations: 4, small: false },
  { name: 'philosophers-8', what: 'eight philosophers, each takes the left fork first', buggy: philosophers(8, false), fixed: philosophers(8, true), minimalDeviations: 7, small: false },
  { name: 'connection-pool', what: '20 workers, 19 connections, a timeout that keeps its connection', buggy: connectionPool(false), fixed: connectionPool(true), minimalDeviations: 19, small: false },
  { name: 'cache-expiry', what: "an expiry and a refresh due at the same instant", buggy: cacheExpiry(false), fixed: cacheExpiry(true), check: (v: string) => v === 'v2', minimalDeviations: 1, small: true },
  {
    name: 'stale-reply',
    what: 'a late reply taken as the answer to the retry (needs latency)',
    buggy: staleReply(false),
    fixed: staleReply(true),
    check: (r: string) => r === 'gave up' || /^reply to (\d+), try \1$/.test(r), // the answer to the last try
    minimalDeviations: 1,
    options: { jitter: 0.1 },
    small: true,
  },
  { name: 'lazy-init', what: 'two users both connect', buggy: lazyInit(false), fixed: lazyInit(true), check: (n: number) => n === 1, minimalDeviations: 1, small: true, plainState: true },
  { name: 'leaked-lock', what: 'an early return that keeps a lock', buggy: leakedLock(false), fixed: leakedLock(true), minimalDeviations: 1, small: true, plainState: true },
  {
    name: 'hedged-request',
    what: 'a hedged request whose loser is not cancelled charges twice (needs latency)',
    buggy: hedgedRequest(false),
    fixed: hedgedRequest(true),
    check: (r: string) => r.endsWith('charged 1'),
    minimalDeviations: 1,
    options: { jitter: 0.1 },
    small: true,
    plainState: true,
  },
];

export default async function demo(o: DemoOptions): Promise<void> {
  for (const z of zoo) {
    const fifoRun = runSchedule(z.buggy, fifo(), { check: z.check, ...z.options, trace: false });
    const r = explore(z.buggy, { runs: 1000, seed: 1, check: z.check, ...z.options });
    console.log(`--- ${z.name}: ${z.what}`);
    console.log(`under FIFO: ${fifoRun.ok ? 'passes' : 'fails'}; explore: ${r.ok ? `no failure in ${r.runs} schedules` : `failed at run ${r.failure!.run + 1}`}`);
    if (r.failure) {
      console.log(r.failure.report.split('\n').slice(0, 3).join('\n'));
      const again = runSchedule(z.buggy, r.failure.token, { check: z.check, ...z.options });
      console.log(`replaying it: ${again.ok ? 'passes (!)' : 'fails the same way'}`);
      o.traces?.push({ title: `${z.name}: ${z.what}, replayed from ${r.failure.token}`, trace: again.trace! });
    }
    const fixed = explore(z.fixed, { strategy: z.small ? 'dfs' : 'random', runs: z.small ? 100_000 : 1000, seed: 1, check: z.check, ...z.options });
    console.log(`the fix: ${fixed.summary}\n`);
  }
}
