// demos/countdown-sync.ts: the same three countdowns, one after another: each `yield*` waits
// for the whole countdown before the next starts, so the total is the sum of the delays
// (3 + 2.4 + 1.5 = 6.9 s), the "before" picture of the tutorial. Compare with `countdown`.
import { getRunningLoop } from '../lib/index.js';
import { countDown } from './countdown.js';
import { type DemoOptions, runDemo } from './options.js';

function* main() {
  const start = getRunningLoop().time();
  for (const [name, delay] of [['A', 1], ['B', 0.8], ['C', 0.5]] as const) {
    yield* countDown(name, delay, start); // delegate: run it to the end, then go on
  }
  console.log('-'.repeat(40));
  console.log(`Done in ${(getRunningLoop().time() - start).toFixed(4)} s (the sum of the delays)`);
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
