// spec/oracle/suites.ts: the programs the differential specs run on CPython and on yieldfrom.
// spec/cpython.spec.ts and spec/conformance.spec.ts run them; `npm run oracle:record` records
// CPython's traces for them (at the default counts) into spec/fixtures/cpython/, which the specs
// read when CPython is not found.
import { fc } from '@fast-check/vitest';
import { timerProgramArb, type TimerProgram } from './timer-programs.js';
import { type ToolkitProgram, toolkitProgramArb } from './toolkit-programs.js';

/** The fast-check seed of the generated programs. */
export const SEED = 20261125;
/** How many generated programs each suite has by default (FC_RUNS and CONFORMANCE_RUNS change it). */
export const DEFAULT_TIMER_RUNS = 150;
export const DEFAULT_TOOLKIT_RUNS = 500;

const envRuns = (name: string, dflt: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${raw}: expected a positive whole number of programs`);
  return n;
};
export const timerRuns = (): number => envRuns('FC_RUNS', DEFAULT_TIMER_RUNS);
export const toolkitRuns = (): number => envRuns('CONFORMANCE_RUNS', DEFAULT_TOOLKIT_RUNS);

/** Hand-written timer programs: many equal deadlines and cancelled timers, and the clock's arithmetic. */
export const handWrittenTimerPrograms: TimerProgram[] = [
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

export const generatedTimerPrograms = (runs: number = timerRuns()): TimerProgram[] => fc.sample(timerProgramArb(), { numRuns: runs, seed: SEED });

const base = { queues: [{ kind: 'Queue' as const, maxsize: 0 }], locks: 1, semaphores: [{ value: 1, bounded: false }], events: 1, conditions: 1, barriers: [2], horizon: 3 };

/** Hand-written toolkit races: a woken waiter cancelled before it runs passes the wake-up on; a released lock is not barged. */
export const handWrittenToolkitPrograms: ToolkitProgram[] = [
  { ...base, tasks: [[{ op: 'get', q: 0 }], [{ op: 'get', q: 0 }], [{ op: 'put', q: 0, item: 5 }, { op: 'cancel', target: 0 }]] },
  { ...base, tasks: [[{ op: 'acquire', l: 0 }, { op: 'sleep', s: 0.1 }, { op: 'release', l: 0 }], [{ op: 'acquire', l: 0 }], [{ op: 'sleep', s: 0.1 }, { op: 'acquire', l: 0 }]] },
  // Woken (the lock or unit is theirs) and cancelled before running: the next waiter must get it.
  { ...base, tasks: [[{ op: 'acquire', l: 0 }, { op: 'sleep', s: 0.1 }, { op: 'release', l: 0 }, { op: 'cancel', target: 1 }], [{ op: 'sleep', s: 0 }, { op: 'acquire', l: 0 }], [{ op: 'sleep', s: 0 }, { op: 'sleep', s: 0 }, { op: 'acquire', l: 0 }]] },
  { ...base, tasks: [[{ op: 'semAcquire', s: 0 }, { op: 'sleep', s: 0.1 }, { op: 'semRelease', s: 0 }, { op: 'cancel', target: 1 }], [{ op: 'sleep', s: 0 }, { op: 'semAcquire', s: 0 }], [{ op: 'sleep', s: 0 }, { op: 'sleep', s: 0 }, { op: 'semAcquire', s: 0 }]] },
  { ...base, tasks: [[{ op: 'condWait', c: 0 }], [{ op: 'condWait', c: 0 }], [{ op: 'sleep', s: 0 }, { op: 'notify', c: 0, n: 1 }, { op: 'cancel', target: 0 }]] },
];

export const generatedToolkitPrograms = (runs: number = toolkitRuns()): ToolkitProgram[] => fc.sample(toolkitProgramArb(), { numRuns: runs, seed: SEED });

/** Every suite at its default size, as `npm run oracle:record` records them. */
/** How many generated programs run with eager tasks (asyncio.eager_task_factory) by default. */
export const DEFAULT_EAGER_RUNS = 200;

/** Generated toolkit programs run with eager tasks on both sides (their own seed). */
export const generatedEagerToolkitPrograms = (runs: number = DEFAULT_EAGER_RUNS): ToolkitProgram[] =>
  fc.sample(toolkitProgramArb(), { numRuns: runs, seed: SEED + 1 }).map((p) => ({ ...p, eager: true }));

export const recordedSuites = (): { timers: Record<string, TimerProgram[]>; toolkit: Record<string, ToolkitProgram[]> } => ({
  timers: { 'hand-written': handWrittenTimerPrograms, generated: generatedTimerPrograms(DEFAULT_TIMER_RUNS) },
  toolkit: {
    'hand-written': handWrittenToolkitPrograms,
    generated: generatedToolkitPrograms(DEFAULT_TOOLKIT_RUNS),
    eager: generatedEagerToolkitPrograms(DEFAULT_EAGER_RUNS),
  },
});
