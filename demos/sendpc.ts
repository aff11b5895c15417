// demos/sendpc.ts: the generator send() tutorial, where a consumer coroutine and a producer
// hand control back and forth with no event loop at all. Part 1 drives the generator by hand
// with Python's protocol (pygen: send, StopIteration, close), line for line as the tutorial.
// Part 2 lifts the same exchange to two live tasks with send/receive.
// Expected output: [PRODUCER] Producing 1... / [CONSUMER] Consuming 1... / [PRODUCER] Consumer return: 200 OK …
import { pygen, type PyGenerator, receive, send, spawn, StopIteration, type Task } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

// ---- Part 1: one generator, driven by hand ----
function* consumer(): Generator<string, void, number> {
  let r = '';
  while (true) {
    const n = yield r; // hand r to the producer, wait for the next n
    if (!n) return;
    console.log(`[CONSUMER] Consuming ${n}...`);
    r = '200 OK';
  }
}

function produce(c: PyGenerator<string, void, number>): void {
  c.send(undefined as unknown as number); // start the generator: run it to its first yield
  let n = 0;
  while (n < 5) {
    n = n + 1;
    console.log(`[PRODUCER] Producing ${n}...`);
    const r = c.send(n);
    console.log(`[PRODUCER] Consumer return: ${r}`);
  }
  c.close();
}

// ---- Part 2: the same exchange between two live tasks ----
function* consumerTask(): Generator<unknown, void, any> {
  let r = '';
  while (true) {
    const n = yield* receive<number>(r); // `n = yield r`, across tasks
    if (!n) return;
    console.log(`[CONSUMER] Consuming ${n}...`);
    r = '200 OK';
  }
}

function* produceTask(c: Task) {
  yield* send(c, undefined); // prime it, as c.send(None)
  let n = 0;
  while (n < 5) {
    n = n + 1;
    console.log(`[PRODUCER] Producing ${n}...`);
    const r = yield* send<string>(c, n);
    console.log(`[PRODUCER] Consumer return: ${r}`);
  }
  try {
    yield* send(c, 0); // a falsy n makes the consumer return...
  } catch (e) {
    if (!(e instanceof StopIteration)) throw e; // ...and the sender gets StopIteration
  }
}

export default async function demo(o: DemoOptions): Promise<void> {
  produce(pygen(consumer()));
  console.log('--- the same, between two tasks with send/receive ---');
  await runDemo(o, function* () {
    const c = yield* spawn(consumerTask);
    yield* spawn(produceTask, c);
    yield* c;
  });
}
