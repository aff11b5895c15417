// scheduler.ts: schedule policies: at each choice point (several entries ready in one loop
// iteration) a policy picks which runs next. Candidates are every ready task plus the first
// ready callback or due timer (callbacks stay FIFO among themselves). Candidate 0 is always
// CPython's FIFO choice, so a recorded schedule is a list of small numbers, 0 meaning "as usual",
// and shrinking towards 0 shrinks towards the kernel's own order.

import type { Task } from './task.js';

/** Picks one of `candidates` (tasks, or null for the first ready callback/timer); returns its index. */
export interface SchedulePolicy {
  readonly name: string;
  choose(candidates: readonly (Task | null)[]): number;
}

/**
 * CPython's order: always the first candidate.
 * @example
 * new EventLoop({ schedule: fifo() }); // the kernel's own order, through the policy path
 */
export function fifo(): SchedulePolicy {
  return { name: 'fifo', choose: () => 0 };
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

/**
 * Uniformly random picks from a seed: the same seed gives the same schedule.
 * @example
 * runSchedule(program, random(42));
 */
export function random(seed: number): SchedulePolicy {
  const next = prng(seed);
  return { name: `random(${seed})`, choose: (c) => Math.floor(next() * c.length) };
}

/**
 * * Probabilistic concurrency testing (Burckhardt et al.): every task gets a random priority; the
 * highest-priority candidate runs; at `depth - 1` random choice points (among the first
 * `horizon`) the running task's priority drops below all others. Finds bugs of depth d with
 * probability at least 1/(n k^(d-1)).
 * @example
 * explore(program, { strategy: (seed) => pct(seed, { depth: 2 }) });
 */
export function pct(seed: number, options: { depth?: number; horizon?: number } = {}): SchedulePolicy {
  const depth = options.depth ?? 3;
  const horizon = options.horizon ?? 200;
  if (!Number.isInteger(depth) || depth < 1) throw new TypeError(`pct(): expected a depth of at least 1, got ${String(depth)}`);
  const next = prng(seed);
  const prio = new Map<Task | null, number>();
  const changes = new Set<number>();
  while (changes.size < Math.min(depth - 1, horizon)) changes.add(Math.floor(next() * horizon));
  let low = 0;
  let step = 0;
  return {
    name: `pct(${seed}, depth ${depth})`,
    choose(c) {
      for (const t of c) if (!prio.has(t)) prio.set(t, 1 + next());
      let best = 0;
      for (let i = 1; i < c.length; i++) if (prio.get(c[i]!)! > prio.get(c[best]!)!) best = i;
      if (changes.has(step++)) prio.set(c[best]!, low -= 1); // a priority change point
      return best;
    },
  };
}

/**
 * Replays recorded picks (or a replay token); past the end it picks FIFO.
 * @example
 * new EventLoop({ schedule: replay('yf1:3.1') });
 */
export function replay(picks: readonly number[] | string): SchedulePolicy {
  const list = typeof picks === 'string' ? decodeSchedule(picks) : [...picks];
  let i = 0;
  return {
    name: 'replay',
    choose: (c) => {
      const p = i < list.length ? list[i]! : 0;
      i++;
      return p < c.length ? p : p % c.length;
    },
  };
}

/** Wraps a policy and records every pick it makes. @internal */
export class Recorder implements SchedulePolicy {
  readonly picks: number[] = [];
  constructor(readonly inner: SchedulePolicy) {}
  get name(): string {
    return this.inner.name;
  }
  choose(c: readonly (Task | null)[]): number {
    const p = this.inner.choose(c);
    if (!Number.isInteger(p) || p < 0 || p >= c.length) {
      throw new RangeError(`schedule policy ${this.inner.name} picked ${String(p)} of ${c.length} candidates`);
    }
    this.picks.push(p);
    return p;
  }
}

// ---- replay tokens: one short string per schedule ----

/**
 * Encodes picks as a token: the non-zero picks as `position.pick` in base 36, e.g. `yf1:3.1,k.2`.
 * @example
 * encodeSchedule([0, 0, 1]); // 'yf1:2.1'
 */
export function encodeSchedule(picks: readonly number[]): string {
  const parts: string[] = [];
  picks.forEach((p, i) => {
    if (p !== 0) parts.push(`${i.toString(36)}.${p.toString(36)}`);
  });
  return `yf1:${parts.join(',')}`;
}

/**
 * Decodes a token made by encodeSchedule.
 * @example
 * decodeSchedule('yf1:2.1'); // [0, 0, 1]
 */
export function decodeSchedule(token: string): number[] {
  if (typeof token !== 'string' || !token.startsWith('yf1:')) throw new TypeError(`replay(): expected a replay token like 'yf1:3.1', got ${JSON.stringify(token)}`);
  const body = token.slice(4);
  const picks: number[] = [];
  if (body === '') return picks;
  for (const part of body.split(',')) {
    const [pos, pick] = part.split('.');
    const i = Number.parseInt(pos ?? '', 36);
    const p = Number.parseInt(pick ?? '', 36);
    if (!Number.isInteger(i) || !Number.isInteger(p) || i < 0 || p < 0) throw new TypeError(`replay(): malformed replay token part ${JSON.stringify(part)}`);
    while (picks.length < i) picks.push(0);
    picks[i] = p;
  }
  return picks;
}
