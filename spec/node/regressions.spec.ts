// Regressions found by review of yieldfrom/node: each failed (or crashed the process) before its fix.
import * as net from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CancelledError, getRunningLoop, QueueFull, run, sleep } from '../../lib/index.js';
import { openConnection, serve, startServer, ThreadPoolExecutor, workerFunction } from '../../lib/node/index.js';
import { ROOT } from '../helpers.js';

/** Sends raw bytes; returns the whole response text ('' if the server closed first). */
function* raw(port: number, data: string): Generator<unknown, string, any> {
  const loop = getRunningLoop();
  const sock = net.connect(port, '127.0.0.1');
  const reply = loop.createFuture<string>();
  let got = '';
  sock.on('data', (d) => (got += d.toString()));
  sock.on('close', () => void (reply.done() || reply.setResult(got)));
  sock.on('error', () => void (reply.done() || reply.setResult(got)));
  sock.write(data);
  const timer = setTimeout(() => sock.destroy(), 3000);
  const r = (yield reply) as string;
  clearTimeout(timer);
  sock.destroy();
  return r;
}

describe('serve() regressions', () => {
  it('answers 400, without crashing, to malformed percent-encoding and unparsable targets', async () => {
    const out = await run(function* () {
      const server = yield* serve({ 'GET /hello/{name}': function* (req) { return `hi ${req.params.name}`; } });
      const a = yield* raw(server.port, 'GET /hello/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const b = yield* raw(server.port, 'GET http://[/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      yield* server.close();
      return [a.split('\r\n')[0], b.split('\r\n')[0]];
    });
    expect(out).toEqual(['HTTP/1.1 400 Bad Request', 'HTTP/1.1 400 Bad Request']);
  });

  it("answers 500 when a handler's own coroutine raises CancelledError", async () => {
    const status = await run(function* () {
      const server = yield* serve({ 'GET /cancel': function* () { throw new CancelledError('inner'); } }, { requestTimeout: 2 });
      const res = (yield fetch(`${server.url}/cancel`)) as Response;
      yield res.text();
      yield* server.close();
      return res.status;
    });
    expect(status).toBe(500);
  });

  it("lets the handler's headers replace the defaults whatever their case, matches non-ASCII routes, keeps //paths", async () => {
    const out = await run(function* () {
      const server = yield* serve({
        'GET /x': function* () { return { body: '<x/>', headers: { 'Content-Type': 'application/xml' } }; },
        'GET /café': function* () { return 'coffee'; },
        'GET /bar': function* () { return 'bar'; },
      });
      const x = yield* raw(server.port, 'GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const cafe = (yield fetch(`${server.url}/café`)) as Response;
      const slashes = yield* raw(server.port, 'GET //foo/bar HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const cafeText = (yield cafe.text()) as string;
      yield* server.close();
      return { contentTypes: x.split('\r\n').filter((l) => /^content-type:/i.test(l)), cafe: cafeText, slashes: slashes.split('\r\n')[0] };
    });
    expect(out).toEqual({ contentTypes: ['content-type: application/xml'], cafe: 'coffee', slashes: 'HTTP/1.1 404 Not Found' });
  });
});

describe('streams regressions', () => {
  it('readExactly(n) past twice the buffer limit completes', async () => {
    const n = await run(function* () {
      const server = yield* startServer(function* (_r, w) {
        w.write(Buffer.alloc(300_000, 7));
        yield* w.drain();
        w.close();
      });
      const [r, w] = yield* openConnection('127.0.0.1', server.port);
      const data = yield* r.readExactly(300_000);
      w.close();
      server.close();
      return data.length;
    });
    expect(n).toBe(300_000);
  });

  it('a connection reset is an error for reads, not a quiet end of stream', async () => {
    const err = await run(function* () {
      const server = yield* startServer(function* (_r, w) {
        w.write('partial');
        yield* sleep(0.05);
        (w as unknown as { close(): void }).close();
      });
      void server;
      const srv2 = net.createServer((sock) => {
        sock.write('partial');
        setTimeout(() => sock.resetAndDestroy(), 50);
      });
      yield new Promise<void>((r) => srv2.listen(0, '127.0.0.1', () => r()));
      const [r] = yield* openConnection('127.0.0.1', (srv2.address() as net.AddressInfo).port);
      yield* sleep(0.2);
      try {
        yield* r.readLine();
        return 'no error';
      } catch (e) {
        return (e as NodeJS.ErrnoException).code ?? String(e);
      } finally {
        srv2.close();
        server.close();
      }
    });
    expect(err).toBe('ECONNRESET');
  });
});

describe('executor regressions', () => {
  it('maxQueue 0 means no waiting job: a submit while every worker is busy raises QueueFull', async () => {
    const work = pathToFileURL(join(ROOT, 'spec', 'fixtures', 'work.mjs'));
    const pool = new ThreadPoolExecutor({ maxWorkers: 1, maxQueue: 0 });
    const out = await run(function* () {
      const loop = getRunningLoop();
      const sleepy = workerFunction(work, 'sleepFor');
      const fs = [0, 1, 2, 3].map(() => loop.runInExecutor(pool, sleepy, 0.05));
      const results: string[] = [];
      for (const f of fs) {
        try {
          results.push(String(yield f));
        } catch (e) {
          results.push(e instanceof QueueFull ? 'QueueFull' : String(e));
        }
      }
      return results;
    });
    await pool.shutdown();
    expect(out).toEqual(['woke', 'QueueFull', 'QueueFull', 'QueueFull']);
  });
});

describe('serve() method and close', () => {
  it('answers 405 with Allow to a known path with another method; a second close() waits for the first', async () => {
    const out = await run(function* () {
      const server = yield* serve({
        'GET /item': function* () { return 'item'; },
        'GET /slow': function* () {
          yield* sleep(0.3);
          return 'slow';
        },
      });
      const res = (yield fetch(`${server.url}/item`, { method: 'POST', body: 'x' })) as Response;
      yield res.text();
      const slow = getRunningLoop().createTask(function* () {
        const r = (yield fetch(`${server.url}/slow`)) as Response;
        return (yield r.text()) as string;
      });
      for (let i = 0; i < 100 && server.inflight === 0; i++) yield* sleep(0.01);
      const first = getRunningLoop().createTask(server.close(5));
      yield* sleep(0.01);
      yield* server.close(5); // returns only once the first close is done
      return { status: res.status, allow: res.headers.get('allow'), firstDone: first.done(), slow: yield* slow };
    });
    expect(out).toEqual({ status: 405, allow: 'GET', firstDone: true, slow: 'slow' });
  });
});

describe('StreamReader limits', () => {
  it('reads many small chunks, and refuses a line over the limit even when its newline came with it', async () => {
    const out = await run(function* () {
      const server = yield* startServer(
        function* (_r, w) {
          for (let i = 0; i < 2000; i++) w.write('ab'); // many small writes
          w.write('\n');
          w.write(`${'x'.repeat(200)}\nshort\n`);
          yield* w.drain();
          w.close();
        },
        '127.0.0.1',
        0,
        { limit: 100 },
      );
      const [r, w] = yield* openConnection('127.0.0.1', server.port, { limit: 5000 });
      const first = yield* r.readLine();
      let refused = '';
      const [r2, w2] = yield* openConnection('127.0.0.1', server.port, { limit: 100 });
      try {
        yield* r2.readExactly(4001);
        yield* r2.readLine();
      } catch (e) {
        refused = (e as Error).name;
      }
      const after = yield* r2.readLine();
      w.close();
      w2.close();
      server.close();
      return [first.length, refused, after];
    });
    expect(out).toEqual([4001, 'ValueError', 'short\n']);
  });
});

describe('serve() routes, timeouts and close, second review', () => {
  it("reaches a 'HEAD /x' route listed after 'GET /x'; HEAD still falls back to GET where there is none", async () => {
    const out = await run(function* () {
      const server = yield* serve({
        'GET /x': function* () { return { body: 'get', headers: { 'x-by': 'get' } }; },
        'HEAD /x': function* () { return { body: '', headers: { 'x-by': 'head' } }; },
        'GET /y': function* () { return { body: 'y', headers: { 'x-by': 'get-y' } }; },
      });
      const x = (yield fetch(`${server.url}/x`, { method: 'HEAD' })) as Response;
      const y = (yield fetch(`${server.url}/y`, { method: 'HEAD' })) as Response;
      yield* server.close();
      return [x.status, x.headers.get('x-by'), y.status, y.headers.get('x-by')];
    });
    expect(out).toEqual([200, 'head', 200, 'get-y']);
  });

  it('answers 408 to a client whose headers do not arrive in time', async () => {
    const line = await run(function* () {
      const server = yield* serve({ 'GET /': function* () { return 'ok'; } }, { requestTimeout: 0.3 });
      const reply = yield* raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n'); // never finishes its headers
      yield* server.close();
      return reply.split('\r\n')[0];
    });
    expect(line).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('close() returns, and reports, when a handler swallows its cancellation', async () => {
    const reported: string[] = [];
    let release = false;
    const out = await run(function* () {
      getRunningLoop().setExceptionHandler((_loop, ctx) => reported.push(ctx.message));
      const server = yield* serve({
        'GET /stubborn': function* () {
          while (!release) {
            try {
              yield* sleep(0.02);
            } catch {
              // swallows CancelledError
            }
          }
          return 'late';
        },
      });
      const client = getRunningLoop().createTask(function* () {
        try {
          yield fetch(`${server.url}/stubborn`);
        } catch {
          // the server closes the connection
        }
      });
      for (let i = 0; i < 100 && server.inflight === 0; i++) yield* sleep(0.01);
      yield* server.close(0); // cancels at once, waits a second for the handler, then gives up
      const stillRunning = server.inflight;
      release = true;
      yield client;
      return stillRunning;
    });
    expect(out).toBe(1);
    expect(reported.some((m) => /HttpServer\.close\(\): 1 handler\(s\) still running after cancellation/.test(m))).toBe(true);
  });
});

describe('serve(), third review', () => {
  it('answers HEAD with the GET route even when a catch-all route comes after it', async () => {
    const out = await run(function* () {
      const server = yield* serve({
        'GET /x': function* () { return { body: 'get', headers: { 'x-by': 'get' } }; },
        '/x': function* () { return { status: 405, body: 'fallback', headers: { 'x-by': 'any' } }; },
      });
      const head = (yield fetch(`${server.url}/x`, { method: 'HEAD' })) as Response;
      const post = (yield fetch(`${server.url}/x`, { method: 'POST', body: 'b' })) as Response;
      yield post.text();
      yield* server.close();
      return [head.status, head.headers.get('x-by'), post.status, post.headers.get('x-by')];
    });
    expect(out).toEqual([200, 'get', 405, 'any']);
  });

  it('lets a handler destructure or spread the request (query, text and json are its own)', async () => {
    const out = await run(function* () {
      const server = yield* serve({
        'POST /j': function* ({ json, text, query }) {
          return { body: { got: json(), raw: text(), a: query.get('a') } };
        },
        'GET /keys': function* (req) {
          const copy = { ...req };
          return { body: { keys: Object.keys(copy).sort(), a: copy.query.get('a') } };
        },
      });
      const j = (yield fetch(`${server.url}/j?a=1`, { method: 'POST', body: '{"x":1}' })) as Response;
      const jBody = yield j.json();
      const k = (yield fetch(`${server.url}/keys?a=2`)) as Response;
      const kBody = yield k.json();
      yield* server.close();
      return [j.status, jBody, kBody];
    });
    expect(out).toEqual([
      200,
      { got: { x: 1 }, raw: '{"x":1}', a: '1' },
      { keys: ['body', 'headers', 'json', 'method', 'params', 'path', 'query', 'text'], a: '2' },
    ]);
  });
});
