// schedules.ts: schedules as a fast-check arbitrary, for property tests of concurrent code.
// The core does not depend on fast-check: pass your `fc` in. A schedule is a list of picks
// (0 = CPython's FIFO choice); fast-check shrinks lists towards fewer, smaller picks, that is
// towards fewer deviations from FIFO and then shorter runs. A counterexample prints as its
// replay token, which runSchedule(program, token) reproduces exactly.

import { encodeSchedule, replay, type SchedulePolicy } from './scheduler.js';

/** The parts of fast-check this uses (so the core needs no import of it). */
export interface FastCheckLike {
  array<T>(arb: unknown, constraints?: { maxLength?: number }): { map<U>(f: (v: T[]) => U): unknown };
  nat(constraints?: { max?: number }): unknown;
  toStringMethod: symbol;
}

/** A schedule drawn by fast-check. */
export interface Schedule {
  readonly picks: readonly number[];
  /** The replay token. */
  readonly token: string;
  /** A fresh policy that replays the picks (use one per run). */
  policy(): SchedulePolicy;
}

/**
 * A fast-check arbitrary of schedules.
 * @example
 * import fc from 'fast-check';
 * fc.assert(fc.property(schedules(fc), (s) => runSchedule(program, s.policy(), { check }).ok));
 * // a failure prints e.g. "schedule yf1:3.1", and runSchedule(program, 'yf1:3.1') replays it
 */
export function schedules<A>(fc: FastCheckLike, options: { maxLength?: number; maxPick?: number } = {}): A {
  const maxLength = options.maxLength ?? 64;
  const maxPick = options.maxPick ?? 7;
  return fc.array<number>(fc.nat({ max: maxPick }), { maxLength }).map((picks) => {
    const token = encodeSchedule(picks);
    const schedule: Schedule & Record<symbol, unknown> = {
      picks,
      token,
      policy: () => replay(picks),
      [fc.toStringMethod]: () => `schedule ${token}`,
    };
    return schedule;
  }) as A;
}
