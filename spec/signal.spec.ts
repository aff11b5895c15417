// currentSignal(): a task's AbortSignal, aborted when the task is cancelled (lib/signal.ts).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CancelledError, currentSignal, runSync, run, sleep, spawn, timeout, until } from '../lib/index.js';

describe('currentSignal()', () => {
  it('aborts, with a CancelledError carrying the message, when the task is cancelled; the same signal until then', () => {
    const out = runSync(function* () {
      const seen: string[] = [];
      const t = yield* spawn(function* () {
        const s = currentSignal();
        seen.push(`same: ${s === currentSignal()}`);
        s.addEventListener('abort', () => seen.push(`abort: ${(s.reason as Error).name} ${(s.reason as Error).message}`));
        try {
          yield* sleep(10);
        } catch (e) {
          seen.push(`task got ${(e as Error).name}, signal aborted: ${s.aborted}`);
          // A cancellation was delivered: a new signal, for clean-up work.
          seen.push(`fresh: ${!currentSignal().aborted && currentSignal() !== s}`);
          throw e;
        }
      });
      yield* sleep(1);
      t.cancel('shutting down');
      seen.push('cancel() returned');
      try {
        yield* t;
      } catch (e) {
        seen.push(`awaiter got ${(e as Error).name}`);
      }
      return seen;
    });
    expect(out).toEqual([
      'same: true',
      'abort: CancelledError shutting down',
      'cancel() returned',
      'task got CancelledError, signal aborted: true',
      'fresh: true',
      'awaiter got CancelledError',
    ]);
  });

  it('is refused outside a task; a task that never asks is cancelled as before', () => {
    expect(() => currentSignal()).toThrow(/currentSignal\(\): no task is running/);
    const r = runSync(function* () {
      const t = yield* spawn(function* () {
        yield* sleep(5);
      });
      yield* sleep(1);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        return e instanceof CancelledError;
      }
      return false;
    });
    expect(r).toBe(true);
  });

  it('stops a fetch when its task is cancelled, or when a timeout fires, and the task can fetch again after the timeout', async () => {
    const closed: string[] = [];
    const server = http.createServer((req, res) => {
      if (req.url === '/fast') return void res.end('fast');
      req.socket.on('close', () => closed.push(req.url!)); // the client aborted: its connection closes
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const out = await run(function* () {
        const slow = yield* spawn(function* () {
          return yield* until(fetch(`${url}/slow-cancel`, { signal: currentSignal() }));
        });
        yield* sleep(0.1);
        slow.cancel('no longer needed');
        let cancelled = '';
        try {
          yield* slow;
        } catch (e) {
          cancelled = (e as Error).name;
        }
        let timedOut = '';
        try {
          yield* timeout(0.1).with(function* () {
            return yield* until(fetch(`${url}/slow-timeout`, { signal: currentSignal() }));
          });
        } catch (e) {
          timedOut = (e as Error).name;
        }
        const again = yield* until(fetch(`${url}/fast`, { signal: currentSignal() }));
        const text = yield* until(again.text());
        for (let i = 0; i < 100 && closed.length < 2; i++) yield* sleep(0.01);
        return { cancelled, timedOut, text };
      });
      expect(out).toEqual({ cancelled: 'CancelledError', timedOut: 'TimeoutError', text: 'fast' });
      expect(closed.sort()).toEqual(['/slow-cancel', '/slow-timeout']);
    } finally {
      server.closeAllConnections();
      await new Promise((res) => server.close(res));
    }
  });
});
