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

/** A broken invariant inside the engine. Seeing one is a bug in yieldfrom: please report it. */
export class InternalError extends Error {
  override name = 'InternalError';
}
