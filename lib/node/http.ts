/// <reference types="node" />
// http.ts (node): a small HTTP server on node:http whose route handlers are coroutines. Each
// request runs as a task on the loop; the task is cancelled when the client disconnects, and
// when the request's timeout passes (the client then gets 504, or 408 if its body was still
// arriving). Bodies over the limit get 413, bodies past the in-flight cap 503, malformed requests
// and unsafe route parameters 400. Safe defaults: strings are text/plain (HTML only through html``
// or an explicit type), and every response carries nosniff. close() stops accepting, then waits
// for requests in flight up to a grace period before cancelling them; a handler that ignores its
// cancellation cannot hang close(). The server belongs to its loop: the loop's shutdown closes it.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError } from '../errors.js';
import { Future } from '../future.js';
import { shield } from '../shield.js';
import type { EventLoop } from '../loop.js';
import type { LoopResource } from '../resource.js';
import { getRunningLoop } from '../running.js';
import type { Task } from '../task.js';
import { timeout as timeoutScope } from '../timeout.js';
import { Html } from './html.js';
import { listenOwned } from './listen.js';

/** What a handler gets. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /**
   * The route's parameters, decoded: `{ name: 'Ada' }` for `/hello/{name}` and `/hello/Ada`. A
   * `{name}` is one segment: an encoded `/` or `\`, or a `.`/`..` segment, is refused with 400.
   * A `{path...}` (last in its route) is the rest of the path, normalized (`a/./b/../c` → `a/c`,
   * no leading `/`); a `..` that would climb above it is refused with 400.
   */
  readonly params: Record<string, string>;
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  text(): string;
  /**
   * The body parsed as JSON. On a malformed body it throws JSON.parse's SyntaxError; if the
   * handler does not catch it, the client gets 400 with the parse error's message.
   */
  json(): unknown;
}

/**
 * What a handler returns: a body, or a response `{ status, headers, body, contentType }`. A string
 * is sent as `text/plain; charset=utf-8`, Html (the `html` template) as `text/html; charset=utf-8`,
 * bytes as `application/octet-stream`, and any other object as JSON, unless `contentType` (or a
 * `content-type` header) says otherwise.
 */
export type HttpResult = string | Uint8Array | Html | { status?: number; headers?: Record<string, string>; body?: string | Uint8Array | Html | object; contentType?: string };

/** A route handler: a coroutine. */
export type HttpHandler = (req: HttpRequest) => Generator<unknown, HttpResult, any>;

/** Options of serve(). */
export interface ServeOptions {
  /** Address to bind (default 127.0.0.1: loopback only). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /**
   * Seconds a request may take, body and handler included (default 30). Past it, a client still
   * sending its body gets 408; a handler still running is cancelled and the client gets 504.
   */
  requestTimeout?: number;
  /** Largest request body in bytes; larger gets 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Bytes of all request bodies held at once, being received or with their handler running; a
   * body that would go past it gets 503 (default 64 MiB, and at least maxBodyBytes).
   */
  maxInflightBodyBytes?: number;
}

interface Route {
  method: string | null;
  pattern: RegExp;
  names: string[];
  /** The index in `names` of the `{name...}` parameter (the last one), or -1. */
  rest: number;
  handler: HttpHandler;
}

function compile(spec: string, handler: HttpHandler): Route {
  const m = /^(?:([A-Z]+)\s+)?(\/\S*)$/.exec(spec);
  if (m === null) throw new TypeError(`serve(): a route is 'METHOD /path' or '/path', got ${JSON.stringify(spec)}`);
  checkHandler(spec, handler);
  const names: string[] = [];
  let rest = -1;
  // The path alternates literal parts and `{name}` / `{name...}` parameters. Literal parts are
  // matched in their percent-encoded form, as requests arrive (`/café` → `/caf%C3%A9`).
  const parts = m[2]!.split(/\{(\w+)(\.\.\.)?\}/);
  let source = '';
  for (let i = 0; i < parts.length; i += 3) {
    source += encodeURI(parts[i]!).replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    if (i + 1 >= parts.length) break;
    if (rest >= 0) throw new TypeError(`serve(): in ${JSON.stringify(spec)}, {${names[rest]}...} must be the last part of the route`);
    if (parts[i + 2] !== undefined) rest = names.length;
    names.push(parts[i + 1]!);
    // `{name}` is one segment; `{name...}` is the rest of the path, slashes included.
    source += parts[i + 2] !== undefined ? '(.*)' : '([^/]+)';
  }
  if (rest >= 0 && parts[parts.length - 1] !== '') throw new TypeError(`serve(): in ${JSON.stringify(spec)}, {${names[rest]}...} must be the last part of the route`);
  return { method: m[1] ?? null, pattern: new RegExp(`^${source}$`), names, rest, handler };
}

function checkHandler(spec: string, handler: HttpHandler): void {
  if (typeof handler !== 'function') throw new TypeError(`serve(): the handler of ${JSON.stringify(spec)} must be a generator function, got ${typeof handler}`);
  // Why refuse these here: their Promise would only fail at the first request, as "not iterable".
  const kind = Object.prototype.toString.call(handler);
  if (kind === '[object AsyncFunction]' || kind === '[object AsyncGeneratorFunction]') {
    throw new TypeError(`serve(): the handler of ${JSON.stringify(spec)} is an async ${kind === '[object AsyncFunction]' ? 'function' : 'generator function'}; handlers are generator functions (function* (req) { ... }) that wait with yield* (a Promise: \`yield promise\`)`);
  }
}

// An encoded '/' or '\' (or a raw '\') in a parameter would read as a path separator once decoded.
const SEPARATOR = /%2f|%5c|\\/i;

/** One segment, decoded; null for an encoded separator or a malformed escape. */
function decodeSegment(raw: string): string | null {
  if (SEPARATOR.test(raw)) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** A `{name}` parameter: one decoded segment; null (400) for an encoded separator, a dot segment or a bad escape. */
function segmentParam(raw: string): string | null {
  const v = decodeSegment(raw);
  return v === '.' || v === '..' ? null : v;
}

/**
 * A `{name...}` parameter: the decoded segments, normalized (empty and `.` segments dropped, `..`
 * removes the one before), joined with '/' and without a leading '/'. Null (400) for a `..` that
 * would go above the route's root, an encoded separator or a bad escape.
 */
function restParam(raw: string): string | null {
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    const v = decodeSegment(seg);
    if (v === null) return null;
    if (v === '' || v === '.') continue;
    if (v === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(v);
  }
  return out.join('/');
}

/**
 * A running HTTP server.
 * @example
 * const server = yield* serve(routes); console.log(server.url); yield* server.close(5);
 */
export class HttpServer implements LoopResource {
  readonly #server: http.Server;
  readonly #inflight = new Set<Task>();
  readonly #loop: EventLoop;
  #closing: Future<void> | null = null;
  /** @internal The loop is shutting down: new requests get 503, cancelled ones too. */
  _refusing = false;

  /** @internal */
  constructor(server: http.Server, loop: EventLoop) {
    this.#server = server;
    this.#loop = loop;
  }

  /** @internal The loop's shutdown began (before its tasks are cancelled): stop accepting. */
  _loopShutdown(): void {
    this._refusing = true;
    if (this.#server.listening) this.#server.close();
    this.#server.closeIdleConnections();
  }

  /** @internal The loop's tasks are done: drop every connection. */
  _loopClose(): void {
    this._refusing = true;
    if (this.#server.listening) this.#server.close();
    this.#server.closeAllConnections();
  }

  readonly #states = new Map<Task, RequestState>();
  /** @internal Bytes of the request bodies held now (see maxInflightBodyBytes), and the cap. */
  _bodyBytes = 0;
  /** @internal */ _maxBodyBytes = Infinity;

  /** @internal close() marks `state` cancelled by the server before it cancels the task. */
  _track(t: Task, state: RequestState): void {
    this.#inflight.add(t);
    this.#states.set(t, state);
    t.addDoneCallback(this.#untrack);
  }

  /** @internal Counts `n` more bytes of the body of `s`; false (nothing counted) past the cap. */
  _reserve(s: RequestState, n: number): boolean {
    if (this._bodyBytes + n > this._maxBodyBytes) return false;
    this._bodyBytes += n;
    s.bodyBytes += n;
    return true;
  }

  // One callback for every task (a done callback gets its future), not a closure per request.
  // A request's body bytes count until its task is done: its handler holds the body until then.
  readonly #untrack = (t: Future<unknown>): void => {
    this.#inflight.delete(t as Task);
    const s = this.#states.get(t as Task);
    if (s !== undefined) {
      this._bodyBytes -= s.bodyBytes;
      this.#states.delete(t as Task);
    }
  };

  #address: AddressInfo | null = null;

  /** @internal Called once listening. */
  _listening(): void {
    this.#address = this.#server.address() as AddressInfo;
  }

  /** The port it listens on. */
  get port(): number {
    return this.#address!.port;
  }

  /** `http://host:port`. */
  get url(): string {
    const a = this.#address!;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  }

  /** Requests being handled now. */
  get inflight(): number {
    return this.#inflight.size;
  }

  /**
   * Stops accepting connections, waits up to `grace` seconds for the requests in flight, then
   * cancels what is left and closes every connection. Cancelled handlers get `grace` seconds more
   * (at least one) to finish; a handler still running after that (one that swallowed its
   * cancellation) is reported to the loop's exception handler, and close() returns anyway. Such a
   * task still runs: `run()` waits for it at shutdown, as `asyncio.run` does.
   */
  *close(grace = 5): Generator<unknown, void, any> {
    // A second close() waits for the first to finish; shielded, so cancelling that wait does not
    // cancel the shared future the first close() settles.
    if (this.#closing !== null) return void (yield shield(this.#closing));
    this.#closing = new Future<void>(this.#loop);
    try {
      yield* this.#close(grace);
    } finally {
      this.#loop._removeResource(this);
      this.#closing.setResult(undefined);
    }
  }

  *#close(grace: number): Generator<unknown, void, any> {
    const closed = new Future<void>(this.#loop);
    this.#server.close(() => void (closed.done() || closed.setResult(undefined)));
    this.#server.closeIdleConnections();
    const deadline = this.#loop.time() + grace;
    while (this.#inflight.size > 0 && this.#loop.time() < deadline) yield* sleepBriefly();
    for (const t of this.#inflight) {
      const state = this.#states.get(t);
      if (state !== undefined) state.cancelledByServer = true;
      t.cancel();
    }
    // Cancelled handlers get as long again (at least a second) to run their finally blocks. One
    // that swallows its cancellation is reported and left running: close() does not hang on it.
    const cancelDeadline = this.#loop.time() + Math.max(grace, 1);
    while (this.#inflight.size > 0 && this.#loop.time() < cancelDeadline) yield* sleepBriefly();
    if (this.#inflight.size > 0) {
      const names = [...this.#inflight].map((t) => JSON.stringify(t.getName())).join(', ');
      this.#loop.callExceptionHandler({ message: `HttpServer.close(): ${this.#inflight.size} handler(s) still running after cancellation (${names}); closing their connections anyway` });
    }
    this.#server.closeAllConnections();
    yield closed;
  }
}

function* sleepBriefly(): Generator<unknown, void, any> {
  yield { type: 'sleep', seconds: 0.01 };
}

/**
 * Serves HTTP with coroutine handlers, on a real-clock loop.
 * @example
 * const server = yield* serve({
 *   'GET /': function* () { yield* sleep(0.5); return html`<h1>Index</h1>`; },
 *   'GET /hello/{name}': function* (req) { return html`<h1>hello, ${req.params.name}!</h1>`; }, // escaped
 *   'POST /echo': function* (req) { return req.text(); }, // text/plain, whatever it contains
 * });
 * console.log(`Server started at ${server.url}`);
 */
export function* serve(routes: Record<string, HttpHandler>, options: ServeOptions = {}): Generator<unknown, HttpServer, any> {
  const loop = getRunningLoop();
  if (loop.clock.kind !== 'real') throw new TypeError(`serve(): needs a real-clock loop (run(), or new EventLoop({ clock: 'real' })), this one is ${loop.clock.kind}`);
  const table = Object.entries(routes).map(([spec, h]) => compile(spec, h));
  const requestTimeout = options.requestTimeout ?? 30;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  if (!(requestTimeout > 0)) throw new TypeError(`serve(requestTimeout): expected a positive number of seconds, got ${String(requestTimeout)}`);
  if (!Number.isInteger(maxBody) || maxBody < 0) throw new TypeError(`serve(maxBodyBytes): expected a non-negative integer, got ${String(maxBody)}`);
  const maxInflight = options.maxInflightBodyBytes ?? Math.max(64 * 1024 * 1024, maxBody);
  if (!(Number.isInteger(maxInflight) || maxInflight === Infinity) || maxInflight < maxBody) {
    throw new TypeError(`serve(maxInflightBodyBytes): expected an integer of at least maxBodyBytes (${maxBody}), got ${String(maxInflight)}`);
  }

  // Why the checking interval: Node enforces header/request timeouts only when it checks its
  // connections (every 30 s by default), which would let a slowloris client hold a socket.
  const srv = http.createServer({
    requestTimeout: requestTimeout * 1000,
    headersTimeout: Math.min(requestTimeout, 60) * 1000,
    connectionsCheckingInterval: Math.max(50, Math.min(requestTimeout * 500, 1000)),
    // Node would answer these two itself, without our headers (nosniff): we answer them below.
    requireHostHeader: false,
  });
  const server = new HttpServer(srv, loop);
  server._maxBodyBytes = maxInflight;

  srv.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // The request never reached a handler: answer as Node itself would, if the socket can still take it.
    if (socket.writable) socket.end(`HTTP/1.1 ${clientErrorStatus(err.code)}\r\nConnection: close\r\nContent-Length: 0\r\nX-Content-Type-Options: nosniff\r\n\r\n`);
    else socket.destroy();
  });

  // An Expect other than 100-continue (which node answers with 100 and then 'request').
  srv.on('checkExpectation', (_req, res) => send(res, 417, 'Expectation Failed', true));

  srv.on('request', (req, res) => {
    // The loop is shutting down (or closed): no new task; the client may retry elsewhere.
    if (server._refusing || loop.isClosed()) return send(res, 503, 'Service Unavailable', true);
    // RFC 9112 3.2: an HTTP/1.1 request without Host gets 400.
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor === 1) return send(res, 400, 'Bad Request: no Host header', true);
    // The target is parsed by hand: new URL() would read `//host/path` as a host, and throws on
    // some targets. Anything unparsable is the client's error: 400, never an exception here.
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q < 0 ? target : target.slice(0, q);
    try {
      if (!pathname.startsWith('/')) throw new URIError(pathname);
      // Only a malformed %-escape makes decodeURI throw.
      if (pathname.includes('%')) decodeURI(pathname);
    } catch {
      return send(res, 400, 'Bad Request', true);
    }
    const method = req.method ?? 'GET';
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    const allowed: string[] = [];
    // The first route for this method (or any method) wins; HEAD falls back to the first GET route.
    let headViaGet: [Route, RegExpExecArray] | null = null;
    for (const r of table) {
      const m = r.pattern.exec(pathname);
      if (m === null) continue;
      if (r.method === method) {
        route = r;
        match = m;
        break;
      }
      if (r.method === null) {
        // A HEAD is answered as its GET would be, even when a catch-all comes after the GET route.
        [route, match] = headViaGet ?? [r, m];
        break;
      }
      if (r.method === 'GET' && method === 'HEAD') headViaGet ??= [r, m];
      else allowed.push(r.method);
    }
    if (route === undefined && headViaGet !== null) [route, match] = headViaGet;
    if (route === undefined) {
      if (allowed.length === 0) return send(res, 404, 'Not Found');
      res.setHeader('allow', [...new Set(allowed)].join(', '));
      return send(res, 405, 'Method Not Allowed');
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      send(res, 413, 'Payload Too Large', true);
      req.destroy();
      return;
    }
    const params: Record<string, string> = {};
    const names = route.names;
    for (let i = 0; i < names.length; i++) {
      const v = i === route.rest ? restParam(match![i + 1]!) : segmentParam(match![i + 1]!);
      if (v === null) return send(res, 400, 'Bad Request: a path parameter may not hold an encoded separator, a dot segment, or go above its root', true);
      params[names[i]!] = v;
    }
    const search = q < 0 ? '' : target.slice(q + 1);
    const state: RequestState = { req, res, route, method, pathname, search, params, maxBody, loop, server, cancelledByServer: false, readingBody: false, bodyBytes: 0 };
    // Why a generator made by a module-level function, not a `function* () {}` written here: V8
    // gives every generator closure its own map, allocated in old space and pointing back at the
    // closure, so each request's closure (and the req/res it captures) would survive young-
    // generation GCs until the next full GC. Measured: most of a request's objects got promoted.
    const task = loop.createTask(handleRequest(state, requestTimeout));
    server._track(task, state);
    // The client went away before the response was complete: cancel the handler.
    res.on('close', () => {
      if (!res.writableFinished && !task.done() && !loop.isClosed()) {
        state.cancelledByServer = true;
        task.cancel('client disconnected');
      }
    });
  });

  yield* listenOwned(loop, server, srv, options.port ?? 0, options.host ?? '127.0.0.1');
  server._listening();
  return server;
}

/** One request on its way through serve(): what its task needs. */
interface RequestState {
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly route: Route;
  readonly method: string;
  readonly pathname: string;
  /** The query string, without its `?`. */
  readonly search: string;
  readonly params: Record<string, string>;
  readonly maxBody: number;
  readonly loop: EventLoop;
  readonly server: HttpServer;
  /** The client went away or the server is closing: nobody to answer. */
  cancelledByServer: boolean;
  /** The body is being received (a timeout now is the client's: 408). */
  readingBody: boolean;
  /** Bytes of the body counted against maxInflightBodyBytes. */
  bodyBytes: number;
}

/** The task of one request: the route's handler under the request's timeout, then the response. */
function* handleRequest(s: RequestState, requestTimeout: number): Generator<unknown, void, any> {
  try {
    yield* timeoutScope(requestTimeout).with(() => runRoute(s));
  } catch (e) {
    if ((e as Error)?.name === 'TimeoutError') {
      // A body that arrives too slowly is the client's fault (408); a slow handler is ours (504).
      if (s.readingBody) send(s.res, 408, 'Request Timeout', true);
      else send(s.res, 504, 'Gateway Timeout', true);
      return;
    }
    if (e instanceof CancelledError && s.server._refusing) {
      // Cancelled by the loop's shutdown: the client may retry elsewhere.
      send(s.res, 503, 'Service Unavailable', true);
      throw e;
    }
    if (e instanceof CancelledError && s.cancelledByServer) throw e;
    // req.json() on a malformed body, uncaught by the handler: the client's error, not ours.
    if (BAD_JSON.has(e as object)) return send(s.res, 400, `Bad Request: the body is not valid JSON (${(e as Error).message})`);
    s.loop.callExceptionHandler({ message: `HTTP handler for ${s.method} ${s.pathname} failed`, exception: e });
    send(s.res, 500, 'Internal Server Error');
  }
}

function* runRoute(s: RequestState): Generator<unknown, void, any> {
  const req = s.req;
  let body: Buffer | number;
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    req.resume(); // no body: nothing to wait for
    body = EMPTY;
  } else {
    s.readingBody = true;
    body = yield* readBody(s);
    s.readingBody = false;
  }
  if (typeof body === 'number') {
    if (body === TOO_LARGE) return send(s.res, 413, 'Payload Too Large', true);
    if (body === CUT_SHORT) return send(s.res, 400, 'Bad Request: the body ended early', true);
    return send(s.res, 503, 'Service Unavailable: too many request bodies in flight', true);
  }
  const gen = s.route.handler(new Request(s, body));
  if (typeof (gen as Partial<Generator> | null)?.next !== 'function') {
    throw new TypeError(`serve(): the handler of ${s.method} ${s.pathname} returned ${describe(gen)}, not a generator; handlers are generator functions (function*)`);
  }
  const result = yield* gen;
  respond(s, result);
}

// What a handler gets. Own properties only (no getters or prototype methods): a handler may
// destructure the request (`function* ({ json, query })`) or spread it, as with a plain object.
class Request implements HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly params: Record<string, string>;
  readonly body: Buffer;
  readonly text: () => string;
  readonly json: () => unknown;

  constructor(s: RequestState, body: Buffer) {
    this.method = s.method;
    this.path = s.pathname;
    this.query = new URLSearchParams(s.search);
    this.headers = s.req.headers;
    this.params = s.params;
    this.body = body;
    this.text = () => body.toString('utf8');
    this.json = () => {
      try {
        return JSON.parse(body.toString('utf8'));
      } catch (e) {
        BAD_JSON.add(e as object); // still the SyntaxError JSON.parse threw, for handlers that catch it
        throw e;
      }
    };
  }
}

/** The errors req.json() threw: one that escapes its handler is answered with 400. */
const BAD_JSON = new WeakSet<object>();

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof (v as PromiseLike<unknown>).then === 'function') return 'a Promise';
  return typeof v === 'object' ? `an object (${Object.prototype.toString.call(v)})` : `a ${typeof v}`;
}

/** The status line for a request Node refused before any handler saw it (Node's own choices). */
function clientErrorStatus(code: string | undefined): string {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout'; // headers or body too slow
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return '413 Payload Too Large';
  return '400 Bad Request';
}

const EMPTY = Buffer.alloc(0);

const TOO_LARGE = 1; // over maxBodyBytes: 413
const BUSY = 2; // over maxInflightBodyBytes with the others: 503
const CUT_SHORT = 3; // the client ended or reset the connection before the body was complete: 400

/**
 * Reads a request that has a body (declared, or chunked): the body, or TOO_LARGE or BUSY. A
 * declared length is counted against maxInflightBodyBytes before anything is read; a chunked body
 * as its chunks arrive.
 */
function* readBody(s: RequestState): Generator<unknown, Buffer | number, any> {
  const { req, server } = s;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > 0 && !server._reserve(s, declared)) {
    req.pause();
    return BUSY;
  }
  // Why one buffer of the declared size: chunks copied into it are garbage at once, where
  // Buffer.concat at the end would hold each body twice (measured: peak RSS 480 → 250 MB).
  const whole = declared > 0 ? Buffer.allocUnsafe(declared) : null;
  const chunks: Buffer[] = [];
  let size = 0;
  const done = new Future<Buffer | number>(s.loop);
  req.on('data', (c: Buffer) => {
    if (done.done()) return;
    const at = size;
    size += c.length;
    const refused = size > s.maxBody ? TOO_LARGE : size > s.bodyBytes && !server._reserve(s, size - s.bodyBytes) ? BUSY : 0;
    if (refused !== 0) {
      // Stop reading; the answer goes out with Connection: close, which ends the upload.
      done.setResult(refused);
      req.pause();
      return;
    }
    // (node:http ends a declared body at its Content-Length: it never overflows `whole`)
    if (whole !== null) c.copy(whole, at);
    else chunks.push(c);
  });
  req.on('end', () => void (done.done() || done.setResult(whole !== null ? whole.subarray(0, size) : Buffer.concat(chunks, size))));
  // ('aborted', ECONNRESET): the client's doing, not the handler's failure.
  req.on('error', () => void (done.done() || done.setResult(CUT_SHORT)));
  return (yield done) as Buffer | number;
}

function send(res: http.ServerResponse, status: number, text: string, close = false): void {
  if (res.headersSent || res.destroyed) {
    if (close) res.destroy();
    return;
  }
  // The reason phrase is given: after a head node:http refused, its default would keep the refused status's ("500 OK").
  res.writeHead(status, http.STATUS_CODES[status] ?? 'unknown', { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-content-type-options': 'nosniff', ...(close ? { connection: 'close' } : {}) });
  res.end(text);
}

function respond(s: RequestState, result: HttpResult): void {
  const res = s.res;
  if (res.headersSent || res.destroyed) return;
  const full = typeof result === 'object' && result !== null && !(result instanceof Uint8Array) && !(result instanceof Html) ? result : { body: result };
  let body = full.body ?? '';
  // Why never guess HTML from the text: a plain-text echo of `<script>…` would become a page.
  let type: string;
  if (typeof body === 'string') type = full.contentType ?? 'text/plain; charset=utf-8';
  else if (body instanceof Html) {
    body = body.html;
    type = full.contentType ?? 'text/html; charset=utf-8';
  } else if (body instanceof Uint8Array) type = full.contentType ?? 'application/octet-stream';
  else {
    body = JSON.stringify(body);
    type = full.contentType ?? 'application/json';
  }
  // Why a string stays a string: node then writes headers and body in one write, not a writev.
  const length = typeof body === 'string' ? Buffer.byteLength(body) : (body as Uint8Array).length;
  // nosniff: browsers take the content type as given (no text/plain sniffed into HTML).
  const headers: Record<string, string | number> = { 'content-type': type, 'content-length': length, 'x-content-type-options': 'nosniff' };
  // The handler's headers replace the defaults, whatever their case. Each is checked first, so
  // that the log can name the one node:http would refuse (a CR/LF in a value, a space in a name).
  for (const [k, v] of Object.entries(full.headers ?? {})) {
    try {
      http.validateHeaderName(k);
      http.validateHeaderValue(k, v);
    } catch (e) {
      return refused(s, `node:http refused the response header ${JSON.stringify(k)}`, e);
    }
    headers[k.toLowerCase()] = v;
  }
  const status = full.status ?? 200;
  try {
    res.writeHead(status, http.STATUS_CODES[status] ?? 'unknown', headers);
  } catch (e) {
    return refused(s, `node:http refused the response status ${String(status)}`, e);
  }
  res.end(body);
}

/** The handler's response could not be sent as it was: log what was refused, answer 500. */
function refused(s: RequestState, what: string, e: unknown): void {
  s.loop.callExceptionHandler({ message: `HTTP handler for ${s.method} ${s.pathname}: ${what}; answered 500 instead`, exception: e });
  send(s.res, 500, 'Internal Server Error');
}
