// tutorial/source-tracer.ts: a Tracer that also knows which line of a demo each event came
// from. The site's build instruments the demos (tutorial/instrument.ts): before every yield it
// calls __yf_at(file, line). The tracer keeps the last such line of each task; an effect or a
// block is the task's last yield, a step resumes there, a wake-up is the waker's.
// It overrides the Tracer's recording hooks (_step, _effect, ...), which are internal to yieldfrom.

import { type Task, Tracer } from '../lib/index.js';

/** Where in the demo's source an event came from. */
export interface SourceLine {
  /** The file's name without extension ('bread', 'zoo'). */
  file: string;
  line: number;
  /** The line in the page's own file, when the yield was in a helper in another file (countdown-sync → countdown). */
  pageLine?: number;
}

type Marker = (file: string, line: number) => void;
const g = globalThis as unknown as { __yf_at?: Marker };
let active: SourceTracer | null = null;
// The instrumented demos call this global before each yield.
g.__yf_at = (file, line) => active?.mark(file, line);

export class SourceTracer extends Tracer {
  /** Per event (by index): the source line it came from, if known. */
  readonly lines: (SourceLine | undefined)[] = [];
  #task = 0;
  readonly #last = new Map<number, Map<string, number>>();
  readonly #innermost = new Map<number, string>();

  /** @param pageFile the page's own file ('bread'), for pageLine. */
  constructor(readonly pageFile: string) {
    super();
    active = this;
  }

  /** Makes this the tracer the instrumented demos report to (the newest one is, by default). */
  activate(): void {
    active = this;
  }

  /** A yield at `file:line` is about to run in the task being stepped. */
  mark(file: string, line: number): void {
    let m = this.#last.get(this.#task);
    if (m === undefined) this.#last.set(this.#task, (m = new Map()));
    m.set(file, line);
    this.#innermost.set(this.#task, file);
  }

  /** The source line of event `i`, if known. */
  lineOf(i: number): SourceLine | undefined {
    return i < this.events.length ? this.lines[i] : undefined;
  }

  /** Keeps a task's name current (setName after spawn), which the Tracer notes only at create and done. */
  #rename(task: Task): void {
    if (this.names.get(task._id) !== task.getName()) this.names.set(task._id, task.getName());
  }

  #note(task: number | undefined): void {
    const i = this.events.length - 1;
    const file = task === undefined ? undefined : this.#innermost.get(task);
    if (task === undefined || file === undefined) {
      this.lines[i] = undefined;
      return;
    }
    const m = this.#last.get(task)!;
    const page = m.get(this.pageFile);
    this.lines[i] = { file, line: m.get(file)!, ...(page !== undefined ? { pageLine: page } : {}) };
  }

  override _create(time: number, task: Task, parent: Task | null): void {
    super._create(time, task, parent);
    this.#note(parent?._id); // the spawn
  }
  override _step(time: number, task: Task): void {
    super._step(time, task);
    this.#rename(task);
    this.#task = task._id;
    this.#note(task._id);
  }
  override _effect(time: number, task: Task, effect: string): void {
    super._effect(time, task, effect);
    this.#note(task._id);
  }
  override _block(time: number, task: Task): void {
    super._block(time, task);
    this.#rename(task);
    this.#note(task._id);
  }
  override _wake(time: number, task: Task, by: Task | null): void {
    super._wake(time, task, by);
    this.#note(by?._id);
  }
  override _done(time: number, task: Task, outcome: 'returned' | 'failed' | 'cancelled', detail: string): void {
    super._done(time, task, outcome, detail);
    this.#note(task._id);
  }
}
