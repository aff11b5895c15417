// Streams on real loopback sockets (lib/node/streams.ts).
import { describe, expect, it } from 'vitest';
import { CancelledError, gather, getRunningLoop, run, sleep, spawn } from '../../lib/index.js';
import { IncompleteReadError, openConnection, startServer, type StreamReader, type StreamWriter } from '../../lib/node/index.js';

function* echo(reader: StreamReader, writer: StreamWriter) {
  for (;;) {
    const line = yield* reader.readLine();
    if (line === '') return;
    writer.write(line.toUpperCase());
    yield* writer.drain();
  }
}

describe('streams', () => {
  it('serves concurrent clients over 127.0.0.1', async () => {
    const out = await run(function* () {
      const server = yield* startServer(echo);
      const client = function* (n: number) {
        const [r, w] = yield* openConnection('127.0.0.1', server.port);
        const got: string[] = [];
        for (let i = 0; i < 3; i++) {
          w.write(`client ${n} line ${i}\n`);
          got.push((yield* r.readLine()).trim());
        }
        w.close();
        yield* w.waitClosed();
        return got;
      };
      const results = yield* gather(...[0, 1, 2, 3, 4].map(client));
      server.close();
      yield* server.waitClosed();
      return results;
    });
    expect(out.map((lines) => lines[2])).toEqual(['CLIENT 0 LINE 2', 'CLIENT 1 LINE 2', 'CLIENT 2 LINE 2', 'CLIENT 3 LINE 2', 'CLIENT 4 LINE 2']);
  });

  it('a cancelled waitClosed() leaves the others waiting: each waiter is shielded from the rest', async () => {
    const out = await run(function* () {
      const server = yield* startServer(echo);
      const [, w] = yield* openConnection('127.0.0.1', server.port);
      const impatient = yield* spawn(function* () {
        yield* w.waitClosed();
      });
      const patient = yield* spawn(function* () {
        yield* w.waitClosed();
        return 'closed';
      });
      yield* sleep(0.01);
      impatient.cancel();
      yield* sleep(0.01);
      w.close();
      const got = yield* patient;
      yield* w.waitClosed(); // a later waiter is not handed the first one's cancellation either
      server.close();
      yield* server.waitClosed();
      return { got, impatient: impatient.cancelled() };
    });
    expect(out).toEqual({ got: 'closed', impatient: true });
  });

  it('a cancelled server.waitClosed() leaves the others waiting', async () => {
    const out = await run(function* () {
      const server = yield* startServer(echo);
      const impatient = yield* spawn(function* () {
        yield* server.waitClosed();
      });
      yield* sleep(0.01);
      impatient.cancel();
      yield* sleep(0.01);
      server.close();
      yield* server.waitClosed();
      return impatient.cancelled();
    });
    expect(out).toBe(true);
  });

  it('drain() really waits for a slow reader (backpressure), and everything arrives (32 MiB)', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const out = await run(function* () {
      let drainedAt = 0;
      let readerStartedAt = 0;
      const server = yield* startServer(function* (_r, w) {
        for (let i = 0; i < 512; i++) w.write(chunk); // 32 MiB, far more than the socket buffers can hold
        yield* w.drain();
        drainedAt = getRunningLoop().time();
        w.close();
      });
      const [r, w] = yield* openConnection('127.0.0.1', server.port);
      yield* sleep(0.3); // a slow reader: nothing is read for 300 ms
      readerStartedAt = getRunningLoop().time();
      const data = yield* r.read(-1);
      w.close();
      server.close();
      return { bytes: data.length, drainedAfterReading: drainedAt >= readerStartedAt };
    });
    expect(out).toEqual({ bytes: 512 * 64 * 1024, drainedAfterReading: true });
  });

  it('readExactly raises IncompleteReadError on early end of stream, with the partial data', async () => {
    const err = await run(function* () {
      const server = yield* startServer(function* (_r, w) {
        w.write('abc');
        w.close();
      });
      const [r] = yield* openConnection('127.0.0.1', server.port);
      try {
        yield* r.readExactly(10);
      } catch (e) {
        server.close();
        return e;
      }
      return null;
    });
    expect(err).toBeInstanceOf(IncompleteReadError);
    expect(Buffer.from((err as IncompleteReadError).partial).toString()).toBe('abc');
    expect((err as IncompleteReadError).message).toBe('StreamReader.readExactly(): 3 bytes read on a total of 10 expected bytes');
  });

  it('a task cancelled while reading runs its finally block, and the server goes on', async () => {
    const log: string[] = [];
    await run(function* () {
      const server = yield* startServer(echo);
      const [r, w] = yield* openConnection('127.0.0.1', server.port);
      const reader = yield* spawn(function* () {
        try {
          yield* r.readLine();
        } finally {
          log.push('reader finally');
        }
      });
      yield* sleep(0.05);
      reader.cancel();
      try {
        yield* reader;
      } catch (e) {
        log.push(e instanceof CancelledError ? 'cancelled' : String(e));
      }
      w.write('still here\n');
      log.push((yield* r.readLine()).trim());
      w.close();
      server.close();
    });
    expect(log).toEqual(['reader finally', 'cancelled', 'STILL HERE']);
  });
});
