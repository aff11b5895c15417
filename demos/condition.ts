// demos/condition.ts: a Condition hands work from a producer to consumers. Each consumer waits
// (releasing the lock) until there is an item; notify() wakes one, FIFO; waitFor re-checks the
// predicate after every wake-up, so a consumer never takes an item that is not there.
import { Condition, getRunningLoop, sleep, spawn, type Task } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

function* main() {
  const cond = new Condition();
  const items: string[] = [];
  const t = (): string => getRunningLoop().time().toFixed(1);
  const consumers: Task[] = [];
  for (const name of ['c1', 'c2']) {
    consumers.push(
      yield* spawn(function* () {
        for (let k = 0; k < 2; k++) {
          const item = yield* cond.with(function* () {
            yield* cond.waitFor(() => items.length > 0);
            return items.shift()!;
          });
          console.log(`${t()} ${name} got ${item}`);
        }
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    yield* sleep(0.5);
    yield* cond.with(function* () {
      items.push(`item ${i}`);
      console.log(`${t()} producer put item ${i}, notify one`);
      cond.notify();
    });
  }
  for (const c of consumers) yield* c;
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
