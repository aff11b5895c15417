// Differential conformance of the toolkit: generated JSON programs (queues, locks, semaphores,
// events, conditions, barriers, cancellation, waitFor, gather) run on CPython 3.13 and on
// yieldfrom with timers: 'cpython'; the traces must be identical. CPython runs live when it is
// found; otherwise the traces recorded from it (spec/fixtures/cpython/toolkit.json) stand in.
// CONFORMANCE_RUNS sets how many (default 500, seeded; other counts need CPython live);
// `npm run conformance -- --runs 10000` runs more.
import { describe, expect, it } from 'vitest';
import { oracle } from './helpers.js';
import { oracleTraces } from './oracle/cpython.js';
import { generatedEagerToolkitPrograms, generatedToolkitPrograms, handWrittenToolkitPrograms } from './oracle/suites.js';
import { runToolkitProgram, type ToolkitProgram, type TraceEvent } from './oracle/toolkit-programs.js';

const source = oracle().cpython ? `CPython ${oracle().cpython!.version}` : 'recorded CPython';

describe(`toolkit conformance with CPython 3.13 (${source})`, () => {
  const programs = generatedToolkitPrograms();
  it(`${programs.length} generated programs give CPython's trace, event for event`, () => {
    const expected = oracleTraces<TraceEvent[]>(oracle(), 'toolkit', 'generated', programs);
    expect(expected.length).toBe(programs.length);
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

  it(`with eager tasks (asyncio.eager_task_factory; EventLoop({ eagerTasks: true })), generated programs give CPython's trace`, () => {
    const eager = generatedEagerToolkitPrograms();
    const expected = oracleTraces<TraceEvent[]>(oracle(), 'toolkit', 'eager', eager);
    expect(expected.length).toBe(eager.length);
    const disagree = eager.map((p, i) => ({ program: p, actual: runToolkitProgram(p), expected: expected[i]! })).filter((d) => JSON.stringify(d.actual) !== JSON.stringify(d.expected));
    disagree.sort((a, b) => JSON.stringify(a.program).length - JSON.stringify(b.program).length);
    expect(disagree[0]?.actual).toEqual(disagree[0]?.expected);
    expect(disagree.length).toBe(0);
  });

  it('hand-written races: a woken waiter cancelled before it runs passes the wake-up on; a released lock is not barged', () => {
    const programs = handWrittenToolkitPrograms;
    const expected = oracleTraces<TraceEvent[]>(oracle(), 'toolkit', 'hand-written', programs);
    expect(programs.map((p) => runToolkitProgram(p))).toEqual(expected);
  });
});
