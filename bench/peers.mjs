// bench/peers.mjs: the peer table of `npm run bench` (alone: `npm run bench:peers`). The same workloads
// written idiomatically for each coroutine library, each cell in a fresh process
// (node bench/peers.mjs --cell LIB WORKLOAD), medians of 3 runs.
// Libraries: yieldfrom (built), native async/await, co, js-csp, redux-saga, effection 4, Effect 4.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PromiseQueue } from './promise-queue.mjs';
import { timeRuns } from './timing.mjs';

const N_PING = 200_000; // round trips
const N_SPAWN = 100_000;
const N_SLEEP = 100_000; // tasks sleeping 1 ms on the real clock
const N_FANIN = 200_000; // items, 4 producers x 4 consumers, queue of 16
const N_STEPS = 1_000_000; // synchronous steps in one task
const N_RESUME = 100_000; // resumes at depth 1,000
const DEPTHS = [1e3, 1e4, 1e5, 1e6];
const TIME_CAP_MS = 120_000; // per cell: a cold run, warm-up runs, and the warm runs

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The first run (cold: the JIT has seen nothing yet) is timed on its own. Then untimed warm-up
// runs, up to 4 or 5 s, and the warm runs: 5, or 3 when a run takes over 4 s (PEER_RUNS=N sets it).
const WARM_RUNS = process.env.PEER_RUNS === undefined ? null : Number(process.env.PEER_RUNS);
async function time(fn) {
  const t0 = performance.now();
  await fn();
  const cold = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < 4 && performance.now() - t1 < 5000; i++) await fn();
  const runs = WARM_RUNS ?? (cold > 4000 ? 3 : 5);
  return { cold, warm: await timeRuns(fn, { runs, warmup: 0 }) };
}

// ---------- implementations: lib -> workload -> () => Promise|void ----------
const libs = {
  async yieldfrom() {
    const y = await import('../dist/index.js');
    const rec = function* (n) {
      return n === 0 ? 0 : 1 + (yield rec(n - 1));
    };
    return {
      pingpong: () =>
        y.runSync(function* () {
          const q1 = new y.Queue();
          const q2 = new y.Queue();
          const a = yield* y.spawn(function* () {
            for (let i = 0; i < N_PING; i++) {
              yield* q1.put(i);
              yield* q2.get();
            }
          });
          const b = yield* y.spawn(function* () {
            for (let i = 0; i < N_PING; i++) yield* q2.put(yield* q1.get());
          });
          yield* a;
          yield* b;
        }),
      spawn: () =>
        y.runSync(function* () {
          function* child(i) {
            return i;
          }
          const ts = new Array(N_SPAWN);
          for (let i = 0; i < N_SPAWN; i++) ts[i] = yield* y.spawn(child, i);
          for (let i = 0; i < N_SPAWN; i++) yield* ts[i];
        }),
      sleep1ms: () =>
        y.run(function* () {
          function* sleeper() {
            yield* y.sleep(0.001);
          }
          const ts = new Array(N_SLEEP);
          for (let i = 0; i < N_SLEEP; i++) ts[i] = yield* y.spawn(sleeper);
          for (let i = 0; i < N_SLEEP; i++) yield* ts[i];
        }),
      fanin: () =>
        y.runSync(function* () {
          const q = new y.Queue(16);
          const per = N_FANIN / 4;
          const ts = [];
          for (let k = 0; k < 4; k++) {
            ts.push(yield* y.spawn(function* () {
              for (let i = 0; i < per; i++) yield* q.put(i);
            }));
            ts.push(yield* y.spawn(function* () {
              for (let i = 0; i < per; i++) yield* q.get();
            }));
          }
          for (const t of ts) yield* t;
        }),
      depth: (d) => y.runSync(rec(d)) === d,
      resume: () =>
        y.runSync(function* () {
          function* leaf() {
            for (let i = 0; i < N_RESUME; i++) yield* y.sleep(0);
          }
          function* level(n) {
            return n === 0 ? yield* leaf() : yield level(n - 1);
          }
          yield level(999);
        }),
      virtual1e6: () =>
        y.runSync(function* () {
          function* sleeper(i) {
            yield* y.sleep((i % 1000) / 1000);
          }
          for (let i = 0; i < 1_000_000; i++) yield* y.spawn(sleeper, i);
          yield* y.sleep(2);
        }),
      steps: () =>
        y.runSync(function* () {
          const f = new y.Future();
          f.setResult(1);
          let s = 0;
          for (let i = 0; i < N_STEPS; i++) s += yield* f;
          return s;
        }),
    };
  },

  async 'async-await'() {
    const rec = async (n) => (n === 0 ? 0 : 1 + (await rec(n - 1)));
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    return {
      pingpong: async () => {
        const q1 = new PromiseQueue();
        const q2 = new PromiseQueue();
        await Promise.all([
          (async () => {
            for (let i = 0; i < N_PING; i++) {
              await q1.put(i);
              await q2.get();
            }
          })(),
          (async () => {
            for (let i = 0; i < N_PING; i++) await q2.put(await q1.get());
          })(),
        ]);
      },
      spawn: async () => {
        const child = async (i) => i;
        const ps = new Array(N_SPAWN);
        for (let i = 0; i < N_SPAWN; i++) ps[i] = child(i);
        for (let i = 0; i < N_SPAWN; i++) await ps[i];
      },
      sleep1ms: async () => {
        const ps = new Array(N_SLEEP);
        for (let i = 0; i < N_SLEEP; i++) ps[i] = sleep(1);
        await Promise.all(ps);
      },
      fanin: async () => {
        const q = new PromiseQueue(16);
        const per = N_FANIN / 4;
        const ps = [];
        for (let k = 0; k < 4; k++) {
          ps.push((async () => { for (let i = 0; i < per; i++) await q.put(i); })());
          ps.push((async () => { for (let i = 0; i < per; i++) await q.get(); })());
        }
        await Promise.all(ps);
      },
      depth: async (d) => (await rec(d)) === d,
      resume: async () => {
        const leaf = async () => {
          for (let i = 0; i < N_RESUME; i++) await null;
        };
        const level = async (n) => (n === 0 ? leaf() : level(n - 1));
        await level(999);
      },
      steps: async () => {
        let s = 0;
        for (let i = 0; i < N_STEPS; i++) s += await 1;
        return s;
      },
    };
  },

  async co() {
    const co = (await import('co')).default;
    const rec = function* (n) {
      return n === 0 ? 0 : 1 + (yield rec(n - 1));
    };
    // co has no queue: the same minimal promise queue as the async/await peer.
    return {
      pingpong: () => {
        const q1 = new PromiseQueue();
        const q2 = new PromiseQueue();
        return Promise.all([
          co(function* () {
            for (let i = 0; i < N_PING; i++) {
              yield q1.put(i);
              yield q2.get();
            }
          }),
          co(function* () {
            for (let i = 0; i < N_PING; i++) yield q2.put(yield q1.get());
          }),
        ]);
      },
      spawn: () =>
        co(function* () {
          const ts = new Array(N_SPAWN);
          for (let i = 0; i < N_SPAWN; i++) ts[i] = co(function* () { return i; });
          for (let i = 0; i < N_SPAWN; i++) yield ts[i];
        }),
      sleep1ms: () =>
        co(function* () {
          const ts = new Array(N_SLEEP);
          for (let i = 0; i < N_SLEEP; i++) ts[i] = co(function* () { yield new Promise((r) => setTimeout(r, 1)); });
          yield ts;
        }),
      fanin: () => {
        const q = new PromiseQueue(16);
        const per = N_FANIN / 4;
        const ps = [];
        for (let k = 0; k < 4; k++) {
          ps.push(co(function* () { for (let i = 0; i < per; i++) yield q.put(i); }));
          ps.push(co(function* () { for (let i = 0; i < per; i++) yield q.get(); }));
        }
        return Promise.all(ps);
      },
      depth: (d) => co(rec(d)).then((v) => v === d),
      resume: () => {
        const leaf = function* () {
          for (let i = 0; i < N_RESUME; i++) yield Promise.resolve();
        };
        const level = function* (n) {
          return n === 0 ? yield* leaf() : yield level(n - 1);
        };
        return co(level(999));
      },
      steps: () =>
        co(function* () {
          let s = 0;
          for (let i = 0; i < N_STEPS; i++) s += yield Promise.resolve(1);
          return s;
        }),
    };
  },

  async 'js-csp'() {
    const csp = (await import('js-csp')).default ?? (await import('js-csp'));
    const done = (ch) => new Promise((resolve) => csp.takeAsync(ch, resolve));
    const rec = function* (n) {
      return n === 0 ? 0 : 1 + (yield* rec(n - 1));
    };
    return {
      pingpong: () => {
        const c1 = csp.chan();
        const c2 = csp.chan();
        const a = csp.go(function* () {
          for (let i = 0; i < N_PING; i++) {
            yield csp.put(c1, i);
            yield csp.take(c2);
          }
        });
        csp.go(function* () {
          for (let i = 0; i < N_PING; i++) yield csp.put(c2, yield csp.take(c1));
        });
        return done(a);
      },
      spawn: () =>
        done(
          csp.go(function* () {
            const ts = new Array(N_SPAWN);
            for (let i = 0; i < N_SPAWN; i++) ts[i] = csp.go(function* () { return i; });
            for (let i = 0; i < N_SPAWN; i++) yield csp.take(ts[i]);
          }),
        ),
      sleep1ms: () =>
        done(
          csp.go(function* () {
            const ts = new Array(N_SLEEP);
            for (let i = 0; i < N_SLEEP; i++) ts[i] = csp.go(function* () { yield csp.take(csp.timeout(1)); });
            for (let i = 0; i < N_SLEEP; i++) yield csp.take(ts[i]);
          }),
        ),
      fanin: () => {
        const ch = csp.chan(16);
        const per = N_FANIN / 4;
        const ds = [];
        for (let k = 0; k < 4; k++) {
          ds.push(done(csp.go(function* () { for (let i = 0; i < per; i++) yield csp.put(ch, i); })));
          ds.push(done(csp.go(function* () { for (let i = 0; i < per; i++) yield csp.take(ch); })));
        }
        return Promise.all(ds);
      },
      // js-csp delegates with native yield* only.
      depth: (d) => done(csp.go(function* () { return yield* rec(d); })).then((v) => v === d),
      resume: () => {
        const leaf = function* () {
          for (let i = 0; i < N_RESUME; i++) yield csp.take(csp.timeout(0));
        };
        const level = function* (n) {
          return n === 0 ? yield* leaf() : yield* level(n - 1);
        };
        return done(csp.go(level, [999]));
      },
      steps: null, // every js-csp step goes through its dispatcher: no synchronous step to compare
    };
  },

  async 'redux-saga'() {
    const { runSaga, channel, buffers } = await import('redux-saga');
    const { call, fork, join, put, take, delay } = await import('redux-saga/effects');
    const runS = (saga, ...args) => runSaga({ onError: () => {} }, saga, ...args).toPromise();
    const rec = function* (n) {
      return n === 0 ? 0 : 1 + (yield call(rec, n - 1));
    };
    return {
      pingpong: () => {
        const c1 = channel(buffers.expanding());
        const c2 = channel(buffers.expanding());
        return runS(function* () {
          const a = yield fork(function* () {
            for (let i = 0; i < N_PING; i++) {
              yield put(c1, i);
              yield take(c2);
            }
          });
          const b = yield fork(function* () {
            for (let i = 0; i < N_PING; i++) yield put(c2, yield take(c1));
          });
          yield join([a, b]);
        });
      },
      spawn: () =>
        runS(function* () {
          const ts = new Array(N_SPAWN);
          for (let i = 0; i < N_SPAWN; i++) ts[i] = yield fork(function* () { return i; });
          for (let i = 0; i < N_SPAWN; i++) yield join(ts[i]);
        }),
      sleep1ms: () =>
        runS(function* () {
          const ts = new Array(N_SLEEP);
          for (let i = 0; i < N_SLEEP; i++) ts[i] = yield fork(function* () { yield delay(1); });
          yield join(ts);
        }),
      fanin: () => {
        const ch = channel(buffers.fixed(16));
        const per = N_FANIN / 4;
        return runS(function* () {
          // redux-saga's put on a full fixed buffer throws: producers take turns via the buffer's room.
          const ts = [];
          for (let k = 0; k < 4; k++) {
            ts.push(yield fork(function* () {
              for (let i = 0; i < per; i++) {
                while (ch.__full?.()) yield delay(0);
                yield put(ch, i);
              }
            }));
            ts.push(yield fork(function* () { for (let i = 0; i < per; i++) yield take(ch); }));
          }
          yield join(ts);
        });
      },
      depth: (d) => runS(rec, d).then((v) => v === d),
      resume: () => {
        const leaf = function* () {
          for (let i = 0; i < N_RESUME; i++) yield delay(0);
        };
        const level = function* (n) {
          return n === 0 ? yield call(leaf) : yield call(level, n - 1);
        };
        return runS(level, 999);
      },
      steps: () =>
        runS(function* () {
          let s = 0;
          const one = () => 1;
          for (let i = 0; i < N_STEPS; i++) s += yield call(one);
          return s;
        }),
    };
  },

  async effection() {
    const { run, spawn, sleep, createQueue, call } = await import('effection');
    const rec = function* (n) {
      return n === 0 ? 0 : 1 + (yield* rec(n - 1));
    };
    return {
      pingpong: () =>
        run(function* () {
          const q1 = createQueue();
          const q2 = createQueue();
          const a = yield* spawn(function* () {
            for (let i = 0; i < N_PING; i++) {
              q1.add(i);
              yield* q2.next();
            }
          });
          const b = yield* spawn(function* () {
            for (let i = 0; i < N_PING; i++) q2.add((yield* q1.next()).value);
          });
          yield* a;
          yield* b;
        }),
      spawn: () =>
        run(function* () {
          const ts = new Array(N_SPAWN);
          for (let i = 0; i < N_SPAWN; i++) ts[i] = yield* spawn(function* () { return i; });
          for (let i = 0; i < N_SPAWN; i++) yield* ts[i];
        }),
      sleep1ms: () =>
        run(function* () {
          const ts = new Array(N_SLEEP);
          for (let i = 0; i < N_SLEEP; i++) ts[i] = yield* spawn(function* () { yield* sleep(1); });
          for (let i = 0; i < N_SLEEP; i++) yield* ts[i];
        }),
      fanin: null, // effection's queues are unbounded: no bounded queue to compare
      depth: (d) => run(function* () { return yield* rec(d); }).then((v) => v === d),
      resume: () => {
        const leaf = function* () {
          for (let i = 0; i < N_RESUME; i++) yield* sleep(0);
        };
        const level = function* (n) {
          return n === 0 ? yield* leaf() : yield* level(n - 1);
        };
        return run(() => level(999));
      },
      steps: () =>
        run(function* () {
          let s = 0;
          for (let i = 0; i < N_STEPS; i++) s += yield* call(() => 1);
          return s;
        }),
    };
  },

  async effect() {
    const { Effect, Queue, Fiber } = await import('effect');
    const rec = (n) => (n === 0 ? Effect.succeed(0) : Effect.map(Effect.suspend(() => rec(n - 1)), (x) => x + 1));
    const runP = (e) => Effect.runPromise(e);
    return {
      pingpong: () =>
        runP(
          Effect.gen(function* () {
            const q1 = yield* Queue.unbounded();
            const q2 = yield* Queue.unbounded();
            const a = yield* Effect.forkChild(Effect.gen(function* () {
              for (let i = 0; i < N_PING; i++) {
                yield* Queue.offer(q1, i);
                yield* Queue.take(q2);
              }
            }));
            const b = yield* Effect.forkChild(Effect.gen(function* () {
              for (let i = 0; i < N_PING; i++) yield* Queue.offer(q2, yield* Queue.take(q1));
            }));
            yield* Fiber.join(a);
            yield* Fiber.join(b);
          }),
        ),
      spawn: () =>
        runP(
          Effect.gen(function* () {
            const fs = new Array(N_SPAWN);
            for (let i = 0; i < N_SPAWN; i++) fs[i] = yield* Effect.forkChild(Effect.succeed(i));
            for (let i = 0; i < N_SPAWN; i++) yield* Fiber.join(fs[i]);
          }),
        ),
      sleep1ms: () =>
        runP(
          Effect.gen(function* () {
            const fs = new Array(N_SLEEP);
            for (let i = 0; i < N_SLEEP; i++) fs[i] = yield* Effect.forkChild(Effect.sleep('1 millis'));
            for (let i = 0; i < N_SLEEP; i++) yield* Fiber.join(fs[i]);
          }),
        ),
      fanin: () =>
        runP(
          Effect.gen(function* () {
            const q = yield* Queue.bounded(16);
            const per = N_FANIN / 4;
            const fs = [];
            for (let k = 0; k < 4; k++) {
              fs.push(yield* Effect.forkChild(Effect.gen(function* () { for (let i = 0; i < per; i++) yield* Queue.offer(q, i); })));
              fs.push(yield* Effect.forkChild(Effect.gen(function* () { for (let i = 0; i < per; i++) yield* Queue.take(q); })));
            }
            for (const f of fs) yield* Fiber.join(f);
          }),
        ),
      depth: (d) => runP(rec(d)).then((v) => v === d),
      resume: () => {
        const leaf = Effect.gen(function* () {
          for (let i = 0; i < N_RESUME; i++) yield* Effect.yieldNow;
        });
        const level = (n) => (n === 0 ? leaf : Effect.suspend(() => level(n - 1)));
        return runP(level(999));
      },
      steps: () =>
        runP(
          Effect.gen(function* () {
            let s = 0;
            for (let i = 0; i < N_STEPS; i++) s += yield* Effect.succeed(1);
            return s;
          }),
        ),
    };
  },
};

const WORKLOADS = {
  pingpong: { what: `ping-pong through a queue, ${N_PING / 1000}k round trips`, unit: 'round trips/s', per: N_PING },
  spawn: { what: `spawn + join ${N_SPAWN / 1000}k tasks`, unit: 'tasks/s', per: N_SPAWN },
  sleep1ms: { what: `${N_SLEEP / 1000}k tasks sleeping 1 ms (real clock)`, unit: 'ms', per: null },
  fanin: { what: `fan-in 4x4 through a bounded queue of 16, ${N_FANIN / 1000}k items`, unit: 'items/s', per: N_FANIN },
  resume: { what: `resume at delegation depth 1,000 (${N_RESUME / 1000}k resumes)`, unit: 'µs/resume', per: null },
  steps: { what: `${N_STEPS / 1e6}M synchronous steps in one task`, unit: 'steps/s', per: N_STEPS },
  virtual1e6: { what: '1e6 tasks sleeping in virtual time', unit: 'ms', per: null },
  depth: { what: 'deepest delegation reached (1e3..1e6)', unit: 'levels', per: null },
};

async function cell(lib, workload) {
  const impl = (await libs[lib]())[workload];
  if (impl === undefined || impl === null) return { value: null, note: 'n/a' };
  if (workload === 'depth') {
    let best = 0;
    for (const d of DEPTHS) {
      try {
        if (await impl(d)) best = d;
        else break;
      } catch {
        break;
      }
    }
    return { value: best };
  }
  const { cold, warm } = await time(impl);
  const w = WORKLOADS[workload];
  const unit = (ms) => (workload === 'resume' ? (ms * 1000) / N_RESUME : w.per === null ? ms : w.per / (ms / 1000));
  return { value: unit(median(warm)), cold: unit(cold) };
}

const here = dirname(fileURLToPath(import.meta.url));
export const LIBS = ['yieldfrom', 'async-await', 'co', 'js-csp', 'redux-saga', 'effection', 'effect'];
// Which way is better per unit: rates are higher-better, times lower-better; depth is higher-better.
const higherBetter = (unit) => unit.endsWith('/s') || unit === 'levels';

/** Runs every (workload, library) cell in a fresh process; returns the markdown table lines. */
/**
 * Runs every (workload, library) cell in a fresh process. Returns two markdown tables: warm
 * medians, and the first (cold) run of each cell.
 */
export function peerTable(only = [], log = (line) => process.stderr.write(`${line}\n`)) {
  const rows = [];
  for (const [w, meta] of Object.entries(WORKLOADS)) {
    if (only.length && !only.includes(w)) continue;
    const warm = {};
    const cold = {};
    for (const lib of LIBS) {
      try {
        const out = execFileSync(process.execPath, [join(here, 'peers.mjs'), '--cell', lib, w], { encoding: 'utf8', timeout: TIME_CAP_MS, stdio: ['ignore', 'pipe', 'ignore'] });
        const r = JSON.parse(out.trim().split('\n').pop());
        warm[lib] = r.value === null ? r.note : r.value;
        cold[lib] = r.cold ?? warm[lib];
      } catch (e) {
        warm[lib] = cold[lib] = e.signal === 'SIGTERM' ? `> ${TIME_CAP_MS / 1000} s` : 'failed';
      }
      log(`${w} ${lib}: warm ${JSON.stringify(warm[lib])}, cold ${JSON.stringify(cold[lib])}`);
    }
    rows.push({ w, meta, warm, cold });
  }
  const fmt = (v) => (typeof v !== 'number' ? v : v >= 1000 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(3));
  // The ratio to async/await, oriented so that above 1× means faster (or deeper) than async/await.
  const ratio = (v, base, unit) => {
    if (typeof v !== 'number' || typeof base !== 'number' || v === 0 || base === 0) return '';
    const r = higherBetter(unit) ? v / base : base / v;
    return ` (${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×)`;
  };
  const table = (pick, rs) => [
    `| workload | unit | ${LIBS.join(' | ')} |`,
    `| --- | --- | ${LIBS.map(() => '---:').join(' | ')} |`,
    ...rs.map((r) => {
      const v = pick(r);
      return `| ${r.meta.what} | ${r.meta.unit} | ${LIBS.map((n) => `${fmt(v[n])}${n === 'async-await' ? '' : ratio(v[n], v['async-await'], r.meta.unit)}`).join(' | ')} |`;
    }),
  ];
  return { warm: table((r) => r.warm, rows), cold: table((r) => r.cold, rows.filter((r) => r.w !== 'depth')) };
}

if (process.argv[2] === '--cell') {
  const [lib, workload] = process.argv.slice(3);
  console.log(JSON.stringify(await cell(lib, workload)));
  process.exit(0);
}
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const { warm, cold } = peerTable(only);
  console.log(['Warm (median of 3 runs after a first one):', '', ...warm, '', 'Cold (the first run):', '', ...cold].join('\n'));
}
