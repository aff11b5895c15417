// errors.ts: every error class yieldfrom raises, one class per condition.
// Names follow Python's (CancelledError, InvalidStateError, StopIteration, GeneratorExit) so
// asyncio users recognise them; messages read `<Api.method>(): <what is wrong>[: <value>]`.

/** The task or future was cancelled. Delivered at the task's suspension point, where it may be caught. */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** An operation is not allowed in the future's or task's current state (e.g. `setResult` on a done future). */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** A generator (or a task driven by `send`) has finished; `value` is what it returned. */
export class StopIteration<T = unknown> extends Error {
  override name = 'StopIteration';
  /** The generator's return value. */
  readonly value: T;
  constructor(value: T, message = 'generator finished') {
    super(message);
    this.value = value;
  }
}

/** Thrown into a generator by `PyGenerator.close()`, as Python's `GeneratorExit`. */
export class GeneratorExit extends Error {
  override name = 'GeneratorExit';
}

/** Python's ValueError: used for "generator already executing". */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Python's RuntimeError: misuse of the loop, e.g. "generator ignored GeneratorExit", "no running event loop". */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** The loop cannot make progress: tasks are blocked, nothing is ready and no timer is pending. */
export class DeadlockError extends RuntimeError {
  override name = 'DeadlockError';
}

/** A run under exploration took more than `maxSteps` task steps without finishing. */
export class LivelockError extends RuntimeError {
  override name = 'LivelockError';
}

/** A broken invariant inside the engine. Seeing one is a bug in yieldfrom: please report it. */
export class InternalError extends Error {
  override name = 'InternalError';
}

/** `Queue.getNowait()` on an empty queue. */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
}

/** `Queue.putNowait()` on a full queue. */
export class QueueFull extends Error {
  override name = 'QueueFull';
}

/** A put or get on a queue that was shut down (Python 3.13's `QueueShutDown`). */
export class QueueShutDown extends Error {
  override name = 'QueueShutDown';
}

/** A Barrier was reset or aborted while a task waited on it, or is broken. */
export class BrokenBarrierError extends RuntimeError {
  override name = 'BrokenBarrierError';
}

/** An operation ran out of time (`waitFor`, `timeout`). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Several errors at once, as Python's ExceptionGroup (a TaskGroup's children's failures). */
export class ExceptionGroup extends AggregateError {
  override name = 'ExceptionGroup';
  /** The errors, in the order they happened (Python's `.exceptions`; same as `.errors`). */
  readonly exceptions: readonly unknown[];
  constructor(message: string, exceptions: readonly unknown[]) {
    super(exceptions, message);
    this.exceptions = exceptions;
  }
}
