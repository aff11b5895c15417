// demos/hello.ts: the pre-async/await style of the `@asyncio.coroutine` tutorial. A coroutine
// is a generator function marked with coroutine(); `yield sleep(1)` suspends it the way
// `yield from asyncio.sleep(1)` did. Two tasks run on one thread: both say hello, both sleep
// at the same time, and both say hello again one second later.
// Expected output: Hello world! ×2, then Hello again! ×2.
import { coroutine, sleep } from '../lib/index.js';
import { type DemoOptions, demoLoop, runDemo } from './options.js';

const hello = coroutine(function* hello() {
  console.log('Hello world! (MainThread)');
  yield sleep(1); // plain yield of an effect, exactly like the tutorial's `yield from`
  console.log('Hello again! (MainThread)');
});

export default async function demo(o: DemoOptions): Promise<void> {
  const loop = demoLoop(o);
  const tasks = [loop.createTask(hello()), loop.createTask(hello())];
  await runDemo(
    o,
    function* () {
      for (const t of tasks) yield t; // like asyncio.wait(tasks)
    },
    loop,
  );
}
