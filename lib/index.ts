// index.ts: the public API; re-exports only.
export * from './errors.js';
export * from './effects.js';
export { Future, type DoneCallback } from './future.js';
export { Task, SUSPEND } from './task.js';
export { Handle, TimerHandle } from './handle.js';
export { EventLoop, type EffectHandler, type EventLoopOptions, type ExceptionContext, type ExceptionHandler } from './loop.js';
export type { Clock, ClockKind } from './clock.js';
export { getRunningLoop, currentTask } from './running.js';
export { run, runSync, createTask, ensureFuture } from './run.js';
export { delegate } from './trampoline.js';
export { PyGenerator, pygen } from './generator.js';
export { coroutine, isCoroutineFunction } from './coroutine.js';
