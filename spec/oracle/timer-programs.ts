// timer-programs.ts: a tiny language of timer-heavy programs (callLater/callAt/callSoon with
// many equal deadlines, cancelled timers, sleeping tasks that get cancelled), its yieldfrom
// interpreter, and a fast-check generator. spec/oracle/timers.py interprets the same programs
// on CPython 3.13; the traces must be identical.
import { fc } from '@fast-check/vitest';
import { CancelledError, EventLoop, type Policy, sleep, type Task, type Handle } from '../../lib/index.js';

export type Action =
  | { op: 'later' | 'at'; id: number; delay: number; body: Action[] }
  | { op: 'soon'; id: number; body: Action[] }
  | { op: 'cancel'; target: number }
  | { op: 'task'; id: number; sleeps: number[] }
  | { op: 'canceltask'; target: number };

export interface TimerProgram {
  actions: Action[];
  horizon: number;
}

export type TraceEvent = (string | number)[];

export function runTimerProgram(prog: TimerProgram, timers: 'cpython' | 'fifo' = 'cpython', schedule?: Policy): TraceEvent[] {
  const trace: TraceEvent[] = [];
  const loop = new EventLoop(schedule ? { timers, schedule } : { timers });
  const handles = new Map<number, Handle>();
  const tasks = new Map<number, Task>();

  const fire = (a: { id: number; body: Action[] }): void => {
    trace.push(['cb', a.id, loop.time()]);
    runActions(a.body);
  };
  function* sleeper(a: { id: number; sleeps: number[] }) {
    try {
      for (let k = 0; k < a.sleeps.length; k++) {
        yield* sleep(a.sleeps[k]!);
        trace.push(['wake', a.id, k, loop.time()]);
      }
    } catch (e) {
      if (e instanceof CancelledError) trace.push(['cancelled', a.id, loop.time()]);
      throw e;
    }
  }
  const runActions = (actions: Action[]): void => {
    for (const a of actions) {
      switch (a.op) {
        case 'later':
          handles.set(a.id, loop.callLater(a.delay, fire, a));
          break;
        case 'at':
          handles.set(a.id, loop.callAt(loop.time() + a.delay, fire, a));
          break;
        case 'soon':
          handles.set(a.id, loop.callSoon(fire, a));
          break;
        case 'cancel':
          handles.get(a.target)?.cancel();
          break;
        case 'task':
          tasks.set(a.id, loop.createTask(sleeper(a)));
          break;
        case 'canceltask':
          tasks.get(a.target)?.cancel();
          break;
      }
    }
  };
  function* main() {
    runActions(prog.actions);
    yield* sleep(prog.horizon);
    trace.push(['end', loop.time()]);
  }
  try {
    loop.runUntilComplete(main());
  } finally {
    loop.close();
  }
  return trace;
}

// Few distinct delays, so many timers share a deadline; sums like 0.1 + 0.2 exercise float rounding.
const delayArb = fc.constantFrom(0, 0.1, 0.1, 0.2, 0.3, 0.3, 0.5, 1, 0.7);

/** Programs with ids numbered by the generator; cancels point at ids that may or may not exist yet. */
export function timerProgramArb(opts: { maxBurst?: number } = {}): fc.Arbitrary<TimerProgram> {
  const maxBurst = opts.maxBurst ?? 160;
  const target = fc.integer({ min: 0, max: 400 });
  const leaf: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ op: fc.constant('cancel' as const), target }),
    fc.record({ op: fc.constant('canceltask' as const), target }),
    fc.record({ op: fc.constant('task' as const), id: fc.constant(0), sleeps: fc.array(delayArb, { minLength: 1, maxLength: 4 }) }),
  );
  const action: fc.Arbitrary<Action> = fc.letrec<{ a: Action; body: Action[] }>((tie) => ({
    a: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.record({ op: fc.constantFrom('later' as const, 'at' as const), id: fc.constant(0), delay: delayArb, body: tie('body') }),
      fc.record({ op: fc.constant('soon' as const), id: fc.constant(0), body: tie('body') }),
    ),
    body: fc.array(tie('a'), { maxLength: 3 }),
  })).a;
  // A burst of many timers, a share of them cancelled: crosses CPython's clean-up threshold
  // (more than 100 scheduled timers, more than half of them cancelled).
  const burst = fc
    .record({ n: fc.integer({ min: 0, max: maxBurst }), cancelShare: fc.double({ min: 0, max: 1, noNaN: true }), delays: fc.array(delayArb, { minLength: 1, maxLength: 5 }) })
    .map(({ n, cancelShare, delays }) => {
      const out: Action[] = [];
      for (let i = 0; i < n; i++) out.push({ op: 'later', id: 0, delay: delays[i % delays.length]!, body: [] });
      return { out, cancelShare };
    });
  return fc.record({ actions: fc.array(action, { maxLength: 8 }), burst, horizon: fc.constantFrom(2, 5, 10) }).map(({ actions, burst, horizon }) => {
    const all = [...burst.out, ...actions];
    let next = 1;
    const number = (list: Action[]): void => {
      for (const a of list) {
        if (a.op === 'later' || a.op === 'at' || a.op === 'soon' || a.op === 'task') a.id = next++;
        if (a.op === 'later' || a.op === 'at' || a.op === 'soon') number(a.body);
      }
    };
    number(all);
    const cancels: Action[] = [];
    for (let i = 0; i < burst.out.length; i++) if ((i * 0.618) % 1 < burst.cancelShare) cancels.push({ op: 'cancel', target: (burst.out[i] as { id: number }).id });
    return { actions: [...all, ...cancels], horizon };
  });
}
