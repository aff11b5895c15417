// core.ts: the 'yieldfrom/core' entry point: the kernel, its primitives and combinators, with
// options that take implementations (clock: realClock, timers: cpythonTimers, debug: debugMode),
// so that a bundler leaves out what a program does not use. Re-exports only.
// The 'yieldfrom' entry point is this plus exploration, tracing, and the options' names as sugar.
export * from './errors.js';
export * from './effects.js';
export { send, receive, SendEffect, ReceiveEffect } from './send.js';
export { Future, type DoneCallback } from './future.js';
export { Task, SUSPEND } from './task.js';
export { Handle, TimerHandle } from './handle.js';
export { EventLoop, type EffectHandler, type EventLoopOptions, type ExceptionContext, type ExceptionHandler } from './loop.js';
export { virtualClock, steppedClock, type Clock, type ClockKind, type ClockSource } from './clock.js';
export { realClock } from './real-clock.js';
export { fifoTimers, cpythonTimers, type TimerOrder } from './timer-heap.js';
export { debugMode } from './debug.js';
export type { DebugMode } from './debug-hook.js';
export { getRunningLoop, currentTask } from './running.js';
export { run, runSync, createTask, ensureFuture } from './run.js';
export { delegate } from './trampoline.js';
export { PyGenerator, pygen } from './generator.js';
export { coroutine, isCoroutineFunction } from './coroutine.js';
export { Queue, PriorityQueue, LifoQueue, GetEffect, PutEffect } from './queue.js';
export { Event } from './event.js';
export { Lock, type Acquirable } from './lock.js';
export { Semaphore, BoundedSemaphore } from './semaphore.js';
export { Condition } from './condition.js';
export { Barrier } from './barrier.js';
export { gather, GatheringFuture, type Awaitable } from './gather.js';
export { wait, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, type ReturnWhen } from './wait.js';
export { asCompleted } from './as-completed.js';
export { timeout, timeoutAt, Timeout, waitFor } from './timeout.js';
export { shield } from './shield.js';
export { TaskGroup } from './task-group.js';
export type { Executor, AbortSignalLike } from './executor.js';
export { until } from './until.js';
export { currentSignal, type HostAbortSignal } from './signal.js';
