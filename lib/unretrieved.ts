// unretrieved.ts: failed futures and tasks whose exception nobody has retrieved, to be reported
// as asyncio reports them ("Task exception was never retrieved"). On the virtual and stepped
// clocks the loop holds them and reports them when it closes, in order, so a run's output is
// deterministic. On the real clock it holds them weakly: each one is reported when it becomes
// garbage (a FinalizationRegistry, as CPython reports from __del__) or when the loop closes,
// whichever comes first, so a long-running server does not keep every failed fire-and-forget task
// alive until shutdown. Only failures pay for this; a task that succeeds never comes here.

import type { Future } from './future.js';
import { GarbageWatch } from './garbage-watch.js';

/** A failure to report. `future` is null when it was already garbage (then `description` says what it was). @internal */
export interface UnretrievedReport {
  future: Future<unknown> | null;
  exception: unknown;
  description: string;
  isTask: boolean;
}

/** The loop's record of failures nobody retrieved. @internal */
export interface Unretrieved {
  /** `f` failed (its exception is in f._value). */
  add(f: Future<unknown>): void;
  /** Someone retrieved `f`'s exception. */
  delete(f: Future<unknown>): void;
  /** Every failure not yet retrieved nor reported, oldest first; they are forgotten. */
  take(): UnretrievedReport[];
}

const isTask = (f: Future<unknown>): boolean => typeof (f as { getCoro?: unknown }).getCoro === 'function';

/** Holds the failed futures until they are reported: deterministic, for virtual time. @internal */
export class HeldUnretrieved implements Unretrieved {
  readonly #set = new Set<Future<unknown>>();
  add(f: Future<unknown>): void {
    this.#set.add(f);
  }
  delete(f: Future<unknown>): void {
    this.#set.delete(f);
  }
  take(): UnretrievedReport[] {
    const out = [...this.#set].map((f) => ({ future: f, exception: f._value, description: String(f), isTask: isTask(f) }));
    this.#set.clear();
    return out;
  }
}

interface Entry {
  ref: WeakRef<Future<unknown>>;
  exception: unknown;
  /** '' until settled (see #settle). */
  description: string;
  isTask: boolean;
}

/**
 * Holds the failed futures weakly; `onGarbage` reports one that became garbage unretrieved.
 * @internal
 */
export class WeakUnretrieved implements Unretrieved {
  readonly #watch: GarbageWatch<Future<unknown>, Entry>;
  readonly #defer: (fn: () => void) => void;
  #unsettled: Entry[] = [];

  /** `defer(fn)` runs fn in a later host turn. */
  constructor(onGarbage: (report: UnretrievedReport) => void, defer: (fn: () => void) => void) {
    this.#defer = defer;
    this.#watch = new GarbageWatch((e) => onGarbage(report(e, null)));
  }

  add(f: Future<unknown>): void {
    const e: Entry = { ref: new WeakRef(f), exception: f._value, description: '', isTask: isTask(f) };
    this.#watch.add(f, e);
    if (this.#unsettled.push(e) === 1) this.#defer(() => this.#settle());
  }

  // Why settle in a later host turn: until an Error's stack is first read, V8 keeps it as the
  // frames, whose receivers include the task (its step was on the stack), so the exception held
  // here would keep the task alive. Reading it (some 10-15 us) turns it into a string. Most
  // failures are retrieved by then (an awaiting task wakes in the next loop iteration) and cost
  // nothing more; the others are settled here, with the description the report will need.
  #settle(): void {
    const list = this.#unsettled;
    this.#unsettled = [];
    for (const e of list) {
      if (!this.#watch.has(e)) continue;
      const f = e.ref.deref();
      if (f !== undefined) e.description = String(f);
      if (e.exception instanceof Error) void e.exception.stack;
    }
  }

  delete(f: Future<unknown>): void {
    this.#watch.clear(f);
  }

  take(): UnretrievedReport[] {
    return this.#watch.take().map((e) => report(e, e.ref.deref() ?? null));
  }
}

function report(e: Entry, f: Future<unknown> | null): UnretrievedReport {
  const description = e.description || (f !== null ? String(f) : `<${e.isTask ? 'Task' : 'Future'} failed>`);
  return { future: f, exception: e.exception, description, isTask: e.isTask };
}
