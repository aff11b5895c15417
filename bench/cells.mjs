// bench/cells.mjs: kernel cells outside the peer table, one per process:
// `node bench/cells.mjs NAME` (pingpong-traced/yieldfrom, http/yieldfrom, http/async-await).
// Prints one JSON line: { name, unit, median, runs }. Measures the built package (dist/).
import { EventLoop, sleep, spawn, Tracer } from '../dist/index.js';
import { timeRuns } from './timing.mjs';

const name = process.argv[2];
const REPS = Number(process.env.BENCH_REPS ?? 7);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// One warm-up run, then REPS timed runs.
const timeIt = (fn, reps = REPS) => timeRuns(fn, { runs: reps, warmup: 1 });

const N_TRACED = 100_000;

function* player(n) {
  for (let i = 0; i < n; i++) yield* sleep(0);
}
function* tracedMain(n) {
  const a = yield* spawn(player, n);
  const b = yield* spawn(player, n);
  yield* a;
  yield* b;
}

const cells = {
  // Two tasks alternating on sleep(0), with a Tracer recording every event: the cost of tracing
  // (explore() traces every run).
  async 'pingpong-traced/yieldfrom'() {
    const n = N_TRACED;
    const ms = await timeIt(() => {
      const loop = new EventLoop({ trace: new Tracer() });
      loop.runUntilComplete(tracedMain(n));
      loop.close();
    });
    return { unit: 'ns/turn', values: ms.map((m) => (m * 1e6) / (2 * n)) };
  },
  // HTTP: the /hello/{name} handler, yieldfrom's serve() against async/await on plain
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

const cell = cells[name];
if (!cell) {
  console.error(`unknown cell ${name}; cells: ${Object.keys(cells).join(', ')}`);
  process.exit(2);
}
const r = await cell();
console.log(JSON.stringify({ name, unit: r.unit, median: median(r.values), runs: r.values, ...(r.extra ?? {}) }));
