// as-completed.ts: asCompleted, as asyncio.as_completed (3.13): iterate, in completion order,
// over coroutines that each evaluate to the next result (or raise its error); TimeoutError if
// the timeout passes first. Completions go through a Queue, as in CPython.

import { TimeoutError } from './errors.js';
import { Future, short } from './future.js';
import { type Awaitable, toFuture } from './gather.js';
import type { TimerHandle } from './handle.js';
import { Queue } from './queue.js';
import { getRunningLoop } from './running.js';
import { isGenerator } from './trampoline.js';
import { checkTimeout } from './wait.js';

/**
 * Iterates over the awaitables in the order they complete.
 * @example
 * for (const next of asCompleted(phases)) {
 *   const answer = yield* next;   // the next result to arrive
 * }
 */
export function asCompleted<T>(aws: Iterable<Awaitable<T>>, options: { timeout?: number | null } = {}): Iterable<Generator<unknown, T, any>> {
  if (aws instanceof Future || isGenerator(aws) || aws == null || typeof (aws as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`asCompleted(): expected an iterable of awaitables, got ${short(aws)}`);
  }
  const timeout = checkTimeout('asCompleted()', options.timeout);
  const loop = getRunningLoop();
  const done = new Queue<Future<T> | null>();
  // Why list order: CPython takes a set, whose order is unspecified; argument order is the sane choice.
  const todo = new Set<Future<T>>();
  for (const aw of new Set(aws)) todo.add(toFuture('asCompleted()', aw, loop));
  let timeoutHandle: TimerHandle | null = null;
  const onCompletion = (f: Future<T>): void => {
    if (todo.size === 0) return; // the timeout came first
    todo.delete(f);
    done.putNowait(f);
    if (todo.size === 0) timeoutHandle?.cancel();
  };
  for (const f of todo) f.addDoneCallback(onCompletion);
  if (todo.size !== 0 && timeout !== null) {
    timeoutHandle = loop.callLater(timeout, () => {
      for (const f of todo) {
        f.removeDoneCallback(onCompletion);
        done.putNowait(null); // one sentinel per waiting consumer
      }
      todo.clear();
    });
  }
  let left = todo.size;
  function* waitForOne(): Generator<unknown, T, any> {
    const f = yield* done.get();
    if (f === null) throw new TimeoutError('asCompleted(): timed out');
    return f.result();
  }
  return {
    [Symbol.iterator]: () => ({
      next: (): IteratorResult<Generator<unknown, T, any>> => {
        if (left === 0) return { value: undefined, done: true };
        left--;
        return { value: waitForOne(), done: false };
      },
    }),
  };
}
