// bench/cells.mjs: one benchmark cell per process: `node --expose-gc bench/cells.mjs NAME`.
// Prints one JSON line: { name, unit, median, runs }. Measures the built package (dist/).
import { EventLoop, Future, Queue, runSync, sleep, spawn, Tracer } from '../dist/index.js';
import { PromiseQueue } from './promise-queue.mjs';
import { timeRuns } from './timing.mjs';

const name = process.argv[2];
const REPS = Number(process.env.BENCH_REPS ?? 7);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// One warm-up run, then REPS timed runs.
const timeIt = (fn, reps = REPS) => timeRuns(fn, { runs: reps, warmup: 1 });

const N_PING = 1_000_000;
const N_SYNC = 1_000_000;
const N_SPAWN = 100_000;
const N_FANIN = 400_000;

const cells = {
  // Two tasks alternating on sleep(0), N_PING turns each.
  async 'pingpong/yieldfrom'() {
    const ms = await timeIt(() => {
      runSync(function* () {
        function* player() {
          for (let i = 0; i < N_PING; i++) yield sleep(0);
        }
        const a = yield spawn(player);
        const b = yield spawn(player);
        yield a;
        yield b;
      });
    });
    return { unit: 'ns/turn', values: ms.map((m) => (m * 1e6) / (2 * N_PING)) };
  },
  // The same ping-pong with a Tracer recording every event (tracing on), 1/10 of the turns.
  async 'pingpong-traced/yieldfrom'() {
    const n = N_PING / 10;
    const ms = await timeIt(() => {
      const loop = new EventLoop({ trace: new Tracer() });
      loop.runUntilComplete(
        (function* () {
          function* player() {
            for (let i = 0; i < n; i++) yield sleep(0);
          }
          const a = yield spawn(player);
          const b = yield spawn(player);
          yield a;
          yield b;
        })(),
      );
    });
    return { unit: 'ns/turn', values: ms.map((m) => (m * 1e6) / (2 * n)) };
  },
  async 'pingpong/async-await'() {
    const ms = await timeIt(async () => {
      async function player() {
        for (let i = 0; i < N_PING; i++) await null;
      }
      await Promise.all([player(), player()]);
    });
    return { unit: 'ns/turn', values: ms.map((m) => (m * 1e6) / (2 * N_PING)) };
  },
  // One task making N_SYNC steps that do not block (awaiting a done future).
  async 'sync-steps/yieldfrom'() {
    const ms = await timeIt(() => {
      runSync(function* () {
        const f = new Future();
        f.setResult(1);
        let s = 0;
        for (let i = 0; i < N_SYNC; i++) s += yield f;
        return s;
      });
    });
    return { unit: 'ns/step', values: ms.map((m) => (m * 1e6) / N_SYNC) };
  },
  async 'sync-steps/async-await'() {
    const ms = await timeIt(async () => {
      let s = 0;
      for (let i = 0; i < N_SYNC; i++) s += await 1;
      return s;
    });
    return { unit: 'ns/step', values: ms.map((m) => (m * 1e6) / N_SYNC) };
  },
  // Spawn N_SPAWN tasks that return at once, then join them all.
  async 'spawn-join/yieldfrom'() {
    const ms = await timeIt(() => {
      runSync(function* () {
        function* child(i) {
          return i;
        }
        const tasks = new Array(N_SPAWN);
        for (let i = 0; i < N_SPAWN; i++) tasks[i] = yield spawn(child, i);
        for (let i = 0; i < N_SPAWN; i++) yield tasks[i];
      });
    });
    return { unit: 'tasks/s', values: ms.map((m) => N_SPAWN / (m / 1000)) };
  },
  async 'spawn-join/async-await'() {
    const ms = await timeIt(async () => {
      async function child(i) {
        return i;
      }
      const ps = new Array(N_SPAWN);
      for (let i = 0; i < N_SPAWN; i++) ps[i] = child(i);
      for (let i = 0; i < N_SPAWN; i++) await ps[i];
    });
    return { unit: 'tasks/s', values: ms.map((m) => N_SPAWN / (m / 1000)) };
  },
  // 1e6 tasks sleeping (random-ish durations) in virtual time, run to completion.
  async 'sleepers-1e6/yieldfrom'() {
    const ms = await timeIt(() => {
      runSync(function* () {
        function* sleeper(i) {
          yield sleep((i % 1000) / 1000);
        }
        for (let i = 0; i < 1_000_000; i++) yield spawn(sleeper, i);
        yield sleep(2);
      });
    }, 3);
    return { unit: 'ms', values: ms };
  },
  // Heap per sleeping task: 100k tasks parked in sleep, measured after GC; the engine's own
  // share subtracts the same number of bare suspended generators.
  async 'sleeping-task-bytes/yieldfrom'() {
    const N = 100_000;
    const settle = () => {
      for (let i = 0; i < 4; i++) gc();
    };
    function* sleeper() {
      yield sleep(10);
    }
    // Each measurement in its own function, so nothing it made outlives it.
    const tasksBytes = () => {
      settle();
      const before = process.memoryUsage().heapUsed;
      const loop = new EventLoop();
      for (let i = 0; i < N; i++) loop.createTask(sleeper());
      loop.runOnce(); // every task steps once and parks in its sleep
      settle();
      const bytes = (process.memoryUsage().heapUsed - before) / N;
      keep = loop;
      return bytes;
    };
    const generatorBytes = () => {
      settle();
      const before = process.memoryUsage().heapUsed;
      const gens = new Array(N);
      for (let i = 0; i < N; i++) {
        gens[i] = sleeper();
        gens[i].next();
      }
      settle();
      const bytes = (process.memoryUsage().heapUsed - before) / N;
      keep = gens; // keep the generators alive until measured
      return bytes;
    };
    let keep = null;
    const values = [];
    const bare = [];
    for (let r = 0; r < 5; r++) {
      values.push(tasksBytes());
      bare.push(generatorBytes());
    }
    void keep;
    return { unit: 'bytes/task', values, extra: { bareGeneratorBytes: median(bare) } };
  },
  // Heap per finished-but-unjoined task.
  async 'finished-task-bytes/yieldfrom'() {
    const N = 100_000;
    const values = [];
    for (let r = 0; r < 3; r++) {
      gc();
      const before = process.memoryUsage().heapUsed;
      const loop = new EventLoop();
      function* child() {}
      const tasks = new Array(N);
      for (let i = 0; i < N; i++) tasks[i] = loop.createTask(child());
      loop.runOnce();
      gc();
      values.push((process.memoryUsage().heapUsed - before) / N);
      loop.close();
      tasks.length = 0;
    }
    return { unit: 'bytes/task', values };
  },
  // 4 producers x 4 consumers through a bounded queue of 16, N_FANIN items in all.
  async 'fan-in/yieldfrom'() {
    const ms = await timeIt(() => {
      runSync(function* () {
        const q = new Queue(16);
        const per = N_FANIN / 4;
        function* producer(p) {
          for (let i = 0; i < per; i++) yield q.put(p * per + i);
        }
        function* consumer() {
          let sum = 0;
          for (let i = 0; i < per; i++) sum += yield q.get();
          return sum;
        }
        const ts = [];
        for (let k = 0; k < 4; k++) ts.push(yield spawn(producer, k), yield spawn(consumer));
        for (const t of ts) yield t;
      });
    });
    return { unit: 'items/s', values: ms.map((m) => N_FANIN / (m / 1000)) };
  },
  async 'fan-in/async-await'() {
    // A minimal promise-based bounded queue (bench/promise-queue.mjs): the peer the issue names.
    const ms = await timeIt(async () => {
      const q = new PromiseQueue(16);
      const per = N_FANIN / 4;
      const producer = async (p) => {
        for (let i = 0; i < per; i++) await q.put(p * per + i);
      };
      const consumer = async () => {
        let sum = 0;
        for (let i = 0; i < per; i++) sum += await q.get();
        return sum;
      };
      const ps = [];
      for (let k = 0; k < 4; k++) ps.push(producer(k), consumer());
      await Promise.all(ps);
    });
    return { unit: 'items/s', values: ms.map((m) => N_FANIN / (m / 1000)) };
  },
  // HTTP: the seed's /hello/{name} handler, yieldfrom's serve() against async/await on plain
  // node:http; the same in-process loopback client (50 keep-alive connections, 10,000 requests).
  async 'http/yieldfrom'() {
    const { run } = await import('../dist/index.js');
    const { serve } = await import('../dist/node.js');
    let result;
    await run(function* () {
      const server = yield* serve({
        'GET /hello/{name}': function* (req) {
          return `<h1>hello, ${req.params.name}!</h1>`;
        },
      });
      result = yield httpLoad(server.port);
      yield* server.close(0);
    });
    return result;
  },
  async 'http/async-await'() {
    const http = await import('node:http');
    const server = http.createServer(async (req, res) => {
      const m = /^\/hello\/([^/]+)$/.exec(req.url);
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      const body = `<h1>hello, ${decodeURIComponent(m[1])}!</h1>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const result = await httpLoad(server.address().port);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    return result;
  },
  // µs per resume at delegation depth D: one task suspended D levels deep, doing sleep(0) steps.
  async 'resume-depth-1/yieldfrom'() {
    return depthCell(1);
  },
  async 'resume-depth-1000/yieldfrom'() {
    return depthCell(1000);
  },
};

async function httpLoad(port) {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const get = () =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      http
        .get({ host: '127.0.0.1', port, path: '/hello/bench', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(performance.now() - t0));
        })
        .on('error', reject);
    });
  const total = 10_000;
  const runs = [];
  const p99s = [];
  for (let rep = 0; rep < 4; rep++) {
    const lat = [];
    let issued = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (issued < total) {
          issued++;
          lat.push(await get());
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    if (rep > 0) {
      runs.push(total / secs);
      p99s.push(lat[Math.floor(lat.length * 0.99)]);
    }
  }
  agent.destroy();
  return { unit: 'req/s', values: runs, extra: { p99ms: median(p99s) } };
}

async function depthCell(depth) {
  const STEPS = 200_000;
  const ms = await timeIt(() => {
    runSync(function* () {
      function* leaf() {
        for (let i = 0; i < STEPS; i++) yield sleep(0);
      }
      function* level(n) {
        return n === 0 ? yield leaf() : yield level(n - 1);
      }
      yield level(depth - 1);
    });
  });
  return { unit: 'ns/resume', values: ms.map((m) => (m * 1e6) / STEPS) };
}

const cell = cells[name];
if (!cell) {
  console.error(`unknown cell ${name}; cells: ${Object.keys(cells).join(', ')}`);
  process.exit(2);
}
const r = await cell();
console.log(JSON.stringify({ name, unit: r.unit, median: median(r.values), runs: r.values, ...(r.extra ?? {}) }));
