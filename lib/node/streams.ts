/// <reference types="node" />
// streams.ts (node): asyncio's streams on node:net. A StreamReader buffers what the socket
// delivers and pauses the socket while its buffer is over the limit (backpressure on reading);
// a StreamWriter's drain() waits until the socket has flushed what write() queued
// (backpressure on writing). Each wait is a Future, so cancelling a task mid-read is clean.

import * as net from 'node:net';
import { RuntimeError, ValueError } from '../errors.js';
import { Future } from '../future.js';
import { shield } from '../shield.js';
import { getRunningLoop } from '../running.js';
import type { Task } from '../task.js';
import type { EventLoop } from '../loop.js';
import type { LoopResource } from '../resource.js';
import { listenOwned } from './listen.js';

/**
 * readExactly() met end of stream first; `partial` holds what did arrive.
 * @example
 * try { yield* reader.readExactly(4); } catch (e) { if (e instanceof IncompleteReadError) e.partial; }
 */
export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
  constructor(
    readonly partial: Uint8Array,
    readonly expected: number,
  ) {
    super(`StreamReader.readExactly(): ${partial.length} bytes read on a total of ${expected} expected bytes`);
  }
}

const DEFAULT_LIMIT = 64 * 1024;

/**
 * The reading side of a connection.
 * @example
 * const line = yield* reader.readLine();
 */
export class StreamReader {
  // Chunks as they arrived, joined only when a read looks at them: joining on every chunk would
  // be quadratic in the number of small chunks.
  #chunks: Buffer[] = [];
  #length = 0;
  #eof = false;
  #error: unknown = null;
  #waiter: Future<void> | null = null;
  #paused = false;
  readonly #limit: number;
  readonly #socket: net.Socket;
  readonly #loop: EventLoop;

  /** @internal */
  constructor(socket: net.Socket, loop: EventLoop, limit = DEFAULT_LIMIT) {
    this.#socket = socket;
    this.#loop = loop;
    this.#limit = limit;
    socket.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
      this.#wake();
      if (this.#length > 2 * this.#limit && !this.#paused) {
        this.#paused = true;
        socket.pause();
      }
    });
    socket.on('end', () => {
      this.#eof = true;
      this.#wake();
    });
    socket.on('error', (e) => {
      this.#error = e;
      this.#wake();
    });
    socket.on('close', () => {
      this.#eof = true;
      this.#wake();
    });
  }

  /** True once the peer has closed its side and the buffer is empty. */
  atEof(): boolean {
    return this.#eof && this.#length === 0;
  }

  /** Up to `n` bytes as soon as any are there (n = -1: everything until end of stream). Empty at end of stream. */
  *read(n = -1): Generator<unknown, Uint8Array, any> {
    if (n === 0) return Buffer.alloc(0);
    if (n < 0) {
      // Why take as we go: a full buffer pauses the socket, so waiting for the end without
      // consuming would wait forever.
      const parts: Buffer[] = [];
      for (;;) {
        if (this.#length !== 0) parts.push(this.#take(this.#length));
        if (this.#eof) break;
        yield* this.#wait('read');
      }
      this.#failIfBroken();
      return Buffer.concat(parts);
    }
    while (this.#length === 0 && !this.#eof) yield* this.#wait('read');
    if (this.#length === 0) this.#failIfBroken();
    return this.#take(Math.min(n, this.#length));
  }

  /** One line, up to and including '\n' (the rest of the stream if it ends first; empty at end of stream). */
  *readLine(): Generator<unknown, string, any> {
    for (;;) {
      const i = this.#joined().indexOf(10);
      if (i >= 0) {
        const line = this.#take(i + 1);
        // As CPython's readline(): a line over the limit is dropped and reported.
        if (line.length > this.#limit) throw new ValueError(`StreamReader.readLine(): the line is longer than the limit (${this.#limit} bytes)`);
        return line.toString('utf8');
      }
      if (this.#eof) {
        this.#failIfBroken();
        return this.#take(this.#length).toString('utf8');
      }
      if (this.#length > this.#limit) throw new RuntimeError(`StreamReader.readLine(): the line is longer than the limit (${this.#limit} bytes)`);
      yield* this.#wait('readLine');
    }
  }

  /** Exactly `n` bytes; IncompleteReadError if the stream ends first. */
  *readExactly(n: number): Generator<unknown, Uint8Array, any> {
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`StreamReader.readExactly(): expected a non-negative integer, got ${String(n)}`);
    while (this.#length < n) {
      if (this.#eof) {
        this.#failIfBroken();
        const partial = this.#take(this.#length);
        throw new IncompleteReadError(partial, n);
      }
      yield* this.#wait('readExactly');
    }
    return this.#take(n);
  }

  #joined(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#length)];
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  /** A connection error (reset, ...) wins over end of stream: the data may be incomplete. */
  #failIfBroken(): void {
    if (this.#error !== null) throw this.#error;
  }

  #take(n: number): Buffer {
    const all = this.#joined();
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.#chunks = rest.length === 0 ? [] : [rest];
    this.#length = rest.length;
    if (this.#paused && this.#length <= this.#limit) {
      this.#paused = false;
      this.#socket.resume();
    }
    return Buffer.from(out);
  }

  *#wait(api: string): Generator<unknown, void, any> {
    if (this.#error !== null) throw this.#error;
    if (this.#waiter !== null && !this.#waiter.done()) throw new RuntimeError(`StreamReader.${api}(): another task is already waiting on this stream`);
    // Why: a reader that needs more than the buffer holds must let data in again (as CPython's
    // _wait_for_data resumes reading), or readExactly(n) past twice the limit waits forever.
    if (this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
    const w = new Future<void>(this.#loop);
    this.#waiter = w;
    try {
      yield w;
    } finally {
      this.#waiter = null;
    }
    if (this.#error !== null) throw this.#error;
  }

  #wake(): void {
    const w = this.#waiter;
    if (w !== null && !w.done()) w.setResult(undefined);
  }
}

/**
 * The writing side of a connection.
 * @example
 * writer.write('hello\n'); yield* writer.drain();
 */
export class StreamWriter {
  readonly #socket: net.Socket;
  readonly #loop: EventLoop;
  #closed: Future<void>;
  #error: unknown = null;

  /** @internal */
  constructor(socket: net.Socket, loop: EventLoop) {
    this.#socket = socket;
    this.#loop = loop;
    this.#closed = new Future<void>(loop);
    socket.on('close', () => {
      if (!this.#closed.done()) this.#closed.setResult(undefined);
    });
    socket.on('error', (e) => {
      this.#error = e;
    });
  }

  /** Queues `data` for sending (never waits: follow with `yield* writer.drain()` to respect backpressure). */
  write(data: string | Uint8Array): void {
    if (this.#socket.destroyed || this.#socket.writableEnded) throw new RuntimeError('StreamWriter.write(): the stream is closed');
    this.#socket.write(data);
  }

  /** Waits until the socket has flushed enough of what was written (real backpressure). */
  *drain(): Generator<unknown, void, any> {
    const s = this.#socket;
    if (this.#error !== null) throw this.#error;
    if (s.destroyed) throw new RuntimeError('StreamWriter.drain(): the connection is closed');
    if (!s.writableNeedDrain) return;
    const f = new Future<void>(this.#loop);
    const done = (): void => void (f.done() || f.setResult(undefined));
    s.once('drain', done);
    s.once('close', done);
    try {
      yield f;
    } finally {
      s.off('drain', done);
      s.off('close', done);
    }
    if (this.#error !== null) throw this.#error;
    if (s.destroyed && !s.writableFinished && s.writableLength > 0) throw new RuntimeError('StreamWriter.drain(): the connection closed before the data was sent');
  }

  /** Bytes written but not yet flushed to the OS. */
  get bufferSize(): number {
    return this.#socket.writableLength;
  }

  /** Closes the writing side (the connection closes once the peer is done too). */
  close(): void {
    this.#socket.end();
  }

  /** True once close() was called or the connection is gone. */
  isClosing(): boolean {
    return this.#socket.writableEnded || this.#socket.destroyed;
  }

  /**
   * Waits until the connection is fully closed. Cancelling one waiter cancels only its wait (the
   * shared future is shielded), so the other waiters, and later ones, still see the close.
   */
  *waitClosed(): Generator<unknown, void, any> {
    yield shield(this.#closed);
  }

  /** The peer's address, as asyncio's get_extra_info('peername'). */
  peer(): { address?: string; port?: number } {
    return { address: this.#socket.remoteAddress, port: this.#socket.remotePort };
  }
}

/**
 * Opens a TCP connection; evaluates to [reader, writer]. Needs a real-clock loop.
 * @example const [reader, writer] = yield* openConnection('127.0.0.1', 8888);
 */
export function* openConnection(host: string, port: number, options: { limit?: number } = {}): Generator<unknown, [StreamReader, StreamWriter], any> {
  const loop = getRunningLoop();
  const socket = net.connect({ host, port });
  const connected = new Future<void>(loop);
  socket.once('connect', () => void (connected.done() || connected.setResult(undefined)));
  socket.once('error', (e) => void (connected.done() || connected.setException(e)));
  ownSocket(loop, socket);
  try {
    yield connected;
  } catch (e) {
    socket.destroy();
    throw e;
  }
  return [new StreamReader(socket, loop, options.limit), new StreamWriter(socket, loop)];
}

/** A connection belongs to the loop it was opened on: the loop's shutdown destroys it if it is still open. */
function ownSocket(loop: EventLoop, socket: net.Socket): void {
  const resource: LoopResource = { _loopClose: () => void socket.destroy() };
  loop._addResource(resource);
  socket.once('close', () => loop._removeResource(resource));
}

/**
 * A TCP server whose connections are handled by coroutines.
 * @example
 * const server = yield* startServer(handler); server.close(); yield* server.waitClosed();
 */
export class StreamServer implements LoopResource {
  readonly #server: net.Server;
  readonly #tasks = new Set<Task>();
  readonly #closed: Future<void>;
  readonly #loop: EventLoop;
  /** @internal Connections open now: the loop's shutdown destroys those still open. */
  readonly _sockets = new Set<net.Socket>();
  /** @internal The server stopped accepting (close(), or the loop's shutdown). */
  _refusing = false;

  /** @internal */
  constructor(server: net.Server, loop: EventLoop) {
    this.#server = server;
    this.#loop = loop;
    this.#closed = new Future<void>(loop);
    server.on('close', () => {
      loop._removeResource(this);
      if (!this.#closed.done() && !loop.isClosed()) this.#closed.setResult(undefined);
    });
  }

  /** @internal The loop's shutdown began (before its tasks are cancelled): stop accepting. */
  _loopShutdown(): void {
    this._refusing = true;
    if (this.#server.listening) this.#server.close();
  }

  /** @internal The loop's tasks are done: destroy the connections still open. */
  _loopClose(): void {
    this._loopShutdown();
    for (const s of this._sockets) s.destroy();
  }

  /** @internal */
  _track(t: Task): void {
    this.#tasks.add(t);
    t.addDoneCallback(() => this.#tasks.delete(t));
  }

  /** The port the server listens on. */
  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Stops accepting connections and cancels the handlers still running. */
  close(): void {
    this._refusing = true;
    if (this.#server.listening) this.#server.close();
    if (this.#loop.isClosed()) return;
    for (const t of this.#tasks) t.cancel();
  }

  /** Waits until the server has closed. Cancelling one waiter cancels only its wait, as StreamWriter's. */
  *waitClosed(): Generator<unknown, void, any> {
    yield shield(this.#closed);
  }
}

// Why module level: V8 gives each generator closure a fresh prototype and so a fresh map, which
// kept every connection's objects alive past young-generation GCs (see serve() in http.ts).
function* runConnection(
  handler: (reader: StreamReader, writer: StreamWriter) => Generator<unknown, unknown, any>,
  reader: StreamReader,
  writer: StreamWriter,
  socket: net.Socket,
): Generator<unknown, void, any> {
  try {
    yield* handler(reader, writer);
  } finally {
    if (!socket.destroyed) socket.end();
  }
}

/**
 * Starts a TCP server; each connection runs `handler(reader, writer)` as a task. Binds 127.0.0.1
 * unless told otherwise.
 * @example const server = yield* startServer(function* (r, w) { w.write(yield* r.readLine()); yield* w.drain(); w.close(); }, '127.0.0.1', 0);
 */
export function* startServer(
  handler: (reader: StreamReader, writer: StreamWriter) => Generator<unknown, unknown, any>,
  host = '127.0.0.1',
  port = 0,
  options: { limit?: number } = {},
): Generator<unknown, StreamServer, any> {
  if (typeof handler !== 'function') throw new TypeError(`startServer(): expected a handler generator function, got ${String(handler)}`);
  const loop = getRunningLoop();
  const srv = net.createServer();
  const server = new StreamServer(srv, loop);
  srv.on('connection', (socket) => {
    // Closing (or closed with the loop): no new task for this connection.
    if (server._refusing || loop.isClosed()) return void socket.destroy();
    server._sockets.add(socket);
    socket.once('close', () => server._sockets.delete(socket));
    const reader = new StreamReader(socket, loop, options.limit);
    const writer = new StreamWriter(socket, loop);
    // A module-level generator, not a closure per connection (see runConnection).
    server._track(loop.createTask(runConnection(handler, reader, writer, socket)));
  });
  yield* listenOwned(loop, server, srv, port, host);
  return server;
}
