// Servers, connections and executors belong to the loop they were opened on: the loop's shutdown
// closes them (asyncio.run's order: stop accepting, cancel the tasks, then close and shut down),
// and nothing touches the loop once it is closed. Each scenario runs in its own process, since
// what failed here was the process itself (a crash, or a socket that kept it alive).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const lib = pathToFileURL(join(ROOT, 'lib', 'index.ts')).href;
const node = pathToFileURL(join(ROOT, 'lib', 'node', 'index.ts')).href;
const work = pathToFileURL(join(ROOT, 'spec', 'fixtures', 'work.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'yf-life-'));

/** Runs `body` as an ES module under tsx; the process must end by itself within 20 s. */
function script(name: string, body: string): { status: number | null; out: Record<string, unknown>; stderr: string } {
  const file = join(dir, `${name}.mts`);
  writeFileSync(
    file,
    `import * as yf from ${JSON.stringify(lib)};\nimport * as yn from ${JSON.stringify(node)};\nimport * as net from 'node:net';\nconst WORK = ${JSON.stringify(work)};\nconst out: Record<string, unknown> = {};\n` +
      `/** The first line of the reply to raw bytes sent on a new connection: '' if it closed without one, or the connect error's code. */\n` +
      `function rawLine(port: number, data: string): Promise<string> {\n` +
      `  return new Promise((resolve) => { const s = net.connect(port, '127.0.0.1'); let got = ''; s.on('data', (d) => (got += d)); s.on('error', (e: any) => resolve(got.split('\\r\\n')[0] || e.code)); s.on('close', () => resolve(got.split('\\r\\n')[0] ?? '')); s.write(data); });\n` +
      `}\n` +
      `${body}\nconsole.log(JSON.stringify(out));\n`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let out: Record<string, unknown> = {};
  try {
    out = JSON.parse(last) as Record<string, unknown>;
  } catch {
    out = { unparsable: r.stdout };
  }
  return { status: r.status, out, stderr: r.stderr };
}

describe('a loop owns its servers, connections and executors', () => {
  it('serve(): when main fails, run() closes the server; a later request is refused, the process does not crash and exits by itself', () => {
    const r = script(
      'serve-main-fails',
      `let port = 0;
      try {
        await yf.run(function* () {
          const server = yield* yn.serve({ 'GET /': function* () { return 'ok'; } });
          port = server.port;
          throw new Error('main failed');
        });
      } catch (e) { out.run = (e as Error).message; }
      out.after = await rawLine(port, 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n');`,
    );
    expect(r.stderr).not.toMatch(/event loop is closed/);
    expect(r.status).toBe(0);
    expect(r.out).toEqual({ run: 'main failed', after: 'ECONNREFUSED' });
  });

  it('startServer() and openConnection(): when main fails, the server stops listening and open connections are closed', () => {
    const r = script(
      'streams-main-fails',
      `let port = 0;
      let peerClosed: Promise<string> | null = null;
      try {
        await yf.run(function* () {
          // A plain node:net server sees whether the loop closed the client connection it opened.
          const peer = net.createServer((sock) => { peerClosed = new Promise((res) => sock.on('close', () => res('closed'))); sock.resume(); });
          yield new Promise<void>((res) => peer.listen(0, '127.0.0.1', () => res()));
          const server = yield* yn.startServer(function* (r, w) { w.write(yield* r.readLine()); yield* w.drain(); });
          port = server.port;
          yield* yn.openConnection('127.0.0.1', (peer.address() as net.AddressInfo).port);
          yield* yf.sleep(0.05);
          peer.close();
          throw new Error('main failed');
        });
      } catch (e) { out.run = (e as Error).message; }
      out.peer = await Promise.race([peerClosed, new Promise((res) => setTimeout(() => res('still open'), 2000).unref())]);
      out.after = await rawLine(port, 'hello\\n');`,
    );
    expect(r.stderr).not.toMatch(/event loop is closed/);
    expect(r.status).toBe(0);
    expect(r.out).toEqual({ run: 'main failed', peer: 'closed', after: 'ECONNREFUSED' });
  });

  it('a request in flight when main fails gets 503 (its handler is cancelled and its finally runs); one that arrives during shutdown gets 503; a new connection is refused', () => {
    const r = script(
      'request-during-shutdown',
      `let port = 0;
      let late: Promise<string> | null = null;
      const t0 = Date.now();
      try {
        await yf.run(function* () {
          const server = yield* yn.serve({
            'GET /slow': function* () { try { yield* yf.sleep(10); return 'late'; } finally { out.handlerFinally = true; } },
            'GET /': function* () { return 'ok'; },
          });
          port = server.port;
          // Holds the shutdown open for 0.5 s after its cancellation, so a request can arrive meanwhile.
          yield* yf.spawn(function* () {
            try { yield* yf.sleep(60); } catch { const until = Date.now() + 500; while (Date.now() < until) yield* yf.sleep(0.02); }
          });
          const inflight = rawLine(port, 'GET /slow HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n');
          while (server.inflight === 0) yield* yf.sleep(0.01);
          out.inflightPromise = true;
          (globalThis as any).inflight = inflight;
          // A request whose headers began before the shutdown and end during it (its connection is not idle).
          const sock = net.connect(port, '127.0.0.1');
          late = new Promise((res) => { let got = ''; sock.on('data', (d) => (got += d)); sock.on('error', (e: any) => res(got.split('\\r\\n')[0] || e.code)); sock.on('close', () => res(got.split('\\r\\n')[0] ?? '')); });
          sock.write('GET / HTTP/1.1\\r\\n');
          yield* yf.sleep(0.05);
          setTimeout(() => sock.write('Host: x\\r\\n\\r\\n'), 100);
          throw new Error('main failed');
        });
      } catch (e) { out.run = (e as Error).message; }
      out.seconds = Math.round((Date.now() - t0) / 100) / 10;
      out.inflight = await (globalThis as any).inflight;
      out.late = await late;
      out.fresh = await rawLine(port, 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n');`,
    );
    expect(r.stderr).not.toMatch(/event loop is closed|HTTP handler .* failed/);
    expect(r.status).toBe(0);
    expect(r.out.run).toBe('main failed');
    expect(r.out.handlerFinally).toBe(true);
    expect(r.out.inflight).toBe('HTTP/1.1 503 Service Unavailable');
    expect(r.out.late).toBe('HTTP/1.1 503 Service Unavailable');
    expect(r.out.fresh).toBe('ECONNREFUSED');
    expect(r.out.seconds).toBeLessThan(3);
  });

  it('a pool made inside the loop is shut down by its shutdown, after the tasks: a finally block can still use it', () => {
    const r = script(
      'executor-owned',
      `let pool: yn.ThreadPoolExecutor | null = null;
      try {
        await yf.run(function* () {
          pool = new yn.ThreadPoolExecutor({ maxWorkers: 1 });
          const p = pool;
          yield* yf.spawn(function* () {
            try { yield* yf.sleep(60); } finally { out.inFinally = yield yf.getRunningLoop().runInExecutor(p, yn.workerFunction(WORK, 'add'), 20, 22); }
          });
          yield* yf.sleep(0.01);
          throw new Error('main failed');
        });
      } catch (e) { out.run = (e as Error).message; }
      try { await pool!.submit(yn.workerFunction(WORK, 'add'), [1, 2], new AbortController().signal); out.after = 'ran'; } catch (e) { out.after = (e as Error).message; }`,
    );
    expect(r.status).toBe(0);
    expect(r.out).toEqual({ run: 'main failed', inFinally: 42, after: 'ThreadPoolExecutor.submit(): the executor is shut down' });
  });

  it('work that settles after the loop closed (nobody awaited it) does not crash the process', () => {
    const r = script(
      'settle-after-close',
      `const pool = new yn.ThreadPoolExecutor({ maxWorkers: 1 });
      await yf.run(function* () {
        yf.getRunningLoop().runInExecutor(pool, yn.workerFunction(WORK, 'sleepFor'), 0.2);
        yf.getRunningLoop().runInExecutor(pool, yn.workerFunction(WORK, 'boom'), 'late failure');
      });
      await new Promise((res) => setTimeout(res, 600));
      await pool.shutdown();
      out.done = true;`,
    );
    expect(r.stderr).not.toMatch(/event loop is closed/);
    expect(r.status).toBe(0);
    expect(r.out).toEqual({ done: true });
  });
});
