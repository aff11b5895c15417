// explore.ts: run a program under many schedules and report the first that breaks it. Every
// suspension is an explicit yield, so the loop knows every choice point; a schedule policy
// makes the choices, a Recorder keeps them, a greedy shrinker removes the deviations from FIFO
// that the failure does not need, and a replay token (one short string) reproduces the run.

import { DeadlockError, LivelockError, RuntimeError } from './errors.js';
import { short } from './future.js';
import { EventLoop } from './loop.js';
import { encodeSchedule, fifo, pct, random, Recorder, replay, type SchedulePolicy } from './scheduler.js';
import { renderTimeline, Tracer } from './trace.js';

/** A program to explore: a generator function that gets the loop (or a generator object factory). */
export type Program<T> = (loop: EventLoop) => Generator<unknown, T, any>;

/** Options for explore() and runSchedule(). */
export interface ExploreOptions<T> {
  /** How many schedules to try (default 1000). */
  runs?: number;
  /** 'random' (default), 'pct', 'fifo', or a function from a run's seed to a policy. */
  strategy?: 'random' | 'pct' | 'fifo' | ((seed: number) => SchedulePolicy);
  /** Seed of the first run; run i uses seed + i (default 1). */
  seed?: number;
  /** PCT's depth (default 3). */
  depth?: number;
  /** A run taking more task steps than this is a livelock (default 100,000). */
  maxSteps?: number;
  /** The invariant on the result: return false (or throw) to report a failure. */
  check?: (result: T) => boolean | void;
  /** CPython's timer order inside each run (default 'fifo'). */
  timers?: 'fifo' | 'cpython';
  /** Write a progress line every this many runs (default: none), and one on failure. */
  progress?: number;
  /** Where progress lines go (default: console.error). */
  onProgress?: (line: string) => void;
}

/** What one run under one schedule did. */
export interface RunOutcome<T> {
  ok: boolean;
  result?: T;
  /** Why it failed: the program's error, a failed check, a deadlock or livelock, or an error reported to the loop's exception handler. */
  error?: unknown;
  /** The picks made at each choice point (0 = FIFO). */
  picks: number[];
  /** A token that replays this run: runSchedule(program, token). */
  token: string;
  trace: Tracer;
}

/** The first failing run of an exploration, shrunk. */
export interface ExploreFailure<T> extends RunOutcome<T> {
  /** The run (0-based) that failed first, and the picks it made before shrinking. */
  run: number;
  originalPicks: number[];
  /** A readable report: the error, the token, the swimlane timeline. */
  report: string;
}

/** The outcome of explore(). */
export interface ExploreResult<T> {
  ok: boolean;
  runs: number;
  failure?: ExploreFailure<T>;
}

class CheckFailed extends Error {
  override name = 'CheckFailed';
}

/**
 * Runs `program` once under `schedule` (a policy, a list of picks, or a replay token) on a fresh
 * virtual-clock loop, recording the trace.
 * @example const again = runSchedule(program, failure.token); // the same failure, exactly
 */
export function runSchedule<T>(program: Program<T>, schedule: SchedulePolicy | readonly number[] | string, options: ExploreOptions<T> = {}): RunOutcome<T> {
  const policy = typeof schedule === 'string' || Array.isArray(schedule) ? replay(schedule as readonly number[] | string) : (schedule as SchedulePolicy);
  const recorder = new Recorder(policy);
  const trace = new Tracer();
  const loop = new EventLoop({ schedule: recorder, trace, maxSteps: options.maxSteps ?? 100_000, timers: options.timers ?? 'fifo' });
  const reported: unknown[] = [];
  loop.setExceptionHandler((_l, ctx) => reported.push(ctx.exception ?? new RuntimeError(ctx.message)));
  let result: T | undefined;
  let error: unknown;
  let failed = false;
  try {
    result = loop.runUntilComplete(program(loop));
    if (options.check !== undefined && options.check(result) === false) throw new CheckFailed(`check failed for result ${short(result)}`);
  } catch (e) {
    failed = true;
    error = e;
  }
  try {
    if (!loop.isClosed()) {
      if (!failed) loop._cancelAllTasks();
      loop.close();
    }
  } catch (e) {
    if (!failed) {
      failed = true;
      error = e;
    }
  }
  if (!failed && reported.length) {
    failed = true;
    error = reported[0];
  }
  return { ok: !failed, ...(failed ? { error } : { result }), picks: recorder.picks, token: encodeSchedule(recorder.picks), trace };
}

function policyFor<T>(options: ExploreOptions<T>, seed: number): SchedulePolicy {
  const s = options.strategy ?? 'random';
  if (typeof s === 'function') return s(seed);
  if (s === 'random') return random(seed);
  if (s === 'pct') return pct(seed, { depth: options.depth ?? 3 });
  if (s === 'fifo') return fifo();
  throw new TypeError(`explore(): unknown strategy ${short(s)}; expected 'random', 'pct', 'fifo' or a function`);
}

/**
 * * Shrinks a failing schedule: zeroes the picks the failure does not need (fewest deviations from
 * FIFO), lowers the rest, and drops the FIFO tail. Each candidate is checked by replaying it.
 * @example
 * const small = shrinkSchedule(program, failing.picks, { check }); small.token;
 */
export function shrinkSchedule<T>(program: Program<T>, picks: readonly number[], options: ExploreOptions<T> = {}): RunOutcome<T> {
  let best = runSchedule(program, picks, options);
  if (best.ok) throw new RuntimeError('shrinkSchedule(): the schedule does not fail');
  let current = [...best.picks];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = current.length - 1; i >= 0; i--) {
      for (let v = 0; v < current[i]!; v++) {
        const candidate = [...current];
        candidate[i] = v;
        const out = runSchedule(program, candidate, options);
        if (!out.ok && sameKind(out.error, best.error)) {
          best = out;
          current = [...out.picks];
          changed = true;
          break;
        }
      }
    }
  }
  let end = current.length;
  while (end > 0 && current[end - 1] === 0) end--;
  best = runSchedule(program, current.slice(0, end), options);
  return best;
}

function sameKind(a: unknown, b: unknown): boolean {
  return (a as Error)?.constructor === (b as Error)?.constructor;
}

/**
 * Explores the interleavings of `program`: runs it under `runs` schedules and reports the first
 * failure (an error, a failed check, a deadlock or a livelock), shrunk, with its trace and replay token.
 * @example
 * const r = explore((loop) => bankTransfer(loop), { runs: 1000, check: (balance) => balance === 100 });
 * if (!r.ok) console.log(r.failure.report);
 */
export function explore<T>(program: Program<T>, options: ExploreOptions<T> = {}): ExploreResult<T> {
  if (typeof program !== 'function') throw new TypeError(`explore(): expected a program (loop) => generator, got ${short(program)}`);
  const runs = options.runs ?? 1000;
  if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`explore(): expected a positive integer number of runs, got ${short(runs)}`);
  const seed = options.seed ?? 1;
  const progress = options.progress;
  const say = options.onProgress ?? ((line: string) => (globalThis as unknown as { console: { error(s: string): void } }).console.error(line));
  for (let i = 0; i < runs; i++) {
    const out = runSchedule(program, policyFor(options, seed + i), options);
    if (progress !== undefined && (i + 1) % progress === 0) say(`explore: ${i + 1}/${runs} schedules, no failure yet`);
    if (!out.ok) {
      const shrunk = shrinkSchedule(program, out.picks, options);
      const failure: ExploreFailure<T> = { ...shrunk, run: i, originalPicks: out.picks, report: '' };
      failure.report = formatReport(failure);
      if (progress !== undefined) say(`explore: failure at run ${i + 1}; replay with ${failure.token}`);
      return { ok: false, runs: i + 1, failure };
    }
  }
  return { ok: true, runs };
}

function formatReport<T>(f: ExploreFailure<T>): string {
  const e = f.error;
  const what = e instanceof DeadlockError ? 'deadlock' : e instanceof LivelockError ? 'livelock' : e instanceof CheckFailed ? 'check failed' : 'error';
  const deviations = f.picks.filter((p) => p !== 0).length;
  return [
    `explore: ${what} at run ${f.run + 1}: ${e instanceof Error ? `${e.name}: ${e.message}` : short(e)}`,
    `schedule: ${deviations} deviation${deviations === 1 ? '' : 's'} from FIFO (${f.originalPicks.filter((p) => p !== 0).length} before shrinking)`,
    `replay: runSchedule(program, ${JSON.stringify(f.token)})`,
    '',
    renderTimeline(f.trace, { kinds: ['effect', 'block', 'wake', 'done'] }),
  ].join('\n');
}
