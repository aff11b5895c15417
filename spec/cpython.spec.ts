// Differential tests against CPython 3.13: timer-heavy programs fire in exactly CPython's order
// with timers: 'cpython' (run live on CPython with shared/cpython-oracle/vloop.py). The seed
// examples are the demos; spec/demos.spec.ts compares their output with CPython's transcripts.
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { runCPython } from './helpers.js';
import { runTimerProgram, timerProgramArb, type TimerProgram, type TraceEvent } from './oracle/timer-programs.js';

describe("timer-heavy programs fire in exactly CPython's order with timers: 'cpython'", () => {
  const runs = Number(process.env.FC_RUNS ?? 150);

  it('hand-written: many equal deadlines and cancelled timers', () => {
    const programs: TimerProgram[] = [
      {
        horizon: 2,
        actions: Array.from({ length: 40 }, (_, i) => ({ op: 'later' as const, id: i + 1, delay: [0.1, 0.3, 0.1, 0.2][i % 4]!, body: [] })),
      },
      {
        horizon: 5,
        actions: [
          ...Array.from({ length: 150 }, (_, i) => ({ op: 'later' as const, id: i + 1, delay: [0.5, 1][i % 2]!, body: [] })),
          ...Array.from({ length: 120 }, (_, i) => ({ op: 'cancel' as const, target: i + 1 })),
          { op: 'task', id: 200, sleeps: [0.5, 0, 0.5] },
          { op: 'later', id: 201, delay: 0.5, body: [{ op: 'canceltask', target: 200 }] },
        ],
      },
      {
        // CPython's virtual clock jumps by `now += when - now`: from 0.2 to 0.1 + 0.7 that lands on
        // 0.7999999999999998, not 0.7999999999999999. yieldfrom reproduces the arithmetic.
        horizon: 2,
        actions: [
          { op: 'later', id: 1, delay: 0.1, body: [{ op: 'later', id: 2, delay: 0.7, body: [] }] },
          { op: 'later', id: 3, delay: 0.2, body: [] },
        ],
      },
    ];
    const expected = runCPython<TraceEvent[][]>('timers.py', programs);
    const actual = programs.map((p) => runTimerProgram(p));
    expect(actual).toEqual(expected);
    // The default (fifo) mode differs on ties: the point of the option.
    expect(runTimerProgram(programs[0]!, 'fifo')).not.toEqual(expected[0]);
  });

  it(`${runs} generated programs agree with CPython, event for event`, () => {
    const programs = fc.sample(timerProgramArb(), { numRuns: runs, seed: 20261125 });
    const expected = runCPython<TraceEvent[][]>('timers.py', programs);
    let agree = 0;
    for (let i = 0; i < programs.length; i++) {
      const actual = runTimerProgram(programs[i]!);
      if (JSON.stringify(actual) === JSON.stringify(expected[i])) agree++;
      else expect({ program: programs[i], trace: actual }).toEqual({ program: programs[i], trace: expected[i] });
    }
    expect(agree).toBe(programs.length);
  });
});
