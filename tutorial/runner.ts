// tutorial/runner.ts: what the page's controls drive. A LiveRunner steps the real engine (a
// SteppedHost running a demo); a RecordingRunner replays a trace recorded from a real run in
// Node (executor, server), one recorded iteration per step. Both move on loop time, which Play
// lets flow with the browser's frames. No DOM here.

import type { TraceEvent } from '../lib/index.js';
import type { TraceLike } from '../lib/timeline-html.js';
import type { SteppedHost } from './host.js';
import type { SourceLine, SourceTracer } from './source-tracer.js';

export interface Runner {
  /** The events so far (a recording: those revealed). */
  readonly trace: TraceLike;
  iterations(): number;
  time(): number;
  /** When the next iteration would run, or null when nothing is left. */
  nextTime(): number | null;
  /** One loop iteration; false when there was nothing left to run. */
  step(): boolean;
  /** Lets loop time pass up to `when` without running anything (Play between timers). */
  advanceTo(when: number): void;
  finished(): boolean;
  error(): unknown;
  lineOf(i: number): SourceLine | undefined;
}

export class LiveRunner implements Runner {
  constructor(
    readonly host: SteppedHost,
    readonly tracer: SourceTracer,
  ) {}
  get trace(): TraceLike {
    return this.tracer;
  }
  iterations(): number {
    return this.host.iterations;
  }
  time(): number {
    return this.host.time();
  }
  nextTime(): number | null {
    return this.host.nextTime();
  }
  step(): boolean {
    return this.host.step();
  }
  advanceTo(when: number): void {
    if (this.host.running) this.host.advanceTo(when);
  }
  finished(): boolean {
    return this.host.finished;
  }
  error(): unknown {
    return this.host.error;
  }
  lineOf(i: number): SourceLine | undefined {
    return this.tracer.lineOf(i);
  }
}

/** A run recorded by scripts/tutorial-record.ts. */
export interface Recording {
  demo: string;
  command: string;
  recordedAt: string;
  node: string;
  events: TraceEvent[];
  names: [number, string][];
  /** The number of events after each loop iteration that recorded any. */
  iterations: number[];
  /** What the run printed, each line with the number of events recorded before it. */
  transcript: { at: number; line: string }[];
  /** Per event: the demo line it came from (as SourceTracer.lines). */
  lines: (SourceLine | null)[];
}

export class RecordingRunner implements Runner {
  #k = 0; // iterations revealed
  #now = 0;
  readonly #names: Map<number, string>;
  constructor(readonly recording: Recording) {
    this.#names = new Map(recording.names);
  }
  /** Events revealed so far. */
  shown(): number {
    return this.#k === 0 ? 0 : this.recording.iterations[this.#k - 1]!;
  }
  get trace(): TraceLike {
    return { events: this.recording.events.slice(0, this.shown()), names: this.#names };
  }
  /** The transcript lines printed by now. */
  printed(): string[] {
    const n = this.shown();
    const done = this.finished();
    return this.recording.transcript.filter((l) => done || l.at <= n).map((l) => l.line);
  }
  iterations(): number {
    return this.#k;
  }
  time(): number {
    return this.#now;
  }
  nextTime(): number | null {
    if (this.finished()) return null;
    const first = this.shown();
    return this.recording.events[first]?.time ?? this.#now;
  }
  step(): boolean {
    if (this.finished()) return false;
    const t = this.nextTime()!;
    this.#k++;
    this.#now = Math.max(this.#now, t);
    return true;
  }
  advanceTo(when: number): void {
    if (when > this.#now) this.#now = when;
  }
  finished(): boolean {
    return this.#k >= this.recording.iterations.length;
  }
  error(): unknown {
    return undefined;
  }
  lineOf(i: number): SourceLine | undefined {
    return i < this.shown() ? (this.recording.lines[i] ?? undefined) : undefined;
  }
}

/**
 * One frame of Play: lets `dt` seconds of loop time pass, running the iterations that fall due
 * (at most `max`; an instant with many iterations then spreads over several frames).
 */
export function playFrame(runner: Runner, dt: number, max: number): void {
  const target = runner.time() + dt;
  for (let n = 0; n < max; n++) {
    const next = runner.nextTime();
    if (next === null) {
      if (!runner.finished()) runner.step(); // lets the host report a deadlock
      return;
    }
    if (next > target) {
      runner.advanceTo(target);
      return;
    }
    runner.step();
  }
}
