// demos/timeouts.ts: waitFor gives up on slow work (and cancels it); a timeout scope bounds a
// whole block; a TaskGroup runs children together, and when one fails the others are
// cancelled and the errors come back together in one ExceptionGroup.
import { ExceptionGroup, getRunningLoop, sleep, TaskGroup, timeout, TimeoutError, waitFor } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

const t = (): string => getRunningLoop().time().toFixed(1);

function* fetchPage(name: string, secs: number) {
  try {
    yield* sleep(secs);
    return `${name} page`;
  } finally {
    console.log(`${t()} ${name}: cleaned up`);
  }
}

function* main() {
  const page = yield* waitFor(fetchPage('fast', 0.2), 1);
  console.log(`${t()} got: ${page}`);
  try {
    yield* waitFor(fetchPage('slow', 5), 1);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log(`${t()} waitFor: TimeoutError (the slow fetch was cancelled)`);
  }
  const scope = timeout(0.5);
  try {
    yield* scope.with(function* () {
      yield* fetchPage('first', 0.3);
      yield* fetchPage('second', 0.3); // the scope's deadline passes here
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log(`${t()} timeout scope expired: ${scope.expired()}`);
  }
  const tg = new TaskGroup();
  try {
    yield* tg.with(function* () {
      tg.createTask(fetchPage('ok', 2));
      tg.createTask(function* () {
        yield* sleep(0.3);
        throw new Error('broken link');
      });
    });
  } catch (e) {
    if (!(e instanceof ExceptionGroup)) throw e;
    console.log(`${t()} TaskGroup: ${e.exceptions.map((x) => (x as Error).message).join(', ')}`);
  }
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
