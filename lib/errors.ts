// errors.ts: every error class yieldfrom raises, one class per condition.
// Names follow Python's (CancelledError, InvalidStateError, StopIteration, GeneratorExit) so
// asyncio users recognise them; messages read `<Api.method>(): <what is wrong>[: <value>]`.

/**
 * The task or future was cancelled. Delivered at the task's suspension point, where it may be caught.
 * @example
 * try { yield* sleep(10); } catch (e) { if (e instanceof CancelledError) cleanup(); throw e; }
 */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/**
 * An operation is not allowed in the future's or task's current state (e.g. `setResult` on a done future).
 * @example
 * new Future().result(); // InvalidStateError: Future.result(): result is not set yet
 */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/**
 * A generator (or a task driven by `send`) has finished; `value` is what it returned.
 * @example
 * try { c.send(0); } catch (e) { if (e instanceof StopIteration) console.log(e.value); }
 */
export class StopIteration<T = unknown> extends Error {
  override name = 'StopIteration';
  /** The generator's return value. */
  readonly value: T;
  constructor(value: T, message = 'generator finished') {
    super(message);
    this.value = value;
  }
}

/**
 * Thrown into a generator by `PyGenerator.close()`, as Python's `GeneratorExit`.
 * @example
 * function* g() { try { yield 1; } catch (e) { if (e instanceof GeneratorExit) return 'closed'; throw e; } }
 */
export class GeneratorExit extends Error {
  override name = 'GeneratorExit';
}

/**
 * Python's ValueError: used for "generator already executing".
 * @example
 * queue.taskDone(); // ValueError when called more times than items were put
 */
export class ValueError extends Error {
  override name = 'ValueError';
}

/**
 * Python's RuntimeError: misuse of the loop, e.g. "generator ignored GeneratorExit", "no running event loop".
 * @example
 * new Lock().release(); // RuntimeError: Lock.release(): lock is not acquired
 */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/**
 * The loop cannot make progress: tasks are blocked, nothing is ready and no timer is pending.
 * @example
 * runSync(function* () { yield* new Future(); }); // DeadlockError: ... can never complete
 */
export class DeadlockError extends RuntimeError {
  override name = 'DeadlockError';
}

/**
 * A run under exploration took more than `maxSteps` task steps without finishing.
 * @example
 * explore(spinForever, { maxSteps: 1000 }); // failure.error is a LivelockError
 */
export class LivelockError extends RuntimeError {
  override name = 'LivelockError';
}

/**
 * explore(): the program did not do the same thing twice on the same schedule, so something
 * besides the schedule (Math.random(), Date.now(), host I/O, state kept between runs) decides it.
 * @example
 * explore(function* () { if (Math.random() < 0.5) throw new Error('flaky'); }); // NondeterminismError
 */
export class NondeterminismError extends RuntimeError {
  override name = 'NondeterminismError';
}

/**
 * A broken invariant inside the engine. Seeing one is a bug in yieldfrom: please report it.
 * @example
 * // never thrown on purpose: report it if you see one
 */
export class InternalError extends Error {
  override name = 'InternalError';
}

/**
 * `Queue.getNowait()` on an empty queue.
 * @example
 * try { q.getNowait(); } catch (e) { if (e instanceof QueueEmpty) idle(); }
 */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
}

/**
 * `Queue.putNowait()` on a full queue.
 * @example
 * try { q.putNowait(x); } catch (e) { if (e instanceof QueueFull) dropped++; }
 */
export class QueueFull extends Error {
  override name = 'QueueFull';
}

/**
 * A put or get on a queue that was shut down (Python 3.13's `QueueShutDown`).
 * @example
 * q.shutdown(); q.putNowait(1); // QueueShutDown
 */
export class QueueShutDown extends Error {
  override name = 'QueueShutDown';
}

/**
 * A Barrier was reset or aborted while a task waited on it, or is broken.
 * @example
 * try { yield* barrier.wait(); } catch (e) { if (e instanceof BrokenBarrierError) retry(); }
 */
export class BrokenBarrierError extends RuntimeError {
  override name = 'BrokenBarrierError';
}

/**
 * An operation ran out of time (`waitFor`, `timeout`).
 * @example
 * try { yield* waitFor(job, 1); } catch (e) { if (e instanceof TimeoutError) giveUp(); }
 */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

// Why not `extends AggregateError` as written: AggregateError is ES2021, and the published types
// must compile with lib ES2020. At run time the base is the host's AggregateError wherever there is
// one (every current host), so an ExceptionGroup is an AggregateError there; else a stand-in.
const AggregateBase: new (errors: Iterable<unknown>, message?: string) => Error & { errors: any[] } =
  (globalThis as { AggregateError?: new (errors: Iterable<unknown>, message?: string) => Error & { errors: any[] } }).AggregateError ??
  class AggregateError extends Error {
    errors: any[];
    constructor(errors: Iterable<unknown>, message?: string) {
      super(message);
      this.errors = [...errors];
    }
  };

/**
 * Several errors at once, as Python's ExceptionGroup (a TaskGroup's children's failures). An
 * AggregateError where the host has one: `.errors` holds the same errors as `.exceptions`.
 * @example
 * catch (e) { if (e instanceof ExceptionGroup) for (const x of e.exceptions) console.error(x); }
 */
export class ExceptionGroup extends AggregateBase {
  override name = 'ExceptionGroup';
  /** The errors, in the order they happened (Python's `.exceptions`; same as `.errors`). */
  readonly exceptions: readonly unknown[];
  constructor(message: string, exceptions: readonly unknown[]) {
    super(exceptions, message);
    this.exceptions = exceptions;
  }
}
