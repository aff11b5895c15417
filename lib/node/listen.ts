// listen.ts: starting a server that belongs to the running loop (shared by serve() and startServer()).
import type * as net from 'node:net';
import { Future } from '../future.js';
import type { EventLoop } from '../loop.js';
import type { LoopResource } from '../resource.js';

/**
 * Listens on `port`/`host` and waits until the socket listens (or fails). The server belongs to
 * the loop from here on: the loop's shutdown closes it, even if main fails and never calls
 * close(). If listening fails, the server is let go and closed, and the error is raised. @internal
 */
export function* listenOwned(loop: EventLoop, resource: LoopResource, srv: net.Server, port: number, host: string): Generator<unknown, void, any> {
  const listening = new Future<void>(loop);
  srv.once('listening', () => void (listening.done() || listening.setResult(undefined)));
  srv.once('error', (e) => void (listening.done() || listening.setException(e)));
  loop._addResource(resource);
  srv.listen(port, host);
  try {
    yield listening;
  } catch (e) {
    loop._removeResource(resource);
    srv.close();
    throw e;
  }
}
