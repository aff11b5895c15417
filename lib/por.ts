// por.ts: partial-order reduction for explore's exhaustive search (`strategy: 'dfs', reduce`).
// Two orders of the same steps that differ only by swapping steps that commute end in the same
// state, so the search needs to run one of them. Which steps commute comes from what each one
// touched (footprint.ts): under the assumption that tasks share mutable state only through
// yieldfrom's objects, steps that touch no object in common (or only read it) commute.
//
// Two reductions, both run statelessly (each schedule by re-running the program):
// - sleep sets (Godefroid): after exploring step t at a choice point, t sleeps in the siblings
//   explored after it, and stays asleep until a step dependent with it runs; a run where every
//   candidate is asleep is cut (it would repeat an explored order). Every candidate is tried.
// - dpor (Flanagan and Godefroid, with sleep sets): a choice point first tries one candidate; a
//   later step that is dependent with an earlier one in the same iteration (a race) adds its task
//   to the choices of the point where the earlier one ran. Candidates that race with nothing are
//   never tried in another order.
// A loop iteration runs the entries ready at its start (CPython's _run_once): an entry made
// ready during it runs in the next one, whatever the order, so only steps of one iteration can
// race, and the iteration's end orders everything before it before everything after it.

import { NondeterminismError } from './errors.js';
import { dependent, dependentAcross, Footprint, _newRun, _setFootprint, touchResume } from './footprint.js';
import type { Handle, TimerHandle } from './handle.js';
import { type Candidate, Policy, type StepObserver } from './choice.js';
import { Task } from './task.js';

/** The reductions explore's 'dfs' offers (see ExploreOptions.reduce). */
export type Reduction = 'sleep-sets' | 'dpor';

/** Thrown out of a run whose every candidate is asleep: it can only repeat an explored order. @internal */
export class Pruned {
  readonly name = 'Pruned';
}
const PRUNED = new Pruned();

const NONE = new Footprint();

interface Node {
  kind: 'pick' | 'delay';
  /** The candidates' ids in FIFO order (for a delay: its levels). */
  ids: number[];
  /** The sleep set on reaching this choice point: candidates not to run here, with what they touch. */
  sleep: Map<number, Footprint>;
  /** Candidates to try here. */
  backtrack: Set<number>;
  /** Candidates tried here, with what their step touched. */
  done: Map<number, Footprint>;
  /** The candidate the current path takes. */
  chosen: number;
}

interface Step {
  id: number;
  /** The loop iteration it ran in. */
  batch: number;
  /** The choice point it was chosen at (an index in the path), or -1 (it was the only candidate). */
  node: number;
  fp: Footprint;
}

const NONDET = 'explore(): the reduced dfs replayed the same choices but saw other candidates: something besides the schedule decides what the program does (Math.random(), Date.now(), host I/O, or state kept from one run to the next)';

/** One run of the reduced search: replays the path's choices, then takes the first candidate not asleep, and records every step's footprint. @internal */
class ReducedRun extends Policy implements StepObserver {
  readonly name = 'dfs (reduced)';
  readonly steps: Step[] = [];
  readonly #search: ReducedSearch;
  readonly #forced: number;
  #k = 0;
  #batch = 0;
  #sleep = new Map<number, Footprint>();
  #node = -1;
  #cur: Step | null = null;

  constructor(search: ReducedSearch, forced: number) {
    super();
    this.#search = search;
    this.#forced = forced;
    this._observer = this;
    _newRun();
  }

  iteration(): void {
    this.finish();
    this.#batch++;
  }

  step(entry: Task | Handle, id: number, candidates: number): void {
    this.finish();
    if (candidates === 1 && this.#sleep.has(id)) throw PRUNED;
    const fp = new Footprint();
    this.#cur = { id, batch: this.#batch, node: this.#node, fp };
    this.steps.push(this.#cur);
    this.#node = -1;
    _setFootprint(fp);
    if (entry instanceof Task) touchResume(entry);
    else fp.any = true; // a callback or a timer's: plain code, not classified
  }

  /** The running step is over: what it touched is known, and the sleep set moves past it. */
  finish(): void {
    const s = this.#cur;
    if (s === null) return;
    this.#cur = null;
    _setFootprint(null);
    let base = this.#sleep;
    if (s.node >= 0) {
      const nd = this.#search.path[s.node]!;
      base = new Map(nd.sleep);
      for (const [id, f] of nd.done) if (id !== s.id) base.set(id, f);
      nd.done.set(s.id, s.fp);
    }
    const next = new Map<number, Footprint>();
    for (const [id, f] of base) if (id !== s.id && !dependentAcross(f, s.fp)) next.set(id, f);
    this.#sleep = next;
  }

  choose(_c: readonly Candidate[], ids: readonly number[]): number {
    this.finish();
    const k = this.#k++;
    const path = this.#search.path;
    let pick: number;
    if (k < this.#forced) {
      const nd = path[k]!;
      if (nd.kind !== 'pick' || nd.ids.length !== ids.length || nd.ids.some((x, i) => x !== ids[i])) throw new NondeterminismError(NONDET);
      pick = nd.chosen;
      this.#sleep = nd.sleep;
    } else {
      const sleep = this.#sleep;
      const avail = ids.find((id) => !sleep.has(id));
      if (avail === undefined) throw PRUNED;
      path.push({ kind: 'pick', ids: ids.slice(), sleep, backtrack: new Set(this.#search.mode === 'sleep-sets' ? ids : [avail]), done: new Map(), chosen: avail });
      pick = avail;
    }
    this.#node = k;
    return ids.indexOf(pick);
  }

  override delay(_who: Task | TimerHandle, levels: number): number {
    this.finish();
    const k = this.#k++;
    const path = this.#search.path;
    if (k < this.#forced) {
      const nd = path[k]!;
      if (nd.kind !== 'delay' || nd.ids.length !== levels) throw new NondeterminismError(NONDET);
      nd.done.set(nd.chosen, NONE);
      return nd.chosen;
    }
    const all = Array.from({ length: levels }, (_, i) => i);
    path.push({ kind: 'delay', ids: all, sleep: this.#sleep, backtrack: new Set(all), done: new Map([[0, NONE]]), chosen: 0 });
    return 0;
  }
}

/** The reduced depth-first search: the path of choice points, and what is left to try at each. @internal */
export class ReducedSearch {
  readonly full = false;
  complete = false;
  readonly bounded = false;
  /** Runs cut because every candidate was asleep. */
  pruned = 0;
  readonly path: Node[] = [];
  readonly mode: Reduction;
  #run: ReducedRun | null = null;
  #forced = 0;

  constructor(mode: Reduction) {
    this.mode = mode;
  }

  next(): { policy: Policy; seed: null } | null {
    if (this.complete) return null;
    this.#run = new ReducedRun(this, this.#forced);
    return { policy: this.#run, seed: null };
  }

  /** The run just made ended (or was cut): find its races, then the next choice to try. */
  ran(): void {
    const run = this.#run!;
    run.finish();
    _setFootprint(null);
    const path = this.path;
    if (this.mode === 'dpor') {
      // A race: two steps of one iteration, of different tasks, that do not commute. The later
      // one's task is tried at the choice point where the earlier one ran.
      const steps = run.steps;
      for (let j = 1; j < steps.length; j++) {
        const sj = steps[j]!;
        for (let i = j - 1; i >= 0 && steps[i]!.batch === sj.batch; i--) {
          const si = steps[i]!;
          if (si.id === sj.id || si.node < 0 || !dependent(si.fp, sj.fp)) continue;
          const nd = path[si.node]!;
          if (nd.ids.includes(sj.id) && !nd.sleep.has(sj.id)) nd.backtrack.add(sj.id);
        }
      }
    }
    for (let d = path.length - 1; d >= 0; d--) {
      const nd = path[d]!;
      const next = nd.ids.find((id) => nd.backtrack.has(id) && !nd.done.has(id) && (nd.kind === 'delay' || !nd.sleep.has(id)));
      if (next !== undefined) {
        nd.chosen = next;
        path.length = d + 1;
        this.#forced = d + 1;
        return;
      }
    }
    path.length = 0;
    this.complete = true;
  }
}
