// recorder.ts: wraps a schedule policy and keeps what exploration needs of a run, cheaply: its
// deviations from FIFO (the replay token), a hash of its choice structure (the fingerprint, and
// a check that a replay saw the same choices), a hash of its path (to count distinct
// schedules), its weight under a uniform random walk (coverage), and on request every choice
// (for exhaustive search).

import { type Candidate, type Jitter, Policy, type SchedulePolicy } from './choice.js';
import type { Deviation } from './scheduler.js';
import type { TimerHandle } from './handle.js';
import type { Task } from './task.js';

const FNV = 0x811c9dc5;

/** @internal */
export class Recorder extends Policy {
  readonly inner: SchedulePolicy;
  /** Choice points so far (picks and delays, one count). */
  at = 0;
  readonly deviations: Deviation[] = [];
  /** For each deviation: the ids of the candidates at its choice point, in FIFO order (for delays: the number of levels). */
  readonly alternatives: (readonly number[] | number)[] = [];
  /** A hash of every choice point's candidates (the choice structure). */
  shape = FNV;
  /** Two hashes of the chosen path. */
  #p1 = FNV;
  #p2 = 0x01000193;
  /** log of the number of schedules a uniform random walk could have taken to this one. */
  logWeight = 0;
  /** With `full`: the number of candidates at each choice point and the index chosen. */
  readonly counts: number[] | null;
  readonly chosen: number[] | null;
  /** An error the inner policy made (a bad pick): rethrown by the runner rather than blamed on the program. */
  broken: unknown = null;

  constructor(inner: SchedulePolicy, jitter: Policy['_jitter'], full = false) {
    super();
    this.inner = inner;
    this._jitter = jitter;
    if (inner instanceof Policy) this._observer = inner._observer;
    this.counts = full ? [] : null;
    this.chosen = full ? [] : null;
  }

  get name(): string {
    return this.inner.name;
  }

  /** A key for the chosen path (distinct schedules have distinct keys, but for a 2^-53 chance). */
  pathKey(): number {
    return (this.#p1 >>> 0) * 2097152 + (this.#p2 >>> 11);
  }

  choose(c: readonly Candidate[], ids: readonly number[]): number {
    const p = this.#valid(this.inner.choose(c, ids), c.length, 'picked');
    const at = this.at++;
    let s = Math.imul(this.shape ^ c.length, 0x01000193);
    for (let i = 0; i < ids.length; i++) s = Math.imul(s ^ ids[i]!, 0x01000193);
    this.shape = s;
    this.#path(ids[p]!);
    this.logWeight += Math.log(c.length);
    if (this.counts !== null) {
      this.counts.push(c.length);
      this.chosen!.push(p);
    }
    if (p !== 0) {
      this.deviations.push({ at, kind: 'pick', value: ids[p]! });
      this.alternatives.push(ids.slice());
    }
    return p;
  }

  override delay(who: Task | TimerHandle, levels: number): number {
    const inner = this.inner;
    const level = this.#valid(inner.delay === undefined ? 0 : inner.delay(who, levels), levels, 'delayed by level');
    const at = this.at++;
    this.shape = Math.imul(this.shape ^ (0x40000000 + levels), 0x01000193);
    this.#path(0x40000000 + level);
    this.logWeight += Math.log(levels);
    if (this.counts !== null) {
      this.counts.push(levels);
      this.chosen!.push(level);
    }
    if (level !== 0) {
      this.deviations.push({ at, kind: 'delay', value: level });
      this.alternatives.push(levels);
    }
    return level;
  }

  #path(v: number): void {
    this.#p1 = Math.imul(this.#p1 ^ v, 0x01000193);
    this.#p2 = Math.imul(this.#p2 ^ v, 0x5bd1e995) ^ (this.#p2 >>> 13);
  }

  #valid(p: number, n: number, what: string): number {
    if (Number.isInteger(p) && p >= 0 && p < n) return p;
    const e = new RangeError(`schedule policy ${this.inner.name} ${what} ${String(p)} of ${n}`);
    this.broken ??= e;
    throw e;
  }
}

/** A fingerprint of a choice structure: six base-36 characters. @internal */
export function fingerprintOf(shape: number): string {
  return ((shape >>> 0) % 2176782336).toString(36).padStart(6, '0');
}
