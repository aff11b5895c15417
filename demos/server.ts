// demos/server.ts: the aiohttp tutorial's server: `/` and `/hello/{name}` are coroutine
// handlers, each request runs as a task on the loop. It prints its URL and serves until
// stopped (Ctrl-C); with --once it answers one request from a built-in client and exits.
import { run, sleep } from '../lib/index.js';
import { html, serve } from '../lib/node/index.js';
import { type DemoOptions, runOptions } from './options.js';

// html`...` escapes what it interpolates and is served as text/html; a plain string is text/plain.
export const routes = {
  'GET /': function* () {
    yield* sleep(0.5);
    return html`<h1>Index</h1>`;
  },
  'GET /hello/{name}': function* (request: { params: Record<string, string> }) {
    yield* sleep(0.5);
    return html`<h1>hello, ${request.params.name}!</h1>`;
  },
};

export default async function demo(o: DemoOptions): Promise<void> {
  await run(function* () {
    const server = yield* serve(routes, { port: o.once ? 0 : 8000 });
    console.log(`Server started at ${server.url}...`);
    if (o.once) {
      const res = (yield fetch(`${server.url}/hello/yieldfrom`)) as Response;
      console.log(`GET /hello/yieldfrom -> ${res.status} ${(yield res.text()) as string}`);
      yield* server.close();
      return;
    }
    const stop = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    yield stop;
    console.log('stopping');
    yield* server.close();
  }, runOptions(o));
}
