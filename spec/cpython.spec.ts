// Differential tests against CPython 3.13: timer-heavy programs fire in exactly CPython's order
// with timers: 'cpython'. CPython runs them live on spec/oracle/vloop.py when it is found, and
// the traces recorded from it (spec/fixtures/cpython/timers.json) stand in when it is not
// (spec/oracle/cpython.ts). The seed examples are the demos; spec/demos.spec.ts compares their
// output with CPython's.
import { describe, expect, it } from 'vitest';
import { oracle } from './helpers.js';
import { oracleTraces } from './oracle/cpython.js';
import { generatedTimerPrograms, handWrittenTimerPrograms } from './oracle/suites.js';
import { runTimerProgram, type TraceEvent } from './oracle/timer-programs.js';

const source = oracle().cpython ? `CPython ${oracle().cpython!.version}` : 'recorded CPython';

describe(`timer-heavy programs fire in exactly CPython's order with timers: 'cpython' (${source})`, () => {
  it('hand-written: many equal deadlines and cancelled timers', () => {
    const programs = handWrittenTimerPrograms;
    const expected = oracleTraces<TraceEvent[]>(oracle(), 'timers', 'hand-written', programs);
    const actual = programs.map((p) => runTimerProgram(p));
    expect(actual).toEqual(expected);
    // The default (fifo) mode differs on ties: the point of the option.
    expect(runTimerProgram(programs[0]!, 'fifo')).not.toEqual(expected[0]);
  });

  const programs = generatedTimerPrograms();
  it(`${programs.length} generated programs agree with CPython, event for event`, () => {
    const expected = oracleTraces<TraceEvent[]>(oracle(), 'timers', 'generated', programs);
    expect(expected.length).toBe(programs.length);
    let agree = 0;
    for (let i = 0; i < programs.length; i++) {
      const actual = runTimerProgram(programs[i]!);
      if (JSON.stringify(actual) === JSON.stringify(expected[i])) agree++;
      else expect({ program: programs[i], trace: actual }).toEqual({ program: programs[i], trace: expected[i] });
    }
    expect(agree).toBe(programs.length);
  });
});
