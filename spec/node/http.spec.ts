// The HTTP helper on real loopback sockets (lib/node/http.ts). Every load loop is bounded.
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes as demoRoutes } from '../../demos/server.js';
import { gather, getRunningLoop, run, sleep } from '../../lib/index.js';
import { html, serve } from '../../lib/node/index.js';
import { ROOT } from '../helpers.js';

function* fetchText(url: string, init?: RequestInit): Generator<unknown, { status: number; text: string }, any> {
  const res = (yield fetch(url, init)) as Response;
  return { status: res.status, text: (yield res.text()) as string };
}

/** Sends raw bytes, returns the first line of the response (or '' if the server closed first), or with `body` its body. */
function* raw(port: number, data: string, gapMs = 0, body = false): Generator<unknown, string, any> {
  const loop = getRunningLoop();
  const sock = net.connect(port, '127.0.0.1');
  const reply = loop.createFuture<string>();
  let got = '';
  sock.on('data', (d) => (got += d.toString()));
  sock.on('close', () => void (reply.done() || reply.setResult(body ? got.slice(got.indexOf('\r\n\r\n') + 4) : (got.split('\r\n')[0] ?? ''))));
  sock.on('error', () => void (reply.done() || reply.setResult(got.split('\r\n')[0] ?? '')));
  if (gapMs === 0) sock.write(data);
  else
    for (const ch of data) {
      if (sock.destroyed) break;
      sock.write(ch);
      yield* sleep(gapMs / 1000);
    }
  const r = (yield reply) as string;
  sock.destroy();
  return r;
}

const seedRoutes = {
  'GET /': function* () {
    yield* sleep(0.05);
    return '<h1>Index</h1>';
  },
  'GET /hello/{name}': function* (req: { params: Record<string, string> }) {
    yield* sleep(0.05);
    return `<h1>hello, ${req.params.name}!</h1>`;
  },
};

describe('serve()', () => {
  it("answers the seed's routes to concurrent clients, on 127.0.0.1 by default", async () => {
    const out = await run(function* () {
      const server = yield* serve(seedRoutes);
      const t0 = getRunningLoop().time();
      const results = yield* gather(...Array.from({ length: 20 }, (_, i) => fetchText(`${server.url}/hello/client${i}`)), fetchText(`${server.url}/`), fetchText(`${server.url}/nope`));
      const elapsed = getRunningLoop().time() - t0;
      yield* server.close();
      return { url: server.url, results, elapsed };
    });
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out.results[3]).toEqual({ status: 200, text: '<h1>hello, client3!</h1>' });
    expect(out.results[20]).toEqual({ status: 200, text: '<h1>Index</h1>' });
    expect(out.results[21]!.status).toBe(404);
    expect(out.elapsed).toBeLessThan(1); // 22 requests of 50 ms each, handled concurrently
  });

  it("cancels the handler when the client disconnects, running the handler's finally", async () => {
    const log: string[] = [];
    await run(function* () {
      const server = yield* serve({
        'GET /slow': function* () {
          try {
            yield* sleep(10);
            return 'late';
          } finally {
            log.push('handler finally');
          }
        },
      });
      const ac = new AbortController();
      const req = fetch(`${server.url}/slow`, { signal: ac.signal }).catch(() => 'aborted');
      yield* sleep(0.1);
      ac.abort();
      log.push(String(yield req));
      for (let i = 0; i < 50 && server.inflight > 0; i++) yield* sleep(0.01);
      yield* server.close();
    });
    expect(log.sort()).toEqual(['aborted', 'handler finally']);
  });

  it('answers 413 to a body over the limit, 400 to a malformed request, 504 past the timeout', async () => {
    const out = await run(function* () {
      const server = yield* serve(
        {
          'POST /echo': function* (req) {
            return req.text();
          },
          'GET /stuck': function* () {
            yield* sleep(30);
            return 'never';
          },
        },
        { maxBodyBytes: 1000, requestTimeout: 0.3 },
      );
      const ok = yield* fetchText(`${server.url}/echo`, { method: 'POST', body: 'x'.repeat(1000) });
      const big = yield* fetchText(`${server.url}/echo`, { method: 'POST', body: 'x'.repeat(1001) });
      // A chunked body (no Content-Length) over the limit is refused too.
      const chunked = yield* raw(server.port, `POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n${'y'.repeat(2000)}\r\n0\r\n\r\n`);
      const malformed = yield* raw(server.port, 'THIS IS NOT HTTP\r\n\r\n');
      const stuck = yield* fetchText(`${server.url}/stuck`);
      yield* server.close();
      return { ok: ok.status, big: big.status, chunked, malformed, stuck: stuck.status };
    });
    expect(out).toEqual({ ok: 200, big: 413, chunked: 'HTTP/1.1 413 Payload Too Large', malformed: 'HTTP/1.1 400 Bad Request', stuck: 504 });
  });

  it('reads a body whether declared or chunked (a GET too), gives a bodiless request an empty one, and parses the query on demand', async () => {
    const out = await run(function* () {
      const server = yield* serve({
        'GET /q': function* (req) {
          return { body: { a: req.query.get('a'), all: req.query.getAll('b'), n: req.body.length, text: req.text() } };
        },
        'POST /echo/{id}': function* (req) {
          return { body: { id: req.params.id, json: req.json(), path: req.path, method: req.method } };
        },
        'GET /body': function* (req) {
          return `got ${req.text()}`;
        },
      });
      const q = yield* fetchText(`${server.url}/q?a=1&b=x&b=y%20z`);
      const bare = yield* fetchText(`${server.url}/q`);
      const declared = yield* fetchText(`${server.url}/echo/7`, { method: 'POST', body: JSON.stringify({ k: [1, 2] }) });
      // Chunked (no Content-Length), in several chunks.
      const chunked = yield* raw(server.port, `POST /echo/c%20d HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\n{"k"\r\n3\r\n:"v\r\n2\r\n"}\r\n0\r\n\r\n`, 0, true);
      const getBody = yield* raw(server.port, 'GET /body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello', 0, true);
      yield* server.close();
      return { q: JSON.parse(q.text), bare: JSON.parse(bare.text), declared: JSON.parse(declared.text), chunked: JSON.parse(chunked), getBody };
    });
    expect(out.q).toEqual({ a: '1', all: ['x', 'y z'], n: 0, text: '' });
    expect(out.bare).toEqual({ a: null, all: [], n: 0, text: '' });
    expect(out.declared).toEqual({ id: '7', json: { k: [1, 2] }, path: '/echo/7', method: 'POST' });
    expect(out.chunked).toEqual({ id: 'c d', json: { k: 'v' }, path: '/echo/c%20d', method: 'POST' });
    expect(out.getBody).toBe('got hello');
  });

  it('keeps serving others while a slowloris client sends headers one byte at a time, with bounded memory', async () => {
    const out = await run(function* () {
      const server = yield* serve(seedRoutes, { requestTimeout: 1 });
      const before = process.memoryUsage().heapUsed;
      const slow = getRunningLoop().createTask(raw(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(200)}\r\n\r\n`, 10));
      let served = 0;
      for (let round = 0; round < 10; round++) {
        const rs = yield* gather(...Array.from({ length: 5 }, () => fetchText(`${server.url}/hello/x`)));
        served += rs.filter((r) => r.status === 200).length;
      }
      const slowFirstLine = yield slow; // the server gives up on it (header timeout)
      const grown = process.memoryUsage().heapUsed - before;
      yield* server.close(0.1);
      return { served, slowFirstLine, grown };
    });
    expect(out.served).toBe(50);
    expect(out.slowFirstLine === '' || out.slowFirstLine.startsWith('HTTP/1.1 4')).toBe(true);
    expect(out.grown).toBeLessThan(50 * 1024 * 1024);
  });

  it('close() stops accepting, waits for requests in flight up to the grace period, then cancels them', async () => {
    const log: string[] = [];
    await run(function* () {
      const server = yield* serve({
        'GET /quick': function* () {
          yield* sleep(0.1);
          return 'done';
        },
        'GET /forever': function* () {
          try {
            yield* sleep(60);
          } finally {
            log.push('forever cancelled');
          }
          return 'no';
        },
      });
      const quick = getRunningLoop().createTask(fetchText(`${server.url}/quick`));
      const forever = fetch(`${server.url}/forever`).then(
        (r) => `status ${r.status}`,
        () => 'connection closed',
      );
      for (let i = 0; i < 100 && server.inflight < 2; i++) yield* sleep(0.01); // both requests in flight
      const t0 = getRunningLoop().time();
      yield* server.close(0.3);
      log.push(`closed after ${(getRunningLoop().time() - t0).toFixed(1)}s`);
      log.push(`quick: ${(yield* quick).text}`);
      log.push(`forever: ${String(yield forever)}`);
    });
    expect(log[0]).toBe('forever cancelled');
    expect(log[1]).toMatch(/^closed after 0\.[34]s$/);
    expect(log.slice(2)).toEqual(['quick: done', 'forever: connection closed']);
  });

  it('a second close() that is cancelled cancels only its own wait: the first close() finishes cleanly', async () => {
    const out = await run(function* () {
      const server = yield* serve({
        'GET /slow': function* () {
          yield* sleep(0.2);
          return 'done';
        },
      });
      const slow = getRunningLoop().createTask(fetchText(`${server.url}/slow`));
      for (let i = 0; i < 100 && server.inflight < 1; i++) yield* sleep(0.01);
      const first = getRunningLoop().createTask(server.close(1));
      yield* sleep(0.01);
      const second = getRunningLoop().createTask(server.close(1));
      yield* sleep(0.01);
      second.cancel();
      yield* first; // before the fix: InvalidStateError, setting the result of the cancelled shared future
      yield* server.close(); // a third waits for nothing: the server is closed
      return { slow: (yield* slow).text, second: second.cancelled() };
    });
    expect(out).toEqual({ slow: 'done', second: true });
  });
});

/** Sends raw bytes on a new connection; the whole response ('' if the server closed first). */
function* rawAll(port: number, data: string): Generator<unknown, string, any> {
  const loop = getRunningLoop();
  const sock = net.connect(port, '127.0.0.1');
  const reply = loop.createFuture<string>();
  const got: Buffer[] = [];
  sock.on('data', (d: Buffer) => got.push(d));
  sock.on('close', () => void (reply.done() || reply.setResult(Buffer.concat(got).toString('utf8'))));
  sock.on('error', () => void (reply.done() || reply.setResult(Buffer.concat(got).toString('utf8'))));
  sock.write(data);
  const timer = setTimeout(() => sock.destroy(), 5000);
  const r = (yield reply) as string;
  clearTimeout(timer);
  sock.destroy();
  return r;
}

/** The status line and the headers (lower-cased names) of a raw response. */
function head(response: string): { status: string; headers: Record<string, string> } {
  const [status = '', ...lines] = response.slice(0, response.indexOf('\r\n\r\n')).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
  return { status, headers };
}

describe('serve(): safe defaults', () => {
  it('sends a string as text/plain, even one that starts with <: an echo is never a page', async () => {
    const out = await run(function* () {
      const server = yield* serve({ 'POST /echo': function* (req) { return req.text(); }, 'GET /hi/{name}': function* (req) { return `<h1>${req.params.name}</h1>`; } });
      const a = (yield fetch(`${server.url}/echo`, { method: 'POST', body: '<script>alert(1)</script>' })) as Response;
      const b = (yield fetch(`${server.url}/hi/%3Cscript%3E`)) as Response;
      const r = [a.headers.get('content-type'), (yield a.text()) as string, b.headers.get('content-type'), (yield b.text()) as string];
      yield* server.close();
      return r;
    });
    expect(out).toEqual(['text/plain; charset=utf-8', '<script>alert(1)</script>', 'text/plain; charset=utf-8', '<h1><script></h1>']);
  });

  it('sends html`` as text/html with its values escaped, alone or as a body, and keeps an explicit content type', async () => {
    const out = await run(function* () {
      const server = yield* serve({
        'GET /hello/{name}': function* (req) { return html`<h1>hello, ${req.params.name}!</h1>`; },
        'GET /created': function* () { return { status: 201, body: html`<p>${'a&b'}</p>` }; },
        'GET /svg': function* () { return { body: '<svg/>', contentType: 'image/svg+xml' }; },
      });
      const r: unknown[] = [];
      for (const path of ['/hello/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', '/created', '/svg']) {
        const res = (yield fetch(server.url + path)) as Response;
        r.push([res.status, res.headers.get('content-type'), (yield res.text()) as string]);
      }
      yield* server.close();
      return r;
    });
    expect(out).toEqual([
      [200, 'text/html; charset=utf-8', '<h1>hello, &lt;img src=x onerror=alert(1)&gt;!</h1>'],
      [201, 'text/html; charset=utf-8', '<p>a&amp;b</p>'],
      [200, 'image/svg+xml', '<svg/>'],
    ]);
  });

  it('puts X-Content-Type-Options: nosniff on every response, errors and refusals included', async () => {
    const out = await run(function* () {
      const server = yield* serve(
        {
          'GET /ok': function* () { return 'ok'; },
          'GET /bytes': function* () { return new Uint8Array([1, 2]); },
          'GET /json': function* () { return { body: { a: 1 } }; },
          'GET /fail': function* () { throw new Error('handler bug'); },
          'GET /slow': function* () { yield* sleep(5); return 'late'; },
          'POST /up': function* () { return 'ok'; },
        },
        { requestTimeout: 0.3, maxBodyBytes: 10 },
      );
      getRunningLoop().setExceptionHandler(() => {}); // the failing handler is expected
      const requests = [
        'GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /bytes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'DELETE /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /fail HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\nConnection: close\r\n\r\n',
        'GET /%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'NOT HTTP\r\n\r\n',
      ];
      const replies = yield* gather(...requests.map((q) => rawAll(server.port, q)));
      yield* server.close();
      return replies.map((r) => { const h = head(r); return [h.status.split(' ')[1], h.headers['x-content-type-options']]; });
    });
    expect(out).toEqual([
      ['200', 'nosniff'], ['200', 'nosniff'], ['200', 'nosniff'], ['404', 'nosniff'], ['405', 'nosniff'],
      ['500', 'nosniff'], ['504', 'nosniff'], ['413', 'nosniff'], ['400', 'nosniff'], ['400', 'nosniff'],
    ]);
  });

  it("the README's and the demo's /hello/{name} escape the name", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const line = readme.split('\n').find((l) => l.includes("'GET /hello/{name}': function*") && l.includes('return'));
    expect(line).toMatch(/return html`<h1>hello, \$\{req\.params\.name\}!<\/h1>`/);
    const out = await run(function* () {
      const server = yield* serve(demoRoutes);
      const res = (yield fetch(`${server.url}/hello/%3Cimg%20src%3Dx%20onerror%3Dalert('x')%3E`)) as Response;
      const r = [res.headers.get('content-type'), (yield res.text()) as string];
      yield* server.close();
      return r;
    });
    expect(out).toEqual(['text/html; charset=utf-8', '<h1>hello, &lt;img src=x onerror=alert(&#39;x&#39;)&gt;!</h1>']);
  });
});

describe('serve(): route parameters', () => {
  /** The status and body of a raw GET of `target`. */
  function* get(port: number, target: string): Generator<unknown, string, any> {
    const r = yield* rawAll(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    return `${head(r).status.split(' ')[1]} ${r.slice(r.indexOf('\r\n\r\n') + 4)}`;
  }
  const routes = {
    'GET /files/{name}': function* (req: { params: Record<string, string> }) { return `name=${req.params.name}`; },
    'GET /static/{path...}': function* (req: { params: Record<string, string> }) { return `path=${req.params.path}`; },
    'GET /u/{user}/f/{rest...}': function* (req: { params: Record<string, string> }) { return `${req.params.user}:${req.params.rest}`; },
  };

  it('refuses (400) an encoded / or \\ and a dot segment in a {param}, and decodes the rest', async () => {
    const out = await run(function* () {
      const server = yield* serve(routes);
      const targets = ['/files/..%2F..%2Fetc%2Fpasswd', '/files/a%2fb', '/files/a%5Cb', '/files/..', '/files/.', '/files/%2e%2e', '/files/%2E', '/files/ok%20name', '/files/..a', '/files/caf%C3%A9'];
      const r: string[] = [];
      for (const t of targets) r.push(yield* get(server.port, t));
      yield* server.close();
      return r.map((x) => (x.startsWith('400') ? '400' : x));
    });
    expect(out).toEqual(['400', '400', '400', '400', '400', '400', '400', '200 name=ok name', '200 name=..a', '200 name=café']);
  });

  it('{path...} takes the rest of the path, normalized, and refuses (400) an escape above its root', async () => {
    const out = await run(function* () {
      const server = yield* serve(routes);
      const targets = [
        '/static/a/b/c.txt', '/static/a/./b/../c', '/static/a//b/', '/static/', '/static/caf%C3%A9/x%20y', '/static/%2e/a',
        '/static/..', '/static/../x', '/static/a/../../x', '/static/%2e%2e/x', '/static/a%2Fb', '/static/a/%2E%2E/%2e%2e/etc',
        '/u/ada/f/x/../y', '/u/..%2F/f/x',
      ];
      const r: string[] = [];
      for (const t of targets) r.push(yield* get(server.port, t));
      yield* server.close();
      return r.map((x) => (x.startsWith('400') ? '400' : x));
    });
    expect(out).toEqual([
      '200 path=a/b/c.txt', '200 path=a/c', '200 path=a/b', '200 path=', '200 path=café/x y', '200 path=a',
      '400', '400', '400', '400', '400', '400',
      '200 ada:y', '400',
    ]);
  });

  it('refuses a {name...} that is not the last part of its route', async () => {
    await run(function* () {
      expect(() => serve({ 'GET /a/{p...}/b': function* () { return ''; } }).next()).toThrow(/\{p\.\.\.\} must be the last part/);
      expect(() => serve({ 'GET /a/{p...}{q}': function* () { return ''; } }).next()).toThrow(/\{p\.\.\.\} must be the last part/);
    });
  });
});

describe('serve(): status lines', () => {
  it('answers "500 Internal Server Error" (not "500 OK") when node:http refuses a header or status the handler set, and logs which', async () => {
    const logged: string[] = [];
    const out = await run(function* () {
      getRunningLoop().setExceptionHandler((_l, ctx) => logged.push(`${ctx.message} | ${(ctx.exception as NodeJS.ErrnoException | undefined)?.code}`));
      const server = yield* serve({
        'GET /crlf': function* () { return { body: 'x', headers: { 'x-next': 'a\r\nSet-Cookie: evil=1' } }; },
        'GET /name': function* () { return { body: 'x', headers: { 'bad name': 'v' } }; },
        'GET /status': function* () { return { status: 42, body: 'x' }; },
        'GET /teapot': function* () { return { status: 418, body: 'short and stout' }; },
      });
      const r: string[] = [];
      for (const p of ['/crlf', '/name', '/status', '/teapot']) {
        const reply = yield* rawAll(server.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        r.push(head(reply).status);
        if (/set-cookie/i.test(reply.slice(0, reply.indexOf('\r\n\r\n')))) r.push('header injected!');
      }
      yield* server.close();
      return r;
    });
    expect(out).toEqual(['HTTP/1.1 500 Internal Server Error', 'HTTP/1.1 500 Internal Server Error', 'HTTP/1.1 500 Internal Server Error', "HTTP/1.1 418 I'm a Teapot"]);
    expect(logged).toEqual([
      'HTTP handler for GET /crlf: node:http refused the response header "x-next"; answered 500 instead | ERR_INVALID_CHAR',
      'HTTP handler for GET /name: node:http refused the response header "bad name"; answered 500 instead | ERR_INVALID_HTTP_TOKEN',
      'HTTP handler for GET /status: node:http refused the response status 42; answered 500 instead | ERR_HTTP_INVALID_STATUS_CODE',
    ]);
  });
});

describe('serve(): timeouts and memory', () => {
  /** Sends `head`, then `body` one byte every `gapMs`; the status line of the reply. */
  function* trickle(port: number, headText: string, body: string, gapMs: number): Generator<unknown, string, any> {
    const sock = net.connect(port, '127.0.0.1');
    const reply = getRunningLoop().createFuture<string>();
    let got = '';
    sock.on('data', (d) => (got += d.toString()));
    sock.on('close', () => void (reply.done() || reply.setResult(got.split('\r\n')[0] ?? '')));
    sock.on('error', () => void (reply.done() || reply.setResult(got.split('\r\n')[0] ?? '')));
    sock.write(headText);
    for (const ch of body) {
      if (sock.destroyed || reply.done()) break;
      sock.write(ch);
      yield* sleep(gapMs / 1000);
    }
    const r = (yield reply) as string;
    sock.destroy();
    return r;
  }

  it('answers 408 to a client that sends its body too slowly, and 504 to a handler that is too slow', async () => {
    const out = await run(function* () {
      const server = yield* serve(
        {
          'POST /up': function* (req) { return `got ${req.body.length}`; },
          'POST /slow': function* () { yield* sleep(5); return 'late'; },
        },
        { requestTimeout: 0.3 },
      );
      const declared = yield* trickle(server.port, 'POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n', 'a'.repeat(20), 60);
      const chunked = yield* trickle(server.port, 'POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', `14\r\n${'a'.repeat(20)}\r\n0\r\n\r\n`, 60);
      const slowHandler = yield* trickle(server.port, 'POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok', '', 0);
      yield* server.close();
      return [declared, chunked, slowHandler];
    });
    expect(out).toEqual(['HTTP/1.1 408 Request Timeout', 'HTTP/1.1 408 Request Timeout', 'HTTP/1.1 504 Gateway Timeout']);
  });

  it('answers 503 past maxInflightBodyBytes (bodies received or held by a running handler, declared or chunked), and accepts again once they are done', async () => {
    const out = await run(function* () {
      const server = yield* serve(
        { 'POST /hold': function* (req) { yield* sleep(0.4); return `held ${req.body.length}`; } },
        { maxBodyBytes: 800, maxInflightBodyBytes: 1000 },
      );
      const post = (n: number) => fetchText(`${server.url}/hold`, { method: 'POST', body: 'x'.repeat(n) });
      const first = getRunningLoop().createTask(post(600));
      for (let i = 0; i < 100 && server.inflight === 0; i++) yield* sleep(0.01);
      yield* sleep(0.05); // its body is read, its handler holds it
      const declared = yield* post(600);
      const chunked = yield* rawAll(server.port, `POST /hold HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n258\r\n${'y'.repeat(600)}\r\n0\r\n\r\n`);
      const small = getRunningLoop().createTask(post(300)); // fits beside the first
      const a = yield* first;
      const b = yield* small;
      const again = yield* post(600);
      yield* server.close();
      return [a, declared.status, head(chunked).status, b, again];
    });
    expect(out).toEqual([{ status: 200, text: 'held 600' }, 503, 'HTTP/1.1 503 Service Unavailable', { status: 200, text: 'held 300' }, { status: 200, text: 'held 600' }]);
  });

  it('refuses a maxInflightBodyBytes below maxBodyBytes', async () => {
    await run(function* () {
      expect(() => serve({}, { maxBodyBytes: 100, maxInflightBodyBytes: 99 }).next()).toThrow(/serve\(maxInflightBodyBytes\): expected an integer of at least maxBodyBytes \(100\), got 99/);
    });
  });
});

describe('serve(): handler mistakes', () => {
  it("answers 400 with the parse error's message when req.json() meets a malformed body the handler does not catch", async () => {
    const logged: string[] = [];
    let parseMessage = '';
    try {
      JSON.parse('{"a": 1,');
    } catch (e) {
      parseMessage = (e as Error).message;
    }
    const out = await run(function* () {
      getRunningLoop().setExceptionHandler((_l, ctx) => logged.push(ctx.message));
      const server = yield* serve({
        'POST /j': function* (req) { return { body: { got: req.json() } }; },
        'POST /own': function* (req) {
          try {
            return { body: { got: req.json() } };
          } catch (e) {
            return { status: 422, body: `own answer: ${(e as Error).name}` };
          }
        },
      });
      const bad = yield* fetchText(`${server.url}/j`, { method: 'POST', body: '{"a": 1,' });
      const good = yield* fetchText(`${server.url}/j`, { method: 'POST', body: '{"a": 1}' });
      const own = yield* fetchText(`${server.url}/own`, { method: 'POST', body: 'nope' });
      yield* server.close();
      return [bad, good, own];
    });
    expect(out).toEqual([
      { status: 400, text: `Bad Request: the body is not valid JSON (${parseMessage})` },
      { status: 200, text: '{"got":{"a":1}}' },
      { status: 422, text: 'own answer: SyntaxError' },
    ]);
    expect(logged).toEqual([]);
  });

  it('refuses an async function (or async generator) as a handler when serve() is called, and names a handler that returns no generator', async () => {
    const logged: string[] = [];
    const out = await run(function* () {
      getRunningLoop().setExceptionHandler((_l, ctx) => logged.push(`${ctx.message}: ${(ctx.exception as Error).message}`));
      const errors: string[] = [];
      for (const h of [async () => 'x', async function* () { yield 1; }]) {
        try {
          yield* serve({ 'GET /a': h as never });
        } catch (e) {
          errors.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
      }
      const server = yield* serve({ 'GET /p': ((() => Promise.resolve('x')) as never) });
      const r = yield* fetchText(`${server.url}/p`);
      yield* server.close();
      return [errors, r.status];
    });
    expect(out).toEqual([
      [
        'TypeError: serve(): the handler of "GET /a" is an async function; handlers are generator functions (function* (req) { ... }) that wait with yield* (a Promise: `yield promise`)',
        'TypeError: serve(): the handler of "GET /a" is an async generator function; handlers are generator functions (function* (req) { ... }) that wait with yield* (a Promise: `yield promise`)',
      ],
      500,
    ]);
    expect(logged).toEqual(['HTTP handler for GET /p failed: serve(): the handler of GET /p returned a Promise, not a generator; handlers are generator functions (function*)']);
  });
});

describe('serve(): answers node:http would give without our headers (found by the fuzz spec)', () => {
  it('answers an HTTP/1.1 request without Host, an unknown Expect, and a body cut short with a 4xx carrying nosniff, logging none of them', async () => {
    const logged: string[] = [];
    const out = await run(function* () {
      getRunningLoop().setExceptionHandler((_l, ctx) => logged.push(ctx.message));
      const server = yield* serve({ '/echo': function* (req) { return req.text(); } });
      const noHost = yield* rawAll(server.port, 'GET /echo HTTP/1.1\r\nConnection: close\r\n\r\n');
      const expect417 = yield* rawAll(server.port, 'GET /echo HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nConnection: close\r\n\r\n');
      // The client ends its side 3 bytes into a 10-byte body.
      const cut = yield new Promise<string>((resolve) => {
        const sock = net.connect(server.port, '127.0.0.1');
        let got = '';
        sock.on('data', (d) => (got += d));
        sock.on('error', () => {});
        sock.on('close', () => resolve(got));
        sock.end('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
      });
      yield* server.close();
      return [noHost, expect417, cut as string].map((r) => { const h = head(r); return [h.status, h.headers['x-content-type-options']]; });
    });
    expect(out).toEqual([
      ['HTTP/1.1 400 Bad Request', 'nosniff'],
      ['HTTP/1.1 417 Expectation Failed', 'nosniff'],
      ['HTTP/1.1 400 Bad Request', 'nosniff'],
    ]);
    expect(logged).toEqual([]);
  });
});
