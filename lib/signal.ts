// signal.ts: a task's AbortSignal. currentSignal() gives the running task an AbortSignal that
// aborts (reason: a CancelledError) when the task is cancelled, so that work it hands to the host
// (`fetch(url, { signal })`, a stream, a child process) stops with it. Nothing is allocated, and no
// task carries anything, until a task asks: the controllers live in a WeakMap here, and the task
// tells this module of a cancel() only for the tasks in it (see Task.cancel and task.ts's hook).

import { CancelledError, RuntimeError } from './errors.js';
import { abortController, type AbortSignalLike } from './executor.js';
import { currentTask } from './running.js';
import { _onNextCancel } from './task.js';

/** The host's AbortSignal type where it has one (DOM, Node), else the minimal one the core knows. */
export type HostAbortSignal = typeof globalThis extends { AbortSignal: { prototype: infer S } } ? S : AbortSignalLike;

/**
 * The running task's AbortSignal: it aborts, with a CancelledError as its reason, when the task
 * is cancelled (by `cancel()`, a timeout, a TaskGroup, a server closing…). Every call until then
 * returns the same signal. A signal aborts once: after a cancellation was delivered (and perhaps
 * absorbed, as `timeout()` does), the next call returns a fresh signal, so clean-up work and
 * work after a caught timeout can still run.
 * @throws RuntimeError outside a running task.
 * @example
 * const res = yield* until(fetch(url, { signal: currentSignal() })); // cancelling the task aborts the request
 */
export function currentSignal(): HostAbortSignal {
  const task = currentTask();
  if (task === null) throw new RuntimeError('currentSignal(): no task is running (call it from a coroutine)');
  let c = controllers.get(task);
  if (c === undefined) {
    const controller = abortController();
    controllers.set(task, controller);
    _onNextCancel(task, (msg) => {
      controllers.delete(task);
      controller.abort(new CancelledError(msg ?? ''));
    });
    c = controller;
  }
  return c.signal as HostAbortSignal;
}

const controllers = new WeakMap<object, ReturnType<typeof abortController>>();
