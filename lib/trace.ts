// trace.ts: what a run did, event by event: tasks created, stepped, what each yielded, what
// it blocked on, who woke it, how it ended, all stamped with loop time. A loop records only
// when given a Tracer (`new EventLoop({ trace: new Tracer() })`); without one the kernel pays a
// null check per step. Two renderers: an ASCII swimlane and Chrome Trace Event JSON (Perfetto).

import { describeEffect } from './effects.js';
import type { Task } from './task.js';
import { describeWait } from './loop.js';

/**
 * @internal What the kernel reports a run to, event by event: a Tracer, or debug mode's watch
 * (debug.ts). Null on the loop when neither is on, so the kernel only pays a null check.
 */
export interface TraceHooks {
  _create(time: number, task: Task, parent: Task | null): void;
  _step(time: number, task: Task): void;
  /** `effect` is what the task yielded (the hook describes it if it records it). */
  _effect(time: number, task: Task, effect: unknown): void;
  _block(time: number, task: Task): void;
  _wake(time: number, task: Task, by: Task | null): void;
  _done(time: number, task: Task, outcome: 'returned' | 'failed' | 'cancelled', detail: string): void;
  _mark(): number;
  _retract(mark: number): void;
}

/** One thing that happened. `task` is the task's number (its `Task-N`), `time` loop seconds. */
export type TraceEvent =
  | { kind: 'create'; time: number; task: number; name: string; parent: number | null }
  | { kind: 'step'; time: number; task: number }
  | { kind: 'effect'; time: number; task: number; effect: string }
  | { kind: 'block'; time: number; task: number; on: string }
  | { kind: 'wake'; time: number; task: number; by: number | null }
  | { kind: 'done'; time: number; task: number; outcome: 'returned' | 'failed' | 'cancelled'; detail: string }
  /** Under a schedule policy: `chosen` ran before `over`, CPython's FIFO choice (a deviation). `task` is null when a timer or callback was chosen. */
  | { kind: 'pick'; time: number; task: number | null; chosen: string; over: string }
  /** Under a latency model: a sleep (of `task`) or a timer fires `by` seconds late. */
  | { kind: 'late'; time: number; task: number | null; what: string; by: number };

/**
 * Collects a loop's trace.
 * @example
 * const trace = new Tracer(); new EventLoop({ trace }).runUntilComplete(main()); console.log(renderTimeline(trace));
 */
export class Tracer implements TraceHooks {
  readonly events: TraceEvent[] = [];
  /** Task number → name, for renderers (a live task's current name: see refresh()). */
  readonly names = new Map<number, string>();
  /** Tasks not done yet, whose names may still change. */
  readonly #live = new Map<number, Task>();

  /** Takes the current names of the tasks not done yet (one renamed after it was created); the renderers call it. */
  refresh(): void {
    for (const [id, t] of this.#live) this.names.set(id, t.getName());
  }

  /** @internal */ _create(time: number, task: Task, parent: Task | null): void {
    this.names.set(task._id, task.getName());
    this.#live.set(task._id, task);
    this.events.push({ kind: 'create', time, task: task._id, name: task.getName(), parent: parent?._id ?? null });
  }
  /** @internal */ _step(time: number, task: Task): void {
    this.events.push({ kind: 'step', time, task: task._id });
  }
  /** @internal */ _effect(time: number, task: Task, effect: unknown): void {
    this.events.push({ kind: 'effect', time, task: task._id, effect: describeEffect(effect) });
  }
  /** @internal */ _block(time: number, task: Task): void {
    this.events.push({ kind: 'block', time, task: task._id, on: describeWait(task) });
  }
  /** @internal */ _wake(time: number, task: Task, by: Task | null): void {
    this.events.push({ kind: 'wake', time, task: task._id, by: by?._id ?? null });
  }
  /** @internal Where the next event goes (see _retract). */ _mark(): number {
    return this.events.length;
  }
  /** @internal Drops the events recorded since `mark`: an effect tried inline that must go to the loop after all (yield-once.ts). */ _retract(mark: number): void {
    this.events.length = mark;
  }
  /** @internal A deviation from FIFO (choice.ts). */ _pick(time: number, chosen: Task | null, chosenText: string, overText: string): void {
    this.events.push({ kind: 'pick', time, task: chosen === null ? null : chosen._id, chosen: chosenText, over: overText });
  }
  /** @internal A sleep or timer made late by a latency model (choice.ts). */ _late(time: number, task: Task | null, what: string, by: number): void {
    this.events.push({ kind: 'late', time, task: task === null ? null : task._id, what, by });
  }
  /** @internal */ _done(time: number, task: Task, outcome: 'returned' | 'failed' | 'cancelled', detail: string): void {
    this.names.set(task._id, task.getName());
    this.#live.delete(task._id);
    this.events.push({ kind: 'done', time, task: task._id, outcome, detail });
  }
}

function cell(e: TraceEvent, names: ReadonlyMap<number, string>): string {
  switch (e.kind) {
    case 'create':
      return 'created';
    case 'step':
      return 'runs';
    case 'effect':
      return e.effect;
    case 'block':
      return `waits: ${e.on}`;
    case 'wake':
      return e.by === null ? 'woken' : `woken by ${names.get(e.by) ?? `#${e.by}`}`;
    case 'done':
      return e.outcome === 'returned' ? `returns ${e.detail}` : `${e.outcome}: ${e.detail}`;
    case 'pick':
      return e.task === null ? `» ${e.chosen} runs before ${e.over}` : `» runs before ${e.over}`;
    case 'late':
      return e.task === null ? `» ${e.what} fires ${e.by} s late` : `» ${e.what} ${e.by} s late`;
  }
}

/** Cuts `s` into lines of at most `width` characters, at spaces where it can. */
function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  while (s.length > width) {
    let cut = s.lastIndexOf(' ', width);
    if (cut < width / 2) cut = width;
    out.push(s.slice(0, cut).trimEnd());
    s = s.slice(cut).trimStart();
  }
  out.push(s);
  return out;
}

const LOOP_LANE = -1;

/**
 * An ASCII swimlane: one column per task, one row per event, loop time on the left. Long cells
 * wrap onto more lines; a deviation from FIFO (under a schedule policy) is marked `»`, in the
 * lane of the task that ran (or a `(loop)` lane for timers and callbacks). When the lanes would
 * be wider than `maxWidth` (default 120), it folds them into one column naming the task.
 * @example console.log(renderTimeline(tracer));
 */
export function renderTimeline(trace: Tracer, options: { width?: number; maxWidth?: number; kinds?: TraceEvent['kind'][] } = {}): string {
  trace.refresh();
  const width = options.width ?? 22;
  const maxWidth = options.maxWidth ?? 120;
  const kinds = new Set(options.kinds ?? ['create', 'effect', 'block', 'wake', 'done', 'pick', 'late']);
  const names = trace.names;
  const events = trace.events.filter((e) => kinds.has(e.kind));
  const ids = [...names.keys()].sort((a, b) => a - b);
  if (events.some((e) => e.task === null)) ids.push(LOOP_LANE);
  const nameOf = (id: number | null): string => (id === null || id === LOOP_LANE ? '(loop)' : (names.get(id) ?? `#${id}`));
  const stamp = (e: TraceEvent, last: number): string => (e.time === last ? '' : e.time.toFixed(4));
  const lines: string[] = [];
  let lastTime = Number.NaN;
  if (10 + ids.length * (width + 2) <= maxWidth) {
    const col = new Map(ids.map((id, i) => [id, i]));
    const pad = (s: string): string => s.padEnd(width);
    lines.push(`${'time'.padEnd(9)}| ${ids.map((id) => wrap(nameOf(id), width)[0]!.padEnd(width)).join('| ')}`.trimEnd());
    lines.push(`${'-'.repeat(9)}+${ids.map(() => '-'.repeat(width + 1)).join('+')}`);
    for (const e of events) {
      const parts = wrap(cell(e, names), width);
      const c = col.get(e.task ?? LOOP_LANE)!;
      parts.forEach((part, k) => {
        const cells = ids.map(() => pad(''));
        cells[c] = pad(part);
        lines.push(`${(k === 0 ? stamp(e, lastTime) : '').padEnd(9)}| ${cells.join('| ')}`.trimEnd());
      });
      lastTime = e.time;
    }
    return lines.join('\n');
  }
  // Folded: one column for the task, one for what it did.
  const who = Math.min(width, Math.max(4, ...ids.map((id) => nameOf(id).length)));
  const rest = Math.max(20, maxWidth - 14 - who);
  lines.push(`${'time'.padEnd(9)}| ${'task'.padEnd(who)} | event`);
  lines.push(`${'-'.repeat(9)}+${'-'.repeat(who + 2)}+${'-'.repeat(rest + 1)}`);
  for (const e of events) {
    const parts = wrap(cell(e, names), rest);
    const name = wrap(nameOf(e.task), who);
    for (let k = 0; k < Math.max(parts.length, name.length); k++) {
      lines.push(`${(k === 0 ? stamp(e, lastTime) : '').padEnd(9)}| ${(name[k] ?? '').padEnd(who)} | ${parts[k] ?? ''}`.trimEnd());
    }
    lastTime = e.time;
  }
  return lines.join('\n');
}

/**
 * * Chrome Trace Event JSON (open in Perfetto or chrome://tracing): one track per task, a slice per
 * step, instant events for effects, blocks and wake-ups. Loop seconds map to trace microseconds;
 * steps within one instant are spread 1 µs apart so their order shows.
 * @example
 * writeFileSync('trace.json', JSON.stringify(toChromeTrace(tracer))); // open in Perfetto
 */
export function toChromeTrace(trace: Tracer): { traceEvents: Record<string, unknown>[]; displayTimeUnit: string } {
  trace.refresh();
  const out: Record<string, unknown>[] = [];
  for (const [id, name] of trace.names) out.push({ ph: 'M', name: 'thread_name', pid: 1, tid: id, args: { name } });
  let lastTime = Number.NaN;
  let offset = 0;
  const open = new Map<number, number>();
  const ts = (time: number): number => {
    if (time !== lastTime) {
      lastTime = time;
      offset = 0;
    }
    return time * 1e6 + offset++;
  };
  for (const e of trace.events) {
    const t = ts(e.time);
    if (e.task === null) {
      out.push({ ph: 'i', s: 'g', name: cell(e, trace.names), pid: 1, tid: 0, ts: t });
      continue;
    }
    if (e.kind === 'step') {
      open.set(e.task, t);
      continue;
    }
    if ((e.kind === 'block' || e.kind === 'done') && open.has(e.task)) {
      const start = open.get(e.task)!;
      open.delete(e.task);
      out.push({ ph: 'X', name: 'step', pid: 1, tid: e.task, ts: start, dur: Math.max(1, t - start) });
    }
    out.push({ ph: 'i', s: 't', name: cell(e, trace.names), pid: 1, tid: e.task, ts: t });
  }
  return { traceEvents: out, displayTimeUnit: 'ms' };
}
