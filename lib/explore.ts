// explore.ts: run a program under many schedules and report what breaks it. Every suspension is
// an explicit yield, so the loop knows every choice point; a policy makes the choices, a
// Recorder keeps the deviations from FIFO (naming what ran, not where it stood), and the search
// runs untraced. A failure is replayed to rule out nondeterminism, shrunk by delta debugging to
// the fewest deviations that fail the same way, and run once more, traced, for the report.

import { DeadlockError, LivelockError, NondeterminismError, RuntimeError } from './errors.js';
import { short } from './future.js';
import { describeWait, EventLoop } from './loop.js';
import { type Jitter, type JitterModel, jitterModel, type SchedulePolicy } from './choice.js';
import { instrument } from './footprint.js';
import { Pruned, type Reduction, ReducedSearch } from './por.js';
import { fingerprintOf, Recorder } from './recorder.js';
import { type Deviation, encodeSchedule, decodeSchedule, fifo, pct, random, Replay } from './scheduler.js';
import { renderTimeline, Tracer } from './trace.js';
import { cpythonTimers, fifoTimers, type TimerOrder } from './timer-heap.js';

/** A program to explore: a generator function that gets the loop. */
export type Program<T> = (loop: EventLoop) => Generator<unknown, T, any>;

/** Options for one run (runSchedule) and for every run of an exploration. */
export interface RunOptions<T> {
  /** A run taking more task steps than this is a livelock (default 100,000). */
  maxSteps?: number;
  /** The invariant on the result: return false (or throw) to report a failure. */
  check?: (result: T) => boolean | void;
  /** CPython's timer order inside each run (default 'fifo'). */
  timers?: 'fifo' | 'cpython' | TimerOrder;
  /**
   * A latency model: each sleep or timer, when it comes due, may fire up to `max` seconds late
   * (a number is `{ max }`), in `steps` steps (default 2), for those `only` accepts. The delays
   * are choices like the others: searched, shrunk, and part of the token. Default: on time.
   */
  jitter?: number | Jitter;
  /**
   * What makes two failures the same (shrinking keeps it, findAll reports one per value). Default:
   * the error's class and message; every failed `check` is one failure.
   */
  signature?: (error: unknown) => string;
  /** Where warnings go (a token recorded against a different program, deviations that did not apply). Default: console.warn. */
  onWarning?: (message: string) => void;
}

/** Options for explore(). */
export interface ExploreOptions<T> extends RunOptions<T> {
  /** How many schedules to try, the FIFO one included (default 1000; 100,000 for 'dfs'). */
  runs?: number;
  /**
   * 'random' (default), 'pct', 'dfs' (every schedule, in order), 'fifo' (the kernel's own order,
   * once), or a function from a run's seed to a policy.
   */
  strategy?: 'random' | 'pct' | 'fifo' | 'dfs' | ((seed: number) => SchedulePolicy);
  /** Seed of the first seeded run; run i uses seed + i - 1 (run 0 is FIFO) (default 1). */
  seed?: number;
  /** PCT's depth (default 3). */
  depth?: number;
  /** PCT's horizon: its priority changes fall among this many first choice points (default: the choice points of the FIFO run). */
  horizon?: number;
  /** 'dfs': only schedules with at most this many deviations from FIFO (preemption bounding). */
  maxDeviations?: number;
  /**
   * 'dfs': partial-order reduction. Runs one schedule of each class of schedules that differ only
   * in the order of steps that commute, judged by the yieldfrom objects each step touched. Sound
   * only if tasks share mutable state only through yieldfrom's objects (queues, locks, events,
   * conditions, semaphores, barriers, futures and tasks): a plain variable two tasks both write is
   * invisible to it, and a race on it may be missed. 'dpor' (dynamic partial-order reduction with
   * sleep sets) tries another order only where two steps raced; 'sleep-sets' tries every
   * candidate but cuts orders already covered. Default: none (every schedule).
   */
  reduce?: Reduction;
  /** At most this many runs to shrink a failure (default 10,000). */
  shrinkRuns?: number;
  /** Keep searching after a failure and report one per signature (see `failures`). */
  findAll?: boolean;
  /** Stop searching after this many seconds (wall clock). */
  budget?: number;
  /** Run only the k-th of n slices of the seeded runs ([k, n], 0 <= k < n): n jobs together cover n times `runs`. */
  shard?: readonly [number, number];
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
  /** Its deviations from FIFO, in the order they happened. */
  deviations: readonly Deviation[];
  /** A token that replays this run: runSchedule(program, token). */
  token: string;
  /** The trace (null for an untraced run). */
  trace: Tracer | null;
  /** Deviations of a replayed schedule that did not apply (what they named was not ready then). */
  fallbacks: number;
  /** Why this replay may not be the recorded run. */
  warnings: string[];
}

/** A failure of an exploration, shrunk. */
export interface ExploreFailure<T> extends RunOutcome<T> {
  /** The run (0-based; run 0 is FIFO) that found it. */
  run: number;
  /** Deviations of the failing run as found, before shrinking. */
  found: number;
  /** The token of the failing run as found. */
  foundToken: string;
  /** Runs spent shrinking. */
  shrinkRuns: number;
  /** True when an exhaustive search showed that no schedule with fewer deviations fails this way (within the shrink budget). */
  minimal: boolean;
  /** What makes it this failure (see `signature`). */
  signature: string;
  /** A readable report: the error, the token, the swimlane timeline. */
  report: string;
}

/** The outcome of explore(). */
export interface ExploreResult<T> {
  ok: boolean;
  /** Schedules run (shrinking not counted). */
  runs: number;
  /** Distinct schedules among them. */
  distinct: number;
  /** 'dfs': every schedule (within `maxDeviations`, if set) was run. */
  complete: boolean;
  /** The share of the schedule space covered, weighed as a uniform random walk weighs it (1 when complete). */
  coverage: number;
  /** 'random': Knuth's estimate of the number of schedules, from the runs' branching. 'dfs', when complete: the exact number (with `reduce`: of schedules run, one or more per class of equivalent ones). */
  schedules?: number;
  /** With `reduce`: runs cut short, because from where they were every order left had been covered (counted in `runs`, not in `distinct`). */
  pruned?: number;
  /** The first failure. */
  failure?: ExploreFailure<T>;
  /** With findAll: one failure per signature, in the order found. */
  failures?: ExploreFailure<T>[];
  /** One line: what was searched and what it shows. */
  summary: string;
}

class CheckFailed extends Error {
  override name = 'CheckFailed';
}

interface Resolved<T> {
  maxSteps: number;
  check: ((result: T) => boolean | void) | undefined;
  timers: TimerOrder;
  jitter: JitterModel | null;
  signature: ((error: unknown) => string) | null;
  warn: (message: string) => void;
}

const log = (s: string): void => (globalThis as unknown as { console: { error(s: string): void } }).console.error(s);

function resolve<T>(api: string, o: RunOptions<T>): Resolved<T> {
  if (o.check !== undefined && typeof o.check !== 'function') throw new TypeError(`${api}: expected check to be a function, got ${short(o.check)}`);
  if (o.signature !== undefined && typeof o.signature !== 'function') throw new TypeError(`${api}: expected signature to be a function, got ${short(o.signature)}`);
  return {
    maxSteps: o.maxSteps ?? 100_000,
    check: o.check,
    timers: o.timers === undefined || o.timers === 'fifo' ? fifoTimers : o.timers === 'cpython' ? cpythonTimers : o.timers,
    jitter: jitterModel(api, o.jitter),
    signature: o.signature ?? null,
    warn: o.onWarning ?? ((m: string) => (globalThis as unknown as { console: { warn(s: string): void } }).console.warn(m)),
  };
}

/**
 * The default signature: the error's class and message; every failed check is one failure; a
 * deadlock is told by what its tasks wait on (not by which tasks: the shrinker may change
 * those), a livelock is one failure.
 */
function signatureOf(e: unknown, loop: EventLoop): string {
  if (e instanceof CheckFailed) return 'check failed';
  if (e instanceof DeadlockError) {
    const waits = new Set(loop.allTasks().map((t) => describeWait(t).replace(/, held by ".*"$/, '').replace(/(awaiting task|send\(\) to) ".*"$/, '$1 …')));
    return `DeadlockError: waiting on ${[...waits].sort().join('; ')}`;
  }
  if (e instanceof LivelockError) return 'LivelockError';
  return e instanceof Error ? `${e.name}: ${e.message}` : `thrown: ${short(e)}`;
}

interface Ran<T> {
  ok: boolean;
  result?: T;
  error?: unknown;
  /** What makes the failure this one (see RunOptions.signature); '' when it passed. */
  sig: string;
  /** The reduced search cut the run short (it could only repeat an order already covered). */
  pruned?: boolean;
}

/** Runs `program` once on a fresh virtual-clock loop under `rec`. */
function execute<T>(program: Program<T>, rec: Recorder, o: Resolved<T>, trace: Tracer | null): Ran<T> {
  const loop = new EventLoop(trace === null ? { schedule: rec, maxSteps: o.maxSteps, timers: o.timers } : { schedule: rec, trace, maxSteps: o.maxSteps, timers: o.timers });
  let reported: unknown[] | null = null;
  loop.setExceptionHandler((_l, ctx) => (reported ??= []).push(ctx.exception ?? new RuntimeError(ctx.message)));
  let result: T | undefined;
  let error: unknown;
  let failed = false;
  try {
    result = loop.runUntilComplete(program(loop));
    if (o.check !== undefined && o.check(result) === false) throw new CheckFailed(`check failed for result ${short(result)}`);
  } catch (e) {
    // A cut run is dropped where it stands: its loop is left unclosed (nothing else refers to it).
    if (e instanceof Pruned) return { ok: true, sig: '', pruned: true };
    failed = true;
    error = e;
  }
  if (rec.broken !== null) throw rec.broken;
  // Why now: a deadlock's signature reads what the tasks wait on, before shutdown cancels them.
  const sig = failed ? (o.signature === null ? signatureOf(error, loop) : o.signature(error)) : '';
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
  if (rec.broken !== null) throw rec.broken;
  if (sig !== '') return { ok: false, error, sig };
  if (failed || reported !== null) {
    error = failed ? error : (reported as unknown as unknown[])[0];
    return { ok: false, error, sig: o.signature === null ? signatureOf(error, loop) : o.signature(error) };
  }
  return { ok: true, result: result as T, sig: '' };
}

/** The fingerprint of `program`'s choice structure: that of its FIFO run. */
function fingerprint<T>(program: Program<T>, o: Resolved<T>): { fp: string; rec: Recorder; out: Ran<T> } {
  const rec = new Recorder(fifo(), o.jitter);
  const out = execute(program, rec, o, null);
  return { fp: fingerprintOf(rec.shape), rec, out };
}

/**
 * Runs `program` once under `schedule` (a policy, or a replay token) on a fresh virtual-clock
 * loop, traced unless `trace: false`. A token recorded against a program whose choice
 * structure has changed since, or whose deviations do not all apply, gives a warning.
 * @example const again = runSchedule(program, failure.token); // the same failure, exactly
 */
export function runSchedule<T>(program: Program<T>, schedule: SchedulePolicy | string, options: RunOptions<T> & { trace?: boolean; fingerprint?: boolean } = {}): RunOutcome<T> {
  if (typeof program !== 'function') throw new TypeError(`runSchedule(): expected a program (loop) => generator, got ${short(program)}`);
  const o = resolve('runSchedule()', options);
  let policy: SchedulePolicy;
  let recordedFp = '';
  if (typeof schedule === 'string') {
    const d = decodeSchedule(schedule);
    recordedFp = d.fingerprint;
    policy = new Replay(d.deviations);
  } else if (typeof schedule?.choose === 'function') policy = schedule;
  else throw new TypeError(`runSchedule(): expected a schedule policy or a replay token, got ${short(schedule)}`);
  // Why an extra FIFO run: the token's fingerprint is that of the program's FIFO run.
  const fp = options.fingerprint === false ? '' : fingerprint(program, o).fp;
  const warnings: string[] = [];
  if (recordedFp !== '' && fp !== '' && recordedFp !== fp) {
    warnings.push(`runSchedule(): the token was recorded against a program with another choice structure (fingerprint ${recordedFp}, now ${fp}): the program or its options changed since, and the replay may not be the recorded run`);
  }
  const rec = new Recorder(policy, o.jitter);
  const trace = options.trace === false ? null : new Tracer();
  const out = execute(program, rec, o, trace);
  const fallbacks = policy instanceof Replay ? policy._fallbacks() : 0;
  if (fallbacks !== 0) warnings.push(`runSchedule(): ${fallbacks} of the schedule's deviations did not apply (what they name was not ready at their choice point), so this run may not be the recorded one`);
  for (const w of warnings) o.warn(w);
  return { ...out, deviations: rec.deviations, token: encodeSchedule(rec.deviations, fp), trace, fallbacks, warnings };
}

/**
 * Shrinks a failing schedule to the fewest deviations from FIFO that still fail the same way
 * (delta debugging over the set of deviations, then each one moved towards FIFO), and returns
 * the shrunk run, traced.
 * @example
 * const small = shrinkSchedule(program, failing.token, { check }); small.token;
 */
export function shrinkSchedule<T>(program: Program<T>, schedule: string, options: RunOptions<T> & { shrinkRuns?: number } = {}): RunOutcome<T> & { shrinkRuns: number; minimal: boolean } {
  const o = resolve('shrinkSchedule()', options);
  const { fp } = fingerprint(program, o);
  const start = new Recorder(new Replay(decodeSchedule(schedule).deviations), o.jitter);
  const out = execute(program, start, o, null);
  if (out.ok) throw new RuntimeError('shrinkSchedule(): the schedule does not fail');
  const s = shrink(program, start, out.sig, o, options.shrinkRuns ?? 10_000);
  const final = finalRun(program, s.rec, out.sig, o, fp, 'shrinkSchedule()');
  return { ...final, shrinkRuns: s.runs, minimal: s.minimal };
}

// ---- shrinking ----

/**
 * Replays `devs`; the run's recorder if it fails with `sig`, else null. A deviation that did not
 * apply (what it names was not ready at its choice point) gets a second, looser reading (see
 * Replay): the recorder keeps what the run actually did, so the result replays exactly.
 */
function failsSame<T>(program: Program<T>, devs: readonly Deviation[], sig: string, o: Resolved<T>, loosely: boolean | 'anchorless'): { rec: Recorder | null; runs: number } {
  const strict = new Replay(devs);
  const rec = new Recorder(strict, o.jitter);
  const out = execute(program, rec, o, null);
  if (!out.ok && out.sig === sig) return { rec, runs: 1 };
  if (!loosely || strict._fallbacks() === 0) return { rec: null, runs: 1 };
  const loose = new Recorder(new Replay(devs, true), o.jitter);
  const again = execute(program, loose, o, null);
  if (!again.ok && again.sig === sig) return { rec: loose, runs: 2 };
  if (loosely !== 'anchorless') return { rec: null, runs: 2 };
  const free = new Recorder(new Replay(devs, false, true), o.jitter);
  const third = execute(program, free, o, null);
  return { rec: !third.ok && third.sig === sig ? free : null, runs: 3 };
}

/**
 * Shrinks in two moves, repeated: ddmin (Zeller and Hildebrandt) over the deviations, then
 * each one lowered (an earlier candidate in FIFO order, a smaller delay); and a depth-first
 * search of the schedules with fewer deviations than the best so far, which either finds a
 * smaller failure (shrunk in turn) or, when it completes, shows the best one is the minimum.
 * A candidate counts only if it fails with the same signature; the deviations kept are those
 * of the run that did (one that no longer deviates drops out).
 */
function shrink<T>(program: Program<T>, found: Recorder, sig: string, o: Resolved<T>, budget: number): { rec: Recorder; runs: number; minimal: boolean } {
  let best = found;
  let runs = 0;
  // Removals (ddmin) may read a schedule loosely; moves (lowering, shifting) read it exactly, so
  // that each accepted move is a step down a well-founded order and the passes end.
  const test = (devs: readonly Deviation[], loosely: boolean | 'anchorless' = false): Recorder | null => {
    if (runs >= budget) return null;
    const { rec: r, runs: n } = failsSame(program, devs, sig, o, loosely);
    runs += n;
    return r !== null && r.deviations.length <= devs.length ? r : null;
  };
  const reduce = (): void => {
    for (let changed = true; changed && runs < budget; ) {
      changed = false;
      // One kind of deviation alone (timer picks, task picks, delays), read loosely. ddmin removes
      // contiguous chunks; a failure that needs only its timer swaps, with task picks scattered
      // among them that merely line the swaps up, keeps every one of them under ddmin (each
      // removal shifts the choice points the others were anchored to). Measured on the 20-worker
      // pool: from 26-31 deviations to its minimum, 19.
      const groups = new Map<string, Deviation[]>();
      for (const d of best.deviations) {
        const key = d.kind === 'delay' ? 'delay' : d.value < 0 ? 'timer' : 'task';
        let g = groups.get(key);
        if (g === undefined) groups.set(key, (g = []));
        g.push(d);
      }
      if (groups.size > 1) {
        for (const g of groups.values()) {
          const r = test(g, 'anchorless');
          if (r !== null && r.deviations.length < best.deviations.length) {
            best = r;
            break;
          }
        }
      }
      // ddmin: try each chunk alone, then each complement; refine the chunks when neither fails.
      let n = 2;
      while (best.deviations.length >= 2 && runs < budget) {
        const devs = best.deviations;
        const size = Math.ceil(devs.length / n);
        const chunks: Deviation[][] = [];
        for (let i = 0; i < devs.length; i += size) chunks.push(devs.slice(i, i + size));
        let next: Recorder | null = null;
        for (const c of chunks) if ((next = test(c, "anchorless")) !== null) break;
        if (next !== null) {
          best = next;
          n = 2;
          continue;
        }
        for (let i = 0; i < chunks.length && next === null; i++) next = test(chunks.filter((_, j) => j !== i).flat(), "anchorless");
        if (next !== null) {
          best = next;
          n = Math.max(n - 1, 2);
          continue;
        }
        if (n >= devs.length) break;
        n = Math.min(2 * n, devs.length);
      }
      if (best.deviations.length === 1) {
        const r = test([]);
        if (r !== null) best = r;
      }
      // Lower each deviation: an earlier candidate at its choice point, or a smaller delay.
      lower: for (let i = 0; i < best.deviations.length; i++) {
        const d = best.deviations[i]!;
        const alts = best.alternatives[i]!;
        const values: number[] = typeof alts === 'number' ? range(1, d.value) : alts.slice(1, alts.indexOf(d.value));
        for (const v of values) {
          const r = test(best.deviations.map((x, j) => (j === i ? { at: x.at, kind: x.kind, value: v } : x)));
          if (r !== null) {
            best = r;
            changed = true;
            break lower;
          }
        }
      }
    }
  };
  reduce();
  // Earlier deviations (a plateau move: the same count, each one moved as early as it still
  // fails), which can open the way to more removals.
  for (let moved = true; moved && runs < budget; ) {
    moved = false;
    for (let i = 0; i < best.deviations.length && runs < budget; i++) {
      const d = best.deviations[i]!;
      const floor = i === 0 ? 0 : best.deviations[i - 1]!.at + 1;
      for (let at = d.at - 1; at >= floor && runs < budget; at--) {
        const n = best.deviations.length;
        const r = test(best.deviations.map((x, j) => (j === i ? { at, kind: x.kind, value: x.value } : x)));
        if (r === null) continue;
        best = r;
        moved = true;
        reduce();
        if (best.deviations.length < n) i = -1;
        break;
      }
    }
  }
  // Fewer deviations, searched exhaustively (iterative deepening on the deviation bound): a
  // removal-only shrink can stop at a set from which no single removal fails while a smaller set
  // elsewhere does. Each bound searched to the end proves that no smaller schedule fails.
  let minimal = best.deviations.length === 0;
  for (let bound = 1; !minimal && runs < budget; bound++) {
    if (bound >= best.deviations.length) {
      minimal = true;
      break;
    }
    const search = depthFirst(bound);
    let smaller: Recorder | null = null;
    for (let nxt = search.next(); nxt !== null && runs < budget; nxt = search.next()) {
      runs++;
      const rec = new Recorder(nxt.policy, o.jitter, true);
      const out = execute(program, rec, o, null);
      search.ran(rec);
      if (!out.ok && out.sig === sig) {
        smaller = rec;
        break;
      }
    }
    if (smaller !== null) {
      best = smaller;
      reduce();
      minimal = true; // every schedule with fewer deviations was run
    } else if (!search.complete) break;
  }
  return { rec: best, runs, minimal };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v < to; v++) out.push(v);
  return out;
}

/** The shrunk schedule, run traced for the report; it must fail the same way, or the program is nondeterministic. */
function finalRun<T>(program: Program<T>, rec: Recorder, sig: string, o: Resolved<T>, fp: string, api: string): RunOutcome<T> {
  const trace = new Tracer();
  const again = new Recorder(new Replay(rec.deviations), o.jitter);
  const out = execute(program, again, o, trace);
  const token = encodeSchedule(again.deviations, fp);
  if (out.ok || out.sig !== sig) {
    throw new NondeterminismError(`${api}: schedule ${token} failed with "${sig}" untraced, but ${out.ok ? 'passed' : `failed with "${out.sig}"`} when run again traced: ${NONDET_HINT}`);
  }
  return { ...out, deviations: again.deviations, token, trace, fallbacks: 0, warnings: [] };
}

const NONDET_HINT = 'something besides the schedule decides what the program does (Math.random(), Date.now(), host I/O, or state kept from one run to the next); explore() needs a program that does the same thing on the same schedule';

// ---- searching ----

/** The runs of a seeded strategy, or the schedules of a depth-first enumeration. */
interface Search {
  /** The next run's policy (and whether to record every choice), or null when done. */
  next(): { policy: SchedulePolicy; seed: number | null } | null;
  /** What the run just made saw. */
  ran(rec: Recorder): void;
  readonly full: boolean;
  complete: boolean;
  bounded: boolean;
}

function seeded<T>(options: ExploreOptions<T>, horizon: number): Search {
  const s = options.strategy ?? 'random';
  const seed = options.seed ?? 1;
  const [k, n] = options.shard ?? [0, 1];
  let i = 0;
  const make = (x: number): SchedulePolicy => {
    if (typeof s === 'function') return s(x);
    if (s === 'pct') return pct(x, { depth: options.depth ?? 3, horizon: options.horizon ?? horizon });
    return random(x);
  };
  return {
    full: false,
    complete: false,
    bounded: false,
    next() {
      if (s === 'fifo') return null;
      do i++;
      while (i % n !== k);
      return { policy: make(seed + i - 1), seed: seed + i - 1 };
    },
    ran() {},
  };
}

/** Depth-first enumeration of the choice tree by re-execution (stateless model checking). */
function depthFirst(bound: number): Search & { prefix: number[] } {
  let prefix: number[] = [];
  let lastCounts: number[] = [];
  const search = {
    full: true,
    complete: false,
    bounded: false,
    prefix,
    next() {
      if (search.complete) return null;
      const forced = prefix;
      let at = 0;
      const policy: SchedulePolicy = {
        name: 'dfs',
        choose: (c) => {
          const i = at++;
          return i < forced.length ? Math.min(forced[i]!, c.length - 1) : 0;
        },
        delay: (_w, levels) => {
          const i = at++;
          return i < forced.length ? Math.min(forced[i]!, levels - 1) : 0;
        },
      };
      return { policy, seed: null };
    },
    ran(rec: Recorder) {
      const counts = rec.counts!;
      const chosen = rec.chosen!;
      for (let i = 0; i < prefix.length; i++) {
        if (counts[i] !== lastCounts[i] || chosen[i] !== prefix[i]) {
          throw new NondeterminismError(`explore(): dfs replayed the same choices but saw ${counts[i] ?? 'no'} candidates at choice ${i} where it saw ${lastCounts[i]} before: ${NONDET_HINT}`);
        }
      }
      lastCounts = counts;
      // Backtrack: the deepest choice with an untried candidate, within the deviation bound.
      let devs = 0;
      const before: number[] = [];
      for (let i = 0; i < chosen.length; i++) {
        before.push(devs);
        if (chosen[i] !== 0) devs++;
      }
      for (let i = chosen.length - 1; i >= 0; i--) {
        if (chosen[i]! + 1 < counts[i]!) {
          if (before[i]! + 1 > bound) {
            search.bounded = true;
            continue;
          }
          prefix = chosen.slice(0, i);
          prefix.push(chosen[i]! + 1);
          search.prefix = prefix;
          return;
        }
      }
      search.complete = true;
    },
  };
  return search;
}

/**
 * Explores the interleavings of `program`: runs it under many schedules (FIFO first) and
 * reports the first failure (an error, a failed check, a deadlock or a livelock), shrunk to the
 * fewest deviations from FIFO that fail the same way, with its trace and replay token. A
 * failing schedule is replayed twice first: a program that does not fail the same way again is
 * nondeterministic apart from the schedule (NondeterminismError).
 * @example
 * const r = explore((loop) => bankTransfer(loop), { runs: 1000, check: (balance) => balance === 100 });
 * if (!r.ok) console.log(r.failure.report);
 */
export function explore<T>(program: Program<T>, options: ExploreOptions<T> = {}): ExploreResult<T> {
  if (typeof program !== 'function') throw new TypeError(`explore(): expected a program (loop) => generator, got ${short(program)}`);
  const o = resolve('explore()', options);
  const strategy = options.strategy ?? 'random';
  if (typeof strategy !== 'function' && !['random', 'pct', 'fifo', 'dfs'].includes(strategy)) {
    throw new TypeError(`explore(): unknown strategy ${short(strategy)}; expected 'random', 'pct', 'dfs', 'fifo' or a function`);
  }
  const runs = options.runs ?? (strategy === 'dfs' ? 100_000 : 1000);
  if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`explore(): expected a positive integer number of runs, got ${short(runs)}`);
  const bound = options.maxDeviations ?? Infinity;
  if (bound !== Infinity && (!Number.isInteger(bound) || bound < 0)) throw new TypeError(`explore(): expected maxDeviations to be a non-negative integer, got ${short(bound)}`);
  if (options.maxDeviations !== undefined && strategy !== 'dfs') throw new TypeError("explore(): maxDeviations bounds the 'dfs' strategy only");
  const reduce = options.reduce;
  if (reduce !== undefined) {
    if (reduce !== 'dpor' && reduce !== 'sleep-sets') throw new TypeError(`explore(): unknown reduce ${short(reduce)}; expected 'dpor' or 'sleep-sets'`);
    if (strategy !== 'dfs') throw new TypeError("explore(): reduce is a reduction of the 'dfs' strategy only");
    if (options.maxDeviations !== undefined) throw new TypeError("explore(): reduce and maxDeviations do not combine (a bound on deviations is not one on classes of equivalent schedules); use one or the other");
  }
  const shard = options.shard;
  if (shard !== undefined) {
    const [k, n] = Array.isArray(shard) ? shard : [];
    if (!Number.isInteger(n) || n! < 1 || !Number.isInteger(k) || k! < 0 || k! >= n!) throw new TypeError(`explore(): expected shard to be [k, n] with 0 <= k < n, got ${short(shard)}`);
    if (strategy === 'dfs' || strategy === 'fifo') throw new TypeError(`explore(): shard splits seeded strategies ('random', 'pct', a function), not '${strategy}'`);
  }
  const budget = options.budget;
  if (budget !== undefined && !(typeof budget === 'number' && budget > 0)) throw new TypeError(`explore(): expected budget to be a positive number of seconds, got ${short(budget)}`);

  if (reduce === undefined) return runSearch(program, options, o, strategy, runs, bound, null);
  const uninstall = instrument();
  try {
    return runSearch(program, options, o, strategy, runs, bound, new ReducedSearch(reduce));
  } finally {
    uninstall();
  }
}

function runSearch<T>(program: Program<T>, options: ExploreOptions<T>, o: Resolved<T>, strategy: NonNullable<ExploreOptions<T>['strategy']>, runs: number, bound: number, reduced: ReducedSearch | null): ExploreResult<T> {
  const progress = options.progress;
  const say = options.onProgress ?? log;
  const deadline = options.budget === undefined ? Infinity : Date.now() + options.budget * 1000;
  const shrinkBudget = options.shrinkRuns ?? 10_000;
  const search: (Search & { prefix?: number[] }) | ReducedSearch | null = reduced ?? (strategy === 'dfs' ? depthFirst(bound) : null);
  // Run 0 is FIFO: it gives the fingerprint and PCT's horizon (for dfs it is the first leaf; the
  // reduced search's first run takes the first candidate everywhere, which is FIFO).
  const first = new Recorder(reduced !== null ? reduced.next()!.policy : fifo(), o.jitter, search !== null && reduced === null);
  const firstOut = execute(program, first, o, null);
  const fp = fingerprintOf(first.shape);
  const fifoPassed = firstOut.ok;
  const plan = search ?? seeded(options, Math.max(1, first.at));
  const seen = new Set<number>();
  let mass = 0;
  let knuth = 0;
  let done = 0;
  const failures: ExploreFailure<T>[] = [];
  const signatures = new Set<string>();
  let rec = first;
  let out = firstOut;
  let run = 0;
  let pruned = 0;
  for (;;) {
    done++;
    if (out.pruned === true) pruned++;
    else {
      const key = rec.pathKey();
      if (!seen.has(key)) {
        seen.add(key);
        mass += Math.exp(-rec.logWeight);
      }
      knuth += Math.exp(rec.logWeight);
    }
    if (search !== null) search.ran(rec);
    if (progress !== undefined && done % progress === 0) say(`explore: ${done}/${runs} schedules, ${failures.length === 0 ? 'no failure yet' : `${failures.length} failure${failures.length === 1 ? '' : 's'}`}`);
    if (!out.ok) {
      const sig = out.sig;
      if (!signatures.has(sig)) {
        signatures.add(sig);
        const f = settle(program, rec, out, sig, run, o, fp, fifoPassed, shrinkBudget);
        failures.push(f);
        if (progress !== undefined) say(`explore: failure at run ${run + 1}; replay with ${f.token}`);
        if (options.findAll !== true) break;
      }
    }
    if (done >= runs || Date.now() > deadline) break;
    const nxt = plan.next();
    if (nxt === null) break;
    run++;
    rec = new Recorder(nxt.policy, o.jitter, plan.full);
    out = execute(program, rec, o, null);
  }
  const complete = search !== null && search.complete;
  const result: ExploreResult<T> = {
    ok: failures.length === 0,
    runs: done,
    distinct: seen.size,
    complete,
    coverage: complete && !search.bounded ? 1 : Math.min(1, mass),
    summary: '',
  };
  if (complete && !search.bounded) result.schedules = done - pruned;
  else if (strategy === 'random' && done > 1) result.schedules = Math.round(knuth / done);
  if (reduced !== null) result.pruned = pruned;
  if (failures.length !== 0) result.failure = failures[0]!;
  if (options.findAll === true) result.failures = failures;
  result.summary = summarize(result, strategy, bound, search?.bounded ?? false, reduced?.mode);
  for (const f of failures) f.report = formatReport(f, result);
  return result;
}

function summarize<T>(r: ExploreResult<T>, strategy: ExploreOptions<T>['strategy'], bound: number, bounded: boolean, reduce: Reduction | undefined): string {
  const name = typeof strategy === 'function' ? 'custom' : (strategy ?? 'random');
  const what = r.ok ? (r.complete ? 'all pass' : 'no failure') : `${r.failures?.length ?? 1} failure${(r.failures?.length ?? 1) === 1 ? '' : 's'}`;
  if (reduce !== undefined) {
    const cut = `${r.pruned} run${r.pruned === 1 ? '' : 's'} cut short`;
    return r.complete
      ? `explore (dfs, reduce: ${reduce}): ${what}: ${r.schedules} schedule${r.schedules === 1 ? '' : 's'} cover every class of equivalent ones (${cut}); complete if tasks share state only through yieldfrom objects`
      : `explore (dfs, reduce: ${reduce}): ${what} in ${r.runs} runs, ${r.distinct} distinct schedule${r.distinct === 1 ? '' : 's'} (${cut}); not complete`;
  }
  if (r.complete) {
    return bounded
      ? `explore (dfs): ${what}: every one of the ${r.runs} schedules with at most ${bound} deviation${bound === 1 ? '' : 's'} from FIFO (complete within the bound)`
      : `explore (dfs): ${what}: all ${r.runs} schedules (complete)`;
  }
  const pct = (r.coverage * 100).toPrecision(3);
  const total = r.schedules !== undefined ? ` of an estimated ${r.schedules.toPrecision(3).replace(/\.?0+$/, '')}` : '';
  return `explore (${name}): ${what} in ${r.runs} schedules, ${r.distinct} distinct${total}; coverage ${pct}% of the schedule space (by a uniform random walk's measure)`;
}

/** A failure was found: rule out nondeterminism, shrink, and run the result traced. */
function settle<T>(program: Program<T>, rec: Recorder, out: Ran<T>, sig: string, run: number, o: Resolved<T>, fp: string, fifoPassed: boolean, budget: number): ExploreFailure<T> {
  const token = encodeSchedule(rec.deviations, fp);
  if (rec.deviations.length === 0 && fifoPassed && run !== 0) {
    throw new NondeterminismError(`explore(): the FIFO schedule passed at run 1, but failed with "${sig}" at run ${run + 1}: ${NONDET_HINT}`);
  }
  for (let k = 0; k < 2; k++) {
    const again = new Recorder(new Replay(rec.deviations), o.jitter);
    const r = execute(program, again, o, null);
    const same = !r.ok && r.sig === sig;
    if (!same || again.shape !== rec.shape) {
      const saw = r.ok ? 'passed' : !same ? `failed with "${r.sig}"` : 'failed the same way but after other choices';
      throw new NondeterminismError(`explore(): schedule ${token} failed with "${sig}" at run ${run + 1}, but replaying it ${saw}: ${NONDET_HINT}`);
    }
  }
  const s = shrink(program, rec, sig, o, budget);
  const final = finalRun(program, s.rec, sig, o, fp, 'explore()');
  return { ...final, run, found: rec.deviations.length, foundToken: token, shrinkRuns: s.runs, minimal: s.minimal, signature: sig, report: '' };
}

function formatReport<T>(f: ExploreFailure<T>, r: ExploreResult<T>): string {
  const e = f.error;
  const what = e instanceof DeadlockError ? 'deadlock' : e instanceof LivelockError ? 'livelock' : e instanceof CheckFailed ? 'check failed' : 'error';
  const n = f.deviations.length;
  return [
    `explore: ${what} at run ${f.run + 1}: ${e instanceof Error ? `${e.name}: ${e.message}` : short(e)}`,
    `schedule: ${n} deviation${n === 1 ? '' : 's'} from FIFO (${f.found} as found, shrunk in ${f.shrinkRuns} runs${f.minimal ? '; no schedule with fewer fails this way' : ''})${n === 0 ? '' : '; » marks them below'}`,
    `replay: runSchedule(program, ${JSON.stringify(f.token)})`,
    r.summary,
    '',
    renderTimeline(f.trace!, { kinds: ['effect', 'block', 'wake', 'done', 'pick', 'late'] }),
  ].join('\n');
}

