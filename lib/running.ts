// running.ts: which loop is running right now (getRunningLoop) and which task it is stepping
// (currentTask). Kept apart from loop.ts so that future.ts can read it without an import cycle.

import { RuntimeError } from './errors.js';
import type { EventLoop } from './loop.js';
import type { Task } from './task.js';

let running: EventLoop | null = null;

/** @internal */
export function setRunningLoop(loop: EventLoop | null): EventLoop | null {
  const prev = running;
  running = loop;
  return prev;
}

/** @internal The running loop, or null outside one. */
export function peekRunningLoop(): EventLoop | null {
  return running;
}

/**
 * The loop that is running the caller, as `asyncio.get_running_loop()`.
 * @throws RuntimeError when called outside a running loop.
 * @example
 * function* main() { const loop = getRunningLoop(); console.log(loop.time()); }
 */
export function getRunningLoop(): EventLoop {
  if (running === null) {
    throw new RuntimeError('getRunningLoop(): no running event loop (call it from a coroutine or callback that a loop runs: runSync(main), run(main), loop.runUntilComplete(main))');
  }
  return running;
}

/**
 * The task being stepped right now, or null (in a plain callback, or outside a loop).
 * @example
 * function* worker() { console.log(currentTask()?.getName()); }
 */
export function currentTask(): Task | null {
  return running === null ? null : running._current;
}
