// demos/semaphore.ts: a Semaphore(2) lets at most two downloads run at once; the others wait
// their turn, FIFO. `sem.with(...)` always gives the unit back.
import { getRunningLoop, Semaphore, sleep, spawn, type Task } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

function* main() {
  const sem = new Semaphore(2);
  const t = (): string => getRunningLoop().time().toFixed(1);
  let running = 0;
  const tasks: Task[] = [];
  for (const [name, secs] of [['a', 1], ['b', 0.5], ['c', 1], ['d', 0.5]] as const) {
    tasks.push(
      yield* spawn(function* () {
        yield* sem.with(function* () {
          running++;
          console.log(`${t()} ${name} starts (${running} running)`);
          yield* sleep(secs);
          running--;
          console.log(`${t()} ${name} done`);
        });
      }),
    );
  }
  for (const task of tasks) yield* task;
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
