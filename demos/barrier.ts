// demos/barrier.ts: three runners wait for each other at a Barrier; the last to arrive lets
// all three through at once, each with its own index.
import { Barrier, getRunningLoop, sleep, spawn, type Task } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

function* main() {
  const barrier = new Barrier(3);
  const t = (): string => getRunningLoop().time().toFixed(1);
  const tasks: Task[] = [];
  for (const [name, secs] of [['ann', 0.3], ['bob', 1], ['cyd', 0.6]] as const) {
    tasks.push(
      yield* spawn(function* () {
        yield* sleep(secs);
        console.log(`${t()} ${name} arrives`);
        const index = yield* barrier.wait();
        console.log(`${t()} ${name} passes (index ${index})`);
      }),
    );
  }
  for (const task of tasks) yield* task;
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
