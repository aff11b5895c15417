// demos/event.ts: an Event set from a callLater callback wakes every coroutine waiting on it.
import { ensureFuture, Event, getRunningLoop, wait } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

function* coro(name: string, event: Event) {
  console.log(`${name} waiting for event`);
  yield* event.wait();
  console.log(`${name} triggered`);
}

function* main() {
  const event = new Event();
  console.log(`event start state: ${event.isSet() ? 'True' : 'False'}`);
  getRunningLoop().callLater(0.1, () => {
    console.log('setting event in callback');
    event.set();
  });
  yield* wait([ensureFuture(coro('coro1', event)), ensureFuture(coro('coro2', event))]);
  console.log(`event end state: ${event.isSet() ? 'True' : 'False'}`);
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
