/// <reference types="node" />
// node/index.ts: yieldfrom/node, the node-only entry point: worker-thread executors, streams on
// node:net, and an HTTP server whose handlers are coroutines. The core (yieldfrom) imports none of it.
export { openConnection, startServer, StreamReader, StreamWriter, StreamServer, IncompleteReadError } from './streams.js';
export { serve, HttpServer, type HttpRequest, type HttpResult, type HttpHandler, type ServeOptions } from './http.js';
export { html, Html, escapeHtml } from './html.js';
export { ThreadPoolExecutor, toThread, workerFunction, type ThreadPoolOptions, type WorkerFunction } from './executor.js';
export { exploreParallel, _exploreShard, type ParallelOptions } from './explore-parallel.js';
