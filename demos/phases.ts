// demos/phases.ts: asCompleted, after the asyncio "phases" example. Three phases start
// together; the answers are received in the order the phases finish (2, 1, 0), not the order
// they were started. (CPython's start order follows a set's order; here it is list order.)
import { asCompleted, sleep } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

function* phase(i: number) {
  console.log(`in phase ${i}`);
  yield* sleep(0.5 - 0.1 * i);
  console.log(`done with phase ${i}`);
  return `phase ${i} result`;
}

function* main(numPhases: number) {
  console.log('starting main');
  const phases = Array.from({ length: numPhases }, (_, i) => phase(i));
  console.log('waiting for phases to complete');
  const results: string[] = [];
  for (const nextToComplete of asCompleted(phases)) {
    const answer = yield* nextToComplete;
    console.log(`received answer '${answer}'`);
    results.push(answer);
  }
  console.log(`results: [${results.map((r) => `'${r}'`).join(', ')}]`);
  return results;
}

export default async (o: DemoOptions): Promise<void> => void (await runDemo(o, main(3)));
