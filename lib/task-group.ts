// task-group.ts: TaskGroup, as asyncio.TaskGroup (3.13): structured concurrency. The group waits
// for every child; the first child to fail cancels its siblings and the body; the errors are
// gathered into one ExceptionGroup that carries them all.

import { CancelledError, ExceptionGroup, RuntimeError } from './errors.js';
import { Future, short } from './future.js';
import type { EventLoop } from './loop.js';
import { currentTask, getRunningLoop } from './running.js';
import type { Task } from './task.js';

/**
 * A scope that owns tasks.
 * @example
 * const tg = new TaskGroup();
 * yield* tg.with(function* () {
 *   tg.createTask(fetch('a'));
 *   tg.createTask(fetch('b'));
 * }); // both done here; if one failed, the other was cancelled and an ExceptionGroup is thrown
 */
export class TaskGroup {
  #entered = false;
  #exiting = false;
  #aborting = false;
  #loop: EventLoop | null = null;
  #parent: Task | null = null;
  #parentCancelRequested = false;
  readonly #tasks = new Set<Task>();
  #errors: unknown[] = [];
  #onCompleted: Future<boolean> | null = null;

  /** Starts a task in the group. The group must be entered (inside `with`) and not shutting down. */
  createTask<T>(coro: Generator<unknown, T, any> | (() => Generator<unknown, T, any>), options: { name?: string } = {}): Task<T> {
    if (!this.#entered) throw new RuntimeError(`TaskGroup.createTask(): ${this} has not been entered`);
    if (this.#exiting && this.#tasks.size === 0) throw new RuntimeError(`TaskGroup.createTask(): ${this} is finished`);
    if (this.#aborting) throw new RuntimeError(`TaskGroup.createTask(): ${this} is shutting down`);
    const task = this.#loop!.createTask(coro, options);
    if (task.done()) this.#onTaskDone(task);
    else {
      this.#tasks.add(task);
      task.addDoneCallback((t) => this.#onTaskDone(t as Task));
    }
    return task;
  }

  /** Runs `body` with the group entered, then waits for every task of the group. */
  *with<R>(body: (tg: TaskGroup) => Generator<unknown, R, any>): Generator<unknown, R, any> {
    if (typeof body !== 'function') throw new TypeError(`TaskGroup.with(): expected a generator function, got ${short(body)}`);
    if (this.#entered) throw new RuntimeError(`TaskGroup.with(): ${this} has already been entered`);
    this.#loop = getRunningLoop();
    this.#parent = currentTask();
    if (this.#parent === null) throw new RuntimeError(`TaskGroup.with(): ${this} cannot determine the parent task`);
    this.#entered = true;
    let result: R;
    try {
      result = yield* body(this);
    } catch (e) {
      yield* this.#exit(true, e);
      throw e;
    }
    yield* this.#exit(false, undefined);
    return result;
  }

  *#exit(failed: boolean, exc: unknown): Generator<unknown, void, any> {
    this.#exiting = true;
    let propagateCancellation: unknown = failed && exc instanceof CancelledError ? exc : null;
    if (failed && !this.#aborting) this.#abort();
    while (this.#tasks.size !== 0) {
      if (this.#onCompleted === null) this.#onCompleted = new Future<boolean>(this.#loop!);
      try {
        yield this.#onCompleted;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        if (!this.#aborting) {
          propagateCancellation = e;
          this.#abort();
        }
      }
      this.#onCompleted = null;
    }
    if (this.#parentCancelRequested) {
      if (this.#parent!.uncancel() === 0) propagateCancellation = null;
    }
    if (propagateCancellation !== null && this.#errors.length === 0) throw propagateCancellation;
    if (failed && !(exc instanceof CancelledError)) this.#errors.push(exc);
    if (this.#errors.length !== 0) {
      if (this.#parent!.cancelling()) {
        this.#parent!.uncancel();
        this.#parent!.cancel();
      }
      const errors = this.#errors;
      this.#errors = [];
      throw new ExceptionGroup(`unhandled errors in a TaskGroup (${errors.length} sub-exception${errors.length === 1 ? '' : 's'})`, errors);
    }
  }

  #abort(): void {
    this.#aborting = true;
    for (const t of this.#tasks) if (!t.done()) t.cancel();
  }

  #onTaskDone(task: Task): void {
    this.#tasks.delete(task);
    if (this.#onCompleted !== null && this.#tasks.size === 0 && !this.#onCompleted.done()) this.#onCompleted.setResult(true);
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === null) return;
    this.#errors.push(exc);
    if (this.#parent!.done()) {
      this.#loop!.callExceptionHandler({ message: `Task ${task} has errored out but its parent task ${this.#parent} is already completed`, exception: exc, task });
      return;
    }
    if (!this.#aborting && !this.#parentCancelRequested) {
      this.#abort();
      this.#parentCancelRequested = true;
      this.#parent!.cancel();
    }
  }

  toString(): string {
    const info = [this.#tasks.size ? `tasks=${this.#tasks.size}` : '', this.#errors.length ? `errors=${this.#errors.length}` : '', this.#aborting ? 'cancelling' : this.#entered ? 'entered' : ''].filter(Boolean);
    return `<TaskGroup${info.length ? ` ${info.join(' ')}` : ''}>`;
  }
}
