// choice.ts: one loop iteration under a schedule policy (exploration). The kernel's own
// iteration runs its ready entries FIFO; this one runs the same entries but lets the policy
// choose, at each step, which one runs next. Candidates are named by identity (a task's number,
// a timer's arrival number), so a recorded choice keeps its meaning when earlier ones change.
// The policy carries this code (an option carries its implementation), so a loop without a
// policy bundles none of it.

import { RAN } from './clock.js';
import { LivelockError } from './errors.js';
import { short } from './future.js';
import { Handle, TimerHandle } from './handle.js';
import { describeWait, type EventLoop } from './loop.js';
import { SLEEP_FIRING, Task } from './task.js';

/**
 * What a policy chooses among: a ready task, a due timer's callback (`callLater`/`callAt`), or
 * `null` for the first ready `callSoon` callback (those keep their FIFO order among themselves).
 */
export type Candidate = Task | TimerHandle | null;

/**
 * Picks, at each choice point, which candidate runs next. `ids[i]` names `candidates[i]` for the
 * whole run: a task's number (1, 2, …); a due timer as -(1 + its maker * 2^20 + n) for the n-th
 * timer (counted from 0) made by task `maker` (0: made by a callback); 0 for the first ready
 * callback. Candidate 0 is always CPython's FIFO choice.
 */
export interface SchedulePolicy {
  readonly name: string;
  /** Returns the index of the candidate to run next. */
  choose(candidates: readonly Candidate[], ids: readonly number[]): number;
  /**
   * With a latency model (explore's `jitter`): how late a sleep or timer that just came due
   * fires, as a level in 0..levels-1 (0: on time). Without this method: always on time.
   */
  delay?(who: Task | TimerHandle, levels: number): number;
}

/** A latency model: a due sleep or timer may fire up to `max` seconds late, in `steps` equal steps. */
export interface Jitter {
  /** The most a sleep or timer is delayed, in seconds. */
  max: number;
  /** How many steps of max/steps make up the delays to choose from (default 2: 0, max/2, max). */
  steps?: number;
  /** Which sleeps (their task) and timers (their handle) may be late (default: all). */
  only?: (who: Task | TimerHandle) => boolean;
}

/** A checked latency model. @internal */
export interface JitterModel {
  max: number;
  steps: number;
  only: ((who: Task | TimerHandle) => boolean) | undefined;
}

/** Checks a latency model (a number is `{ max }`); null for none. @internal */
export function jitterModel(api: string, j: number | Jitter | undefined): JitterModel | null {
  if (j === undefined) return null;
  const m = typeof j === 'number' ? { max: j } : j;
  const steps = m?.steps ?? 2;
  if (typeof m?.max !== 'number' || !(m.max > 0) || m.max === Infinity) throw new TypeError(`${api}: expected jitter to be a positive number of seconds or { max, steps?, only? }, got ${short(j)}`);
  if (!Number.isInteger(steps) || steps < 1) throw new TypeError(`${api}: expected jitter.steps to be a positive integer, got ${short(steps)}`);
  if (m.only !== undefined && typeof m.only !== 'function') throw new TypeError(`${api}: expected jitter.only to be a function, got ${short(m.only)}`);
  return { max: m.max, steps, only: m.only };
}

/**
 * Watches the steps of a run (explore's partial-order reduction): each iteration's start, and
 * each entry about to run, with its id and how many candidates it was chosen among. @internal
 */
export interface StepObserver {
  iteration(): void;
  step(entry: Task | Handle, id: number, candidates: number): void;
}

const CPYTHON_CLOCK_RESOLUTION = 1e-9;

/**
 * A schedule policy the loop can run: it carries the iteration that asks it. Every policy this
 * library makes is one; wrap a plain `{ name, choose }` object with `customPolicy()`.
 * @example
 * new EventLoop({ schedule: random(42) });
 */
export abstract class Policy implements SchedulePolicy {
  abstract readonly name: string;
  abstract choose(candidates: readonly Candidate[], ids: readonly number[]): number;
  delay(_who: Task | TimerHandle, _levels: number): number {
    return 0;
  }
  /** @internal The latency model, or null (timers fire on time). */
  _jitter: JitterModel | null = null;
  /** @internal Watches every step run under this policy (explore's partial-order reduction), or null. */
  _observer: StepObserver | null = null;
  // The iteration's state, made at the first iteration (a policy wrapped by another never iterates).
  // (A task in the batch is a step, or its sleep's timer that came due when its _waitOn is SLEEP_FIRING.)
  #batch: (Task | Handle)[] | null = null;
  #bids: number[] = null!;
  #cands: Candidate[] = null!;
  #ids: number[] = null!;
  #where: number[] = null!;
  // The arrival numbers of the timers and sleeps made late, each until it comes due again.
  #jittered: Set<number> | null = null;
  // Who made which timers: [first arrival number, end, maker, how many the maker had made before], per run of an entry that made some.
  #made: number[] = null!;
  #makes: Map<number, number> = null!;

  /**
   * @internal The loop's iteration under this policy: the ready entries and the due timers make
   * a batch, as in CPython's _run_once, and the policy picks the order in which they run.
   * Entries scheduled meanwhile wait for the next iteration, as in the kernel's own order.
   */
  _iterate(loop: EventLoop): number {
    const ready = loop._ready;
    const timers = loop._timers;
    let batch = this.#batch;
    if (batch === null) {
      batch = this.#batch = [];
      this.#bids = [];
      this.#cands = [];
      this.#ids = [];
      this.#where = [];
      this.#made = [];
      this.#makes = new Map();
    }
    const bids = this.#bids;
    const obs = this._observer;
    if (obs !== null) obs.iteration();
    batch.length = 0;
    bids.length = 0;
    for (let n = ready.length; n > 0; n--) {
      const e = ready.shift()!;
      batch.push(e);
      bids.push(e instanceof Task ? e._id : 0);
    }
    if (timers.length !== 0) {
      const cp = loop._cpython;
      const now = loop.clock.time();
      const end = cp ? now + CPYTHON_CLOCK_RESOLUTION : now;
      while (timers.length !== 0) {
        const when = timers.peekWhen();
        if (cp ? when >= end : when > end) break;
        const seq = timers.peekSeq();
        const h = timers.pop();
        if (h instanceof Task) {
          // A sleep with nothing left to do (Task._sleepDue) is not in the batch: it would change nothing.
          if (!h._sleepDue(seq)) {
            this.#jittered?.delete(seq);
            continue;
          }
        } else {
          h._scheduled = false;
          if (h._cancelled) this.#jittered?.delete(seq);
        }
        if (this._jitter !== null && !(h instanceof TimerHandle && h._cancelled) && this.#late(loop, h, when, seq)) continue;
        batch.push(h);
        bids.push(this.#timerId(seq));
      }
    }
    const cands = this.#cands;
    const ids = this.#ids;
    const where = this.#where;
    while (batch.length !== 0) {
      const head = batch[0]!;
      // Why no choice for a sleep's timer: it only makes its task ready for the next iteration,
      // where the task is a candidate anyway; so its order against the others changes nothing
      // a later choice cannot. A cancelled callback is skipped, as by the kernel.
      if (head instanceof Task ? head._waitOn === SLEEP_FIRING : head._cancelled) {
        batch.shift();
        bids.shift();
        if (head instanceof Task) head._sleepFired();
        continue;
      }
      cands.length = 0;
      ids.length = 0;
      where.length = 0;
      let callback = false;
      for (let i = 0; i < batch.length; i++) {
        const e = batch[i]!;
        if (e instanceof Task) {
          if (e._waitOn === SLEEP_FIRING) continue;
          cands.push(e);
        } else if (e instanceof TimerHandle) {
          if (e._cancelled) continue;
          cands.push(e);
        } else if (e instanceof Handle && !callback && !e._cancelled) {
          callback = true;
          cands.push(null);
        } else continue;
        ids.push(bids[i]!);
        where.push(i);
      }
      let pick = 0;
      if (cands.length > 1) {
        pick = this.choose(cands, ids);
        if (!Number.isInteger(pick) || pick < 0 || pick >= cands.length) {
          throw new RangeError(`schedule policy ${this.name} picked ${String(pick)} of ${cands.length} candidates`);
        }
        const tracer = pick === 0 ? null : loop.getTracer();
        if (tracer !== null) {
          const c = cands[pick]!;
          tracer._pick(loop.time(), c instanceof Task ? c : null, describeCandidate(c), describeCandidate(cands[0]!));
        }
      }
      const at = where[pick]!;
      const entry = batch[at]!;
      if (obs !== null) obs.step(entry as Task | Handle, bids[at]!, cands.length);
      if (at === 0) {
        batch.shift();
        bids.shift();
      } else {
        batch.splice(at, 1);
        bids.splice(at, 1);
      }
      const seq = loop._timerSeq();
      if (entry instanceof Task) {
        if (++loop._steps > loop._maxSteps) throw new LivelockError(livelockMessage(loop));
        entry._run();
      } else entry._run();
      const end = loop._timerSeq();
      if (end !== seq) {
        const maker = entry instanceof Task ? entry._id : 0;
        const before = this.#makes.get(maker) ?? 0;
        this.#made.push(seq, end, maker, before);
        this.#makes.set(maker, before + end - seq);
      }
    }
    return RAN;
  }

  // Why by maker: a timer's arrival number depends on how every task interleaved before it was
  // made, while "the third timer task 5 made" survives changes to the rest of the schedule.
  #timerId(seq: number): number {
    const made = this.#made;
    let lo = 0;
    let hi = made.length / 4 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = mid * 4;
      if (seq < made[k]!) hi = mid - 1;
      else if (seq >= made[k + 1]!) lo = mid + 1;
      else return -(1 + made[k + 2]! * 1048576 + made[k + 3]! + seq - made[k]!);
    }
    return -(1 + 1048575 - (seq % 1048576)); // made outside any step (none in practice)
  }

  // A due sleep or timer may be made late, once: it goes back into the heap at a later deadline
  // (keeping its arrival number, so it keeps its identity and its place among equal deadlines).
  // (A sleep comes here only while its task still sleeps in it: see Task._sleepDue.)
  #late(loop: EventLoop, who: TimerHandle | Task, when: number, seq: number): boolean {
    const j = this._jitter!;
    const seen = (this.#jittered ??= new Set());
    if (seen.delete(seq) || (j.only !== undefined && !j.only(who))) return false;
    const levels = j.steps + 1;
    const level = this.delay(who, levels);
    if (!Number.isInteger(level) || level < 0 || level >= levels) {
      throw new RangeError(`schedule policy ${this.name} delayed by level ${String(level)} of ${levels}`);
    }
    if (level === 0) return false;
    seen.add(seq);
    const late = (j.max * level) / j.steps;
    loop.getTracer()?._late(loop.time(), who instanceof Task ? who : null, who instanceof Task ? 'sleep ends' : describeCandidate(who), late);
    // Back into the heap, keeping its arrival number (a sleep's _waitOn names its entry by it again).
    if (who instanceof Task) who._waitOn = seq;
    else who._scheduled = true;
    loop._timers.push(who, when + late, seq);
    return true;
  }
}

/**
 * Wraps a plain `{ name, choose, delay? }` object into a policy a loop can run.
 * @example
 * new EventLoop({ schedule: customPolicy({ name: 'last', choose: (c) => c.length - 1 }) });
 */
export function customPolicy(p: SchedulePolicy): Policy {
  if (p instanceof Policy) return p;
  if (typeof p?.choose !== 'function') throw new TypeError(`customPolicy(): expected { name, choose(candidates, ids) }, got ${String(p)}`);
  return new (class extends Policy {
    readonly name = String(p.name ?? 'custom');
    choose(c: readonly Candidate[], ids: readonly number[]): number {
      return p.choose(c, ids);
    }
    override delay(who: Task | TimerHandle, levels: number): number {
      return p.delay === undefined ? 0 : p.delay(who, levels);
    }
  })();
}

/** How a candidate is shown in traces and reports. @internal */
export function describeCandidate(c: Candidate): string {
  if (c === null) return 'the next callback';
  if (c instanceof Task) return JSON.stringify(c.getName());
  return `timer ${String(c).replace(/^<TimerHandle /, '').replace(/>$/, '')}`;
}

function livelockMessage(loop: EventLoop): string {
  const live = loop.allTasks().map((t) => `${JSON.stringify(t.getName())} (${describeWait(t)})`);
  return `livelock: more than ${loop._maxSteps} task steps without finishing; live tasks: ${live.join(', ')}`;
}
