// scheduler.ts: schedule policies and replay tokens. At each choice point (several entries
// ready in one loop iteration, see choice.ts) a policy picks which runs next. Candidate 0 is
// always CPython's FIFO choice, so a schedule is its few deviations from FIFO, each naming what
// ran by identity (a task's number, a timer's arrival number), and a replay token is one short
// string. Removing one deviation leaves the others' meaning intact, which is what shrinking needs.

import { type Candidate, type Jitter, jitterModel, Policy, type SchedulePolicy } from './choice.js';
import type { Task } from './task.js';
import type { TimerHandle } from './handle.js';

export { customPolicy, Policy, type Candidate, type Jitter, type SchedulePolicy } from './choice.js';

/**
 * One deviation from FIFO: at choice point `at` (counted from 0 over the run), either the
 * candidate named `value` ran (`kind: 'pick'`; a task's number, -(timer arrival + 1), or 0 for
 * the next callback), or a due sleep or timer was made late by `value` steps (`kind: 'delay'`).
 */
export interface Deviation {
  readonly at: number;
  readonly kind: 'pick' | 'delay';
  readonly value: number;
}

class Fifo extends Policy {
  readonly name = 'fifo';
  choose(): number {
    return 0;
  }
}

/**
 * CPython's order: always the first candidate.
 * @example
 * new EventLoop({ schedule: fifo() }); // the kernel's own order, through the policy path
 */
export function fifo(): Policy {
  return new Fifo();
}

/** A small, fast, seedable PRNG (mulberry32). @internal */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random extends Policy {
  readonly name: string;
  readonly #next: () => number;
  constructor(seed: number) {
    super();
    this.name = `random(${seed})`;
    this.#next = prng(seed);
  }
  choose(c: readonly Candidate[]): number {
    return Math.floor(this.#next() * c.length);
  }
  override delay(_who: Task | TimerHandle, levels: number): number {
    return Math.floor(this.#next() * levels);
  }
}

/**
 * Uniformly random picks from a seed: the same seed gives the same schedule.
 * @example
 * runSchedule(program, random(42));
 */
export function random(seed: number): Policy {
  return new Random(seed);
}

class Pct extends Policy {
  readonly name: string;
  readonly #next: () => number;
  readonly #prio = new Map<Candidate, number>();
  readonly #changes = new Set<number>();
  #low = 0;
  #step = 0;
  constructor(seed: number, depth: number, horizon: number) {
    super();
    this.name = `pct(${seed}, depth ${depth}, horizon ${horizon})`;
    this.#next = prng(seed);
    while (this.#changes.size < Math.min(depth - 1, horizon)) this.#changes.add(Math.floor(this.#next() * horizon));
  }
  choose(c: readonly Candidate[]): number {
    const prio = this.#prio;
    for (const t of c) if (!prio.has(t)) prio.set(t, 1 + this.#next());
    let best = 0;
    for (let i = 1; i < c.length; i++) if (prio.get(c[i]!)! > prio.get(c[best]!)!) best = i;
    if (this.#changes.has(this.#step++)) prio.set(c[best]!, (this.#low -= 1)); // a priority change point
    return best;
  }
  override delay(_who: Task | TimerHandle, levels: number): number {
    return Math.floor(this.#next() * levels);
  }
}

/**
 * * Probabilistic concurrency testing (Burckhardt et al.): every task gets a random priority; the
 * highest-priority candidate runs; at `depth - 1` random choice points among the first `horizon`
 * the running task's priority drops below all others. Finds a bug of depth d with probability at
 * least 1/(n k^(d-1)), for n tasks and k = horizon. explore() sets the horizon to the number of
 * choice points of the program's FIFO run unless told otherwise.
 * @example
 * explore(program, { strategy: 'pct', depth: 2, horizon: 20 });
 */
export function pct(seed: number, options: { depth?: number; horizon?: number } = {}): Policy {
  const depth = options.depth ?? 3;
  const horizon = options.horizon ?? 200;
  if (!Number.isInteger(depth) || depth < 1) throw new TypeError(`pct(): expected a depth of at least 1, got ${String(depth)}`);
  if (!Number.isInteger(horizon) || horizon < 1) throw new TypeError(`pct(): expected a horizon of at least 1, got ${String(horizon)}`);
  return new Pct(seed, depth, horizon);
}

/**
 * Replays deviations; a choice point without one picks FIFO. A deviation naming something not
 * ready at its choice point falls back to FIFO and is counted. With `loose` (the shrinker's
 * second reading of an edited schedule, whose deviations come a little later once earlier ones
 * are gone), such a deviation waits for the first later choice point where what it names is
 * ready, and a timer that is not there may be stood in for by the same timer (the n-th) of
 * another maker. With `anchorless` (its third reading) the deviations' positions are ignored:
 * each one, in order, applies at the first choice point where what it names is ready. @internal
 */
export class Replay extends Policy {
  readonly name = 'replay';
  readonly #devs: readonly Deviation[];
  readonly #loose: boolean;
  /** Ignore `at`: each deviation applies at the first choice point where what it names is ready (the shrinker's third reading). */
  readonly #anchorless: boolean;
  #i = 0;
  #at = 0;
  #waiting: Deviation[] | null = null;
  /** @internal Deviations that named something not ready at their choice point, or came at a choice of the other kind: they fell back to FIFO. */
  _missed = 0;
  constructor(devs: readonly Deviation[], loose = false, anchorless = false) {
    super();
    this.#devs = devs;
    this.#loose = loose || anchorless;
    this.#anchorless = anchorless;
  }
  choose(_c: readonly Candidate[], ids: readonly number[]): number {
    if (this.#loose) return this.#waited('pick', ids, 0);
    const d = this.#take('pick');
    if (d === null) return 0;
    const k = ids.indexOf(d.value);
    if (k < 0) this._missed++;
    return k < 0 ? 0 : k;
  }
  override delay(_who: Task | TimerHandle, levels: number): number {
    if (this.#loose) return this.#waited('delay', null, levels);
    const d = this.#take('delay');
    if (d === null) return 0;
    if (d.value >= levels) this._missed++;
    return d.value < levels ? d.value : 0;
  }
  #take(kind: Deviation['kind']): Deviation | null {
    const at = this.#at++;
    const devs = this.#devs;
    while (this.#i < devs.length && devs[this.#i]!.at < at) this.#i++;
    if (this.#i === devs.length || devs[this.#i]!.at !== at) return null;
    const d = devs[this.#i++]!;
    if (d.kind === kind) return d;
    this._missed++;
    return null;
  }
  #waited(kind: Deviation['kind'], ids: readonly number[] | null, levels: number): number {
    const at = this.#at++;
    const devs = this.#devs;
    const waiting = (this.#waiting ??= []);
    if (this.#anchorless) while (this.#i < devs.length) waiting.push(devs[this.#i++]!);
    else while (this.#i < devs.length && devs[this.#i]!.at <= at) waiting.push(devs[this.#i++]!);
    for (let w = 0; w < waiting.length; w++) {
      const d = waiting[w]!;
      if (d.kind !== kind) continue;
      let k = ids === null ? (d.value < levels ? d.value : -1) : ids.indexOf(d.value);
      if (k < 0 && ids !== null && d.value < 0) {
        const n = (-d.value - 1) % 1048576;
        k = ids.findIndex((id) => id < 0 && (-id - 1) % 1048576 === n);
      }
      if (k < 0) continue;
      waiting.splice(w, 1);
      return k;
    }
    return 0;
  }
  /** @internal How many deviations did not apply: they fell back to FIFO, or the run ended before they could. */
  _fallbacks(): number {
    return this._missed + this.#devs.length - this.#i + (this.#waiting?.length ?? 0);
  }
}

/**
 * Replays a schedule: a replay token from explore() or runSchedule(), or a list of deviations.
 * A deviation that names something not ready at its choice point falls back to FIFO (counted).
 * A schedule found with a latency model replays with the same one (`jitter`, as explore's).
 * @example
 * new EventLoop({ schedule: replay('yf2:k3x9q1:3.t5') });
 */
export function replay(schedule: string | readonly Deviation[], options: { jitter?: number | Jitter } = {}): Replay {
  const devs = typeof schedule === 'string' ? decodeSchedule(schedule).deviations : checkDeviations(schedule);
  const r = new Replay(devs);
  r._jitter = jitterModel('replay()', options.jitter);
  return r;
}

function checkDeviations(devs: readonly Deviation[]): Deviation[] {
  if (!Array.isArray(devs)) throw new TypeError(`replay(): expected a replay token or a list of deviations, got ${String(devs)}`);
  const out = [...devs].sort((a, b) => a.at - b.at);
  for (const d of out) {
    if (!Number.isInteger(d?.at) || d.at < 0 || (d.kind !== 'pick' && d.kind !== 'delay') || !Number.isInteger(d.value) || (d.kind === 'delay' && d.value < 1)) {
      throw new TypeError(`replay(): malformed deviation ${JSON.stringify(d)}: expected { at, kind: 'pick' | 'delay', value }`);
    }
  }
  return out;
}

// ---- replay tokens: one short string per schedule ----

const OLD_TOKEN = 'replay(): this is a yf1 token from an earlier yieldfrom, whose picks were positions in the candidate list; the format changed (deviations now name what ran); run explore() again to get a yf2 token';

function idText(id: number): string {
  if (id > 0) return `t${id.toString(36)}`;
  if (id === 0) return 'c';
  const k = -id - 1;
  return `k${Math.floor(k / 1048576).toString(36)}_${(k % 1048576).toString(36)}`;
}

/**
 * Encodes deviations as a token: `yf2:<fingerprint>:<deviations>`, each deviation `at.t<task>`,
 * `at.k<maker>_<n>` (the n-th timer task `maker` made), `at.c` (the next callback) or
 * `at~<level>` (a late sleep or timer), numbers in base 36. The fingerprint (of the program's choice structure) lets a replay warn when the
 * program changed.
 * @example
 * encodeSchedule([{ at: 3, kind: 'pick', value: 5 }], 'abc123'); // 'yf2:abc123:3.t5'
 */
export function encodeSchedule(deviations: readonly Deviation[], fingerprint = ''): string {
  const parts = deviations.map((d) => (d.kind === 'pick' ? `${d.at.toString(36)}.${idText(d.value)}` : `${d.at.toString(36)}~${d.value.toString(36)}`));
  return `yf2:${fingerprint}:${parts.join(',')}`;
}

/**
 * Decodes a token made by encodeSchedule.
 * @example
 * decodeSchedule('yf2:abc123:3.t5'); // { fingerprint: 'abc123', deviations: [{ at: 3, kind: 'pick', value: 5 }] }
 */
export function decodeSchedule(token: string): { fingerprint: string; deviations: Deviation[] } {
  if (typeof token === 'string' && token.startsWith('yf1:')) throw new TypeError(OLD_TOKEN);
  const m = typeof token === 'string' ? /^yf2:([0-9a-z]*):(.*)$/.exec(token) : null;
  if (m === null) throw new TypeError(`replay(): expected a replay token like 'yf2:k3x9q1:3.t5', got ${JSON.stringify(token)}`);
  const deviations: Deviation[] = [];
  let last = -1;
  for (const part of m[2] === '' ? [] : m[2]!.split(',')) {
    const p = /^([0-9a-z]+)(?:\.(?:t([0-9a-z]+)|k([0-9a-z]+)_([0-9a-z]+)|(c))|~([0-9a-z]+))$/.exec(part);
    const at = p === null ? Number.NaN : Number.parseInt(p[1]!, 36);
    if (p === null || !(at > last)) throw new TypeError(`replay(): malformed replay token part ${JSON.stringify(part)} in ${JSON.stringify(token)}`);
    last = at;
    if (p[6] !== undefined) {
      const level = Number.parseInt(p[6], 36);
      if (!(level >= 1)) throw new TypeError(`replay(): malformed replay token part ${JSON.stringify(part)} in ${JSON.stringify(token)}`);
      deviations.push({ at, kind: 'delay', value: level });
    } else {
      const value = p[2] !== undefined ? Number.parseInt(p[2], 36) : p[3] !== undefined ? -(1 + Number.parseInt(p[3], 36) * 1048576 + Number.parseInt(p[4]!, 36)) : 0;
      deviations.push({ at, kind: 'pick', value });
    }
  }
  return { fingerprint: m[1]!, deviations };
}
