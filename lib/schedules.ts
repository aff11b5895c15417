// schedules.ts: schedules as a fast-check arbitrary, for property tests of concurrent code.
// The core does not depend on fast-check: pass your `fc` in. A schedule is a set of deviations
// from FIFO, each naming what runs at one choice point, so fast-check's shrinking (dropping
// deviations, lowering numbers) keeps the meaning of the rest. Given the program, the arbitrary
// learns how many choice points it has and what can run, and a counterexample prints its
// replay token, its error and its timeline.

import type { Jitter } from './choice.js';
import { type Program, type RunOptions, type RunOutcome, runSchedule } from './explore.js';
import { short } from './future.js';
import { type Deviation, encodeSchedule, fifo, random, Replay, type SchedulePolicy } from './scheduler.js';
import { renderTimeline } from './trace.js';

/** The parts of fast-check this uses (so the core needs no import of it). */
export interface FastCheckLike {
  array(arb: unknown, constraints?: { maxLength?: number; size?: string }): { map<U>(f: (v: any[]) => U): unknown };
  nat(constraints?: { max?: number }): unknown;
  integer(constraints?: { min?: number; max?: number }): unknown;
  tuple(...arbs: unknown[]): unknown;
  toStringMethod: symbol;
}

/** A schedule drawn by fast-check. */
export interface Schedule<T = unknown> {
  readonly deviations: readonly Deviation[];
  /** The replay token. */
  readonly token: string;
  /** A fresh policy that replays the deviations (use one per run). */
  policy(): SchedulePolicy;
  /** Runs the program (given to schedules()) under this schedule, untraced; the outcome is kept. */
  run(): RunOutcome<T>;
}

/** Options for schedules(). */
export interface ScheduleOptions<T> extends RunOptions<T> {
  /** The program the schedules are for: positions and identities are drawn from its runs, and run() and the printed counterexample use it. */
  program?: Program<T>;
  /** At most this many deviations (default: as many as the program has choice points; 64 without a program). */
  maxDeviations?: number;
  /** How many random runs learn the program's choice points and tasks (default 16, besides FIFO). */
  probes?: number;
}

/**
 * A fast-check arbitrary of schedules. Give it the program: it learns the program's choice
 * points (from its FIFO run and a few random ones), draws deviations among them with no cap
 * from fast-check's default size, and prints a counterexample as its token, error and timeline.
 * @example
 * import fc from 'fast-check';
 * fc.assert(fc.property(schedules(fc, { program, check }), (s) => s.run().ok));
 * // a failure prints "schedule yf2:…:3.t2", the error and the timeline; runSchedule(program, token) replays it
 */
export function schedules<A, T = unknown>(fc: FastCheckLike, options: ScheduleOptions<T> = {}): A {
  if (typeof fc?.array !== 'function' || typeof fc.toStringMethod !== 'symbol') throw new TypeError(`schedules(): expected fast-check as the first argument, got ${short(fc)}`);
  const program = options.program;
  if (program !== undefined && typeof program !== 'function') throw new TypeError(`schedules(): expected a program (loop) => generator, got ${short(program)}`);
  let points = 64;
  let ids = [1, 2, 3, 4, 5, 6, 7, 8];
  let fp = '';
  if (program !== undefined) {
    const seen = new Set<number>();
    let most = 1;
    const quiet = { ...options, onWarning: () => {} };
    const probe = (inner: SchedulePolicy, withFingerprint: boolean): RunOutcome<T> => {
      const spy: SchedulePolicy = {
        name: inner.name,
        choose(c, idsAt) {
          for (const id of idsAt) seen.add(id);
          return inner.choose(c, idsAt);
        },
        delay: (w, levels) => inner.delay?.(w, levels) ?? 0,
      };
      let n = 0;
      const counting: SchedulePolicy = { name: spy.name, choose: (c, i) => (n++, spy.choose(c, i)), delay: (w, l) => (n++, spy.delay!(w, l)) };
      const out = runSchedule(program, counting, { ...quiet, trace: false, fingerprint: withFingerprint });
      most = Math.max(most, n);
      return out;
    };
    fp = /^yf2:([0-9a-z]*):/.exec(probe(fifo(), true).token)![1]!;
    for (let s = 1; s <= (options.probes ?? 16); s++) probe(random(s), false);
    points = most;
    const all = [...seen];
    ids = [...all.filter((x) => x > 0).sort((a, b) => a - b), ...all.filter((x) => x < 0).sort((a, b) => b - a)];
    if (seen.has(0)) ids.push(0);
    if (ids.length === 0) ids = [1];
  }
  const maxDevs = options.maxDeviations ?? points;
  const levels = options.jitter === undefined ? 0 : ((typeof options.jitter === 'number' ? undefined : (options.jitter as Jitter).steps) ?? 2);
  // A deviation: [choice point, what]; `what` below ids.length names a candidate, past it a delay level.
  const what = fc.integer({ min: 0, max: ids.length - 1 + levels });
  const arb = fc.array(fc.tuple(fc.nat({ max: Math.max(0, points - 1) }), what), { maxLength: maxDevs, size: 'max' });
  return arb.map((raw: [number, number][]) => {
    const byAt = new Map<number, Deviation>();
    for (const [at, w] of raw) {
      if (byAt.has(at)) continue;
      byAt.set(at, w < ids.length ? { at, kind: 'pick', value: ids[w]! } : { at, kind: 'delay', value: w - ids.length + 1 });
    }
    const deviations = [...byAt.values()].sort((a, b) => a.at - b.at);
    const token = encodeSchedule(deviations, fp);
    let outcome: RunOutcome<T> | null = null;
    const schedule: Schedule<T> & Record<symbol, unknown> = {
      deviations,
      token,
      policy: () => new Replay(deviations),
      run() {
        if (program === undefined) throw new TypeError('Schedule.run(): pass the program to schedules(fc, { program })');
        return (outcome ??= runSchedule(program, new Replay(deviations), { ...options, trace: false, fingerprint: false, onWarning: () => {} }));
      },
      [fc.toStringMethod]: () => {
        if (program === undefined) return `schedule ${token}`;
        const traced = runSchedule(program, new Replay(deviations), { ...options, fingerprint: false, onWarning: () => {} });
        const e = traced.error;
        const head = traced.ok ? 'passes' : e instanceof Error ? `${e.name}: ${e.message}` : `fails: ${short(e)}`;
        return [`schedule ${token} (${deviations.length} deviations, ${traced.deviations.length} applied)`, head, renderTimeline(traced.trace!)].join('\n');
      },
    };
    return schedule;
  }) as A;
}
