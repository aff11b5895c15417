// Differential conformance of the toolkit: generated JSON programs (queues, locks, semaphores,
// events, conditions, barriers, cancellation, waitFor, gather) run on CPython 3.13 and on
// yieldfrom with timers: 'cpython'; the traces must be identical. CONFORMANCE_RUNS sets how
// many (default 500, seeded); `npm run conformance -- --runs 10000` runs more.
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { runCPython } from './helpers.js';
import { runToolkitProgram, type ToolkitProgram, toolkitProgramArb, type TraceEvent } from './oracle/toolkit-programs.js';

const RUNS = Number(process.env.CONFORMANCE_RUNS ?? 500);

describe('toolkit conformance with CPython 3.13', () => {
  it(`${RUNS} generated programs give CPython's trace, event for event`, () => {
    const programs = fc.sample(toolkitProgramArb(), { numRuns: RUNS, seed: 20261125 });
    const expected = runCPython<TraceEvent[][]>('toolkit.py', programs);
    const disagree: { program: ToolkitProgram; actual: TraceEvent[]; expected: TraceEvent[] }[] = [];
    programs.forEach((p, i) => {
      const actual = runToolkitProgram(p);
      if (JSON.stringify(actual) !== JSON.stringify(expected[i])) disagree.push({ program: p, actual, expected: expected[i]! });
    });
    // On failure, show the smallest disagreeing program with both traces.
    disagree.sort((a, b) => JSON.stringify(a.program).length - JSON.stringify(b.program).length);
    expect(disagree[0]?.actual).toEqual(disagree[0]?.expected);
    expect(disagree.length).toBe(0);
  });

  it('hand-written races: a woken waiter cancelled before it runs passes the wake-up on; a released lock is not barged', () => {
    const base = { queues: [{ kind: 'Queue' as const, maxsize: 0 }], locks: 1, semaphores: [{ value: 1, bounded: false }], events: 1, conditions: 1, barriers: [2], horizon: 3 };
    const programs: ToolkitProgram[] = [
      { ...base, tasks: [[{ op: 'get', q: 0 }], [{ op: 'get', q: 0 }], [{ op: 'put', q: 0, item: 5 }, { op: 'cancel', target: 0 }]] },
      { ...base, tasks: [[{ op: 'acquire', l: 0 }, { op: 'sleep', s: 0.1 }, { op: 'release', l: 0 }], [{ op: 'acquire', l: 0 }], [{ op: 'sleep', s: 0.1 }, { op: 'acquire', l: 0 }]] },
      // Woken (the lock or unit is theirs) and cancelled before running: the next waiter must get it.
      { ...base, tasks: [[{ op: 'acquire', l: 0 }, { op: 'sleep', s: 0.1 }, { op: 'release', l: 0 }, { op: 'cancel', target: 1 }], [{ op: 'sleep', s: 0 }, { op: 'acquire', l: 0 }], [{ op: 'sleep', s: 0 }, { op: 'sleep', s: 0 }, { op: 'acquire', l: 0 }]] },
      { ...base, tasks: [[{ op: 'semAcquire', s: 0 }, { op: 'sleep', s: 0.1 }, { op: 'semRelease', s: 0 }, { op: 'cancel', target: 1 }], [{ op: 'sleep', s: 0 }, { op: 'semAcquire', s: 0 }], [{ op: 'sleep', s: 0 }, { op: 'sleep', s: 0 }, { op: 'semAcquire', s: 0 }]] },
      { ...base, tasks: [[{ op: 'condWait', c: 0 }], [{ op: 'condWait', c: 0 }], [{ op: 'sleep', s: 0 }, { op: 'notify', c: 0, n: 1 }, { op: 'cancel', target: 0 }]] },
    ];
    const expected = runCPython<TraceEvent[][]>('toolkit.py', programs);
    expect(programs.map((p) => runToolkitProgram(p))).toEqual(expected);
  });
});
