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
  | { kind: 'done'; time: number; task: number; outcome: 'returned' | 'failed' | 'cancelled'; detail: string };

/**
 * Collects a loop's trace.
 * @example
 * const trace = new Tracer(); new EventLoop({ trace }).runUntilComplete(main()); console.log(renderTimeline(trace));
 */
export class Tracer implements TraceHooks {
  readonly events: TraceEvent[] = [];
  /** Task number → name, for renderers. */
  readonly names = new Map<number, string>();

  /** @internal */ _create(time: number, task: Task, parent: Task | null): void {
    this.names.set(task._id, task.getName());
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
  /** @internal */ _done(time: number, task: Task, outcome: 'returned' | 'failed' | 'cancelled', detail: string): void {
    this.names.set(task._id, task.getName());
    this.events.push({ kind: 'done', time, task: task._id, outcome, detail });
  }
}

function cell(e: TraceEvent, names: Map<number, string>): string {
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
  }
}

/**
 * An ASCII swimlane: one column per task, one row per event, loop time on the left.
 * @example console.log(renderTimeline(tracer));
 */
export function renderTimeline(trace: Tracer, options: { width?: number; kinds?: TraceEvent['kind'][] } = {}): string {
  const width = options.width ?? 22;
  const kinds = new Set(options.kinds ?? ['create', 'effect', 'block', 'wake', 'done']);
  const ids = [...trace.names.keys()].sort((a, b) => a - b);
  const col = new Map(ids.map((id, i) => [id, i]));
  const fit = (s: string): string => (s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width));
  const lines = [`${'time'.padEnd(9)}| ${ids.map((id) => fit(trace.names.get(id) ?? `#${id}`)).join('| ')}`];
  lines.push(`${'-'.repeat(9)}+${ids.map(() => '-'.repeat(width + 1)).join('+')}`);
  let lastTime = Number.NaN;
  for (const e of trace.events) {
    if (!kinds.has(e.kind)) continue;
    const cells = ids.map(() => ''.padEnd(width));
    cells[col.get(e.task)!] = fit(cell(e, trace.names));
    const t = e.time === lastTime ? '' : e.time.toFixed(4);
    lastTime = e.time;
    lines.push(`${t.padEnd(9)}| ${cells.join('| ')}`.trimEnd());
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
