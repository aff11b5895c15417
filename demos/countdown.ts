// demos/countdown.ts: three countdowns sharing one clock, after the asyncio "count_down"
// tutorial. Shows spawning tasks, sleep, and interleaving by wake-up time: the total is the
// longest countdown (3 s), not the sum (6.9 s), because the tasks wait at the same time.
// Expected output (virtual seconds): 0.5000 C = 3 / 0.8000 B = 3 / 1.0000 A = 3 / … / Done
import { getRunningLoop, sleep, spawn, type Task } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

export function* countDown(name: string, delay: number, start: number) {
  const indents = '\t'.repeat(name.charCodeAt(0) - 'A'.charCodeAt(0));
  let n = 3;
  while (n) {
    yield* sleep(delay); // give up the loop until the delay has passed
    const duration = getRunningLoop().time() - start;
    console.log('-'.repeat(40));
    console.log(`${duration.toFixed(4)} \t${indents}${name} = ${n}`);
    n -= 1;
  }
}

function* main() {
  const start = getRunningLoop().time();
  const tasks: Task[] = [];
  for (const [name, delay] of [['A', 1], ['B', 0.8], ['C', 0.5]] as const) {
    tasks.push(yield* spawn(countDown, name, delay, start)); // asyncio.create_task
  }
  for (const t of tasks) yield* t; // wait for all three
  console.log('-'.repeat(40));
  console.log('Done');
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
