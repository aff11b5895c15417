import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { zoo } from '../demos/zoo.js';
import {
  DeadlockError,
  decodeSchedule,
  encodeSchedule,
  EventLoop,
  explore,
  fifo,
  LivelockError,
  pct,
  random,
  renderTimeline,
  replay,
  runSchedule,
  type SchedulePolicy,
  schedules,
  sleep,
  spawn,
  toChromeTrace,
  Tracer,
} from '../lib/index.js';
import { runTimerProgram, timerProgramArb } from './oracle/timer-programs.js';
import { runToolkitProgram, toolkitProgramArb } from './oracle/toolkit-programs.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const FIXED_RUNS = Number(process.env.EXPLORE_FIXED_RUNS ?? 10_000);
const SLACK = 1; // the shrunk schedule may keep one deviation more than the hand-minimal one

describe('the bug zoo (demos/zoo.ts)', () => {
  it.each(zoo.map((z) => [z.name, z] as const))('%s: passes under FIFO, is found within 1,000 runs, shrinks, replays; the fix passes', (_n, z) => {
    expect(runSchedule(z.buggy, [], { check: z.check }).ok).toBe(true);
    const r = explore(z.buggy, { runs: 1000, seed: 1, check: z.check });
    expect(r.ok).toBe(false);
    const f = r.failure!;
    expect(r.runs).toBeLessThanOrEqual(1000);
    expect(f.picks.filter((p) => p !== 0).length).toBeLessThanOrEqual(z.minimalDeviations + SLACK);
    const again = runSchedule(z.buggy, f.token, { check: z.check });
    expect(again.ok).toBe(false);
    expect((again.error as Error).constructor).toBe((f.error as Error).constructor);
    expect(again.trace.events).toEqual(f.trace.events);
    const fixed = explore(z.fixed, { runs: FIXED_RUNS, seed: 1, check: z.check });
    expect(fixed).toEqual({ ok: true, runs: FIXED_RUNS });
  });

  it.each(zoo.map((z) => [z.name, z] as const))('%s is found by pct (depth 2) within 1,000 runs too', (_n, z) => {
    const r = explore(z.buggy, { runs: 1000, strategy: 'pct', depth: 2, seed: 1, check: z.check });
    expect(r.ok).toBe(false);
    expect(runSchedule(z.buggy, r.failure!.token, { check: z.check }).ok).toBe(false);
  });

  it('reports a deadlock with the wait-for cycle and a livelock past maxSteps', () => {
    const lockOrder = zoo.find((z) => z.name === 'lock-order')!;
    const r = explore(lockOrder.buggy, { runs: 100 });
    expect(r.failure!.error).toBeInstanceOf(DeadlockError);
    expect((r.failure!.error as Error).message).toContain('wait-for cycle: "t1" -> "t2" -> "t1"');
    expect(r.failure!.report).toContain('replay: runSchedule(program, "yf1:');
    const spin = function* () {
      for (;;) yield* sleep(0);
    };
    const l = explore(spin, { runs: 1, maxSteps: 500 });
    expect(l.failure!.error).toBeInstanceOf(LivelockError);
  });
});

describe('schedule policies', () => {
  it('replay tokens round-trip', () => {
    expect(encodeSchedule([0, 0, 1, 0, 12])).toBe('yf1:2.1,4.c');
    expect(decodeSchedule('yf1:2.1,4.c')).toEqual([0, 0, 1, 0, 12]);
    expect(() => decodeSchedule('nope')).toThrowErrorMatchingInlineSnapshot(`[TypeError: replay(): expected a replay token like 'yf1:3.1', got "nope"]`);
  });

  it('works with fast-check: a failing schedule shrinks to the minimal one and prints its token', () => {
    const lost = zoo.find((z) => z.name === 'lost-update')!;
    const out = fc.check(
      fc.property(schedules<fc.Arbitrary<ReturnType<typeof schedules> & { policy(): SchedulePolicy }>>(fc), (s) => runSchedule(lost.buggy, s.policy(), { check: lost.check }).ok),
      { seed: 7, numRuns: 500 },
    );
    expect(out.failed).toBe(true);
    const shown = fc.stringify(out.counterexample![0]);
    expect(shown).toMatch(/^schedule yf1:/);
    const token = shown.replace('schedule ', '');
    expect(decodeSchedule(token).filter((p) => p !== 0).length).toBe(1);
    expect(runSchedule(lost.buggy, token, { check: lost.check }).ok).toBe(false);
  });

  it('renders a trace as an ASCII swimlane and as Chrome Trace Event JSON', () => {
    const trace = new Tracer();
    const loop = new EventLoop({ trace });
    loop.runUntilComplete(function* () {
      const t = yield* spawn(function* worker() {
        yield* sleep(1);
        return 'w';
      });
      t.setName('worker');
      return yield* t;
    });
    const text = renderTimeline(trace);
    expect(text.split('\n')[0]).toMatch(/^time\s+\| Task-1\s+\| worker/);
    expect(text).toContain('sleep(1)');
    expect(text).toContain('returns "w"');
    const chrome = toChromeTrace(trace);
    expect(chrome.traceEvents.filter((e) => e.ph === 'M').map((e) => (e.args as { name: string }).name)).toEqual(['Task-1', 'worker']);
    expect(chrome.traceEvents.some((e) => e.ph === 'X' && e.tid === 2)).toBe(true);
    expect(() => JSON.parse(JSON.stringify(chrome))).not.toThrow();
  });
});

const strategies: [string, (seed: number) => SchedulePolicy][] = [
  ['random', (s) => random(s)],
  ['pct', (s) => pct(s, { depth: 3 })],
];

describe('properties', () => {
  test.prop([fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(...strategies)], { numRuns: RUNS })('the same seed gives the same schedule and trace', (seed, [, make]) => {
    const z = zoo[seed % zoo.length]!;
    const a = runSchedule(z.buggy, make(seed), { check: z.check });
    const b = runSchedule(z.buggy, make(seed), { check: z.check });
    expect(b.picks).toEqual(a.picks);
    expect(b.trace.events).toEqual(a.trace.events);
  });

  test.prop([fc.integer({ min: 1, max: 1e6 })], { numRuns: RUNS })('replaying a recorded schedule gives the same trace', (seed) => {
    const z = zoo[seed % zoo.length]!;
    const a = runSchedule(z.buggy, random(seed), { check: z.check });
    const b = runSchedule(z.buggy, a.token, { check: z.check });
    expect(b.trace.events).toEqual(a.trace.events);
    expect(b.ok).toBe(a.ok);
  });

  test.prop([timerProgramArb({ maxBurst: 30 }), toolkitProgramArb()], { numRuns: Math.min(RUNS, 60) })(
    "the fifo strategy equals the kernel's own order on random programs",
    (timerProg, toolkitProg) => {
      expect(runTimerProgram(timerProg, 'fifo', fifo())).toEqual(runTimerProgram(timerProg, 'fifo'));
      expect(runToolkitProgram(toolkitProg, fifo())).toEqual(runToolkitProgram(toolkitProg));
    },
  );

  test.prop([fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(...strategies), toolkitProgramArb()], { numRuns: Math.min(RUNS, 60) })(
    'every strategy only ever picks a task that was ready',
    (seed, [, make], prog) => {
      const inner = make(seed);
      let bad = 0;
      let choices = 0;
      const checking: SchedulePolicy = {
        name: 'checking',
        choose(c) {
          const i = inner.choose(c);
          const t = c[i] ?? null;
          choices++;
          if (t !== null && (!t._isScheduled() || t.done())) bad++;
          return i;
        },
      };
      runToolkitProgram(prog, checking);
      expect(bad).toBe(0);
      void choices;
    },
  );
});
void replay;

describe('explore()', () => {
  it('prints a progress line for long explorations and rejects bad options', () => {
    const lines: string[] = [];
    const z = zoo.find((x) => x.name === 'lost-update')!;
    const r = explore(z.fixed, { runs: 30, progress: 10, onProgress: (l) => lines.push(l), check: z.check });
    expect(r.ok).toBe(true);
    expect(lines).toEqual(['explore: 10/30 schedules, no failure yet', 'explore: 20/30 schedules, no failure yet', 'explore: 30/30 schedules, no failure yet']);
    const r3 = explore(z.buggy, { runs: 30, progress: 10, onProgress: (l) => lines.push(l), check: z.check });
    expect(r3.ok).toBe(false);
    expect(lines.at(-1)).toMatch(/^explore: failure at run \d+; replay with yf1:/);
    expect(() => explore(z.buggy, { runs: 0 })).toThrowErrorMatchingInlineSnapshot(`[TypeError: explore(): expected a positive integer number of runs, got 0]`);
    expect(() => explore(z.buggy, { strategy: 'chaos' as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: explore(): unknown strategy "chaos"; expected 'random', 'pct', 'fifo' or a function]`,
    );
  });
});

describe('Tracer and the retried put/get', () => {
  it('records a blocking get once, although the kernel dispatches it again on wake-up', async () => {
    const { Queue } = await import('../lib/index.js');
    const trace = new Tracer();
    const loop = new EventLoop({ trace });
    loop.runUntilComplete(function* () {
      const q = new Queue<number>();
      const getter = yield* spawn(function* () {
        return yield* q.get();
      });
      yield* sleep(0.1);
      q.putNowait(5);
      return yield* getter;
    });
    const gets = trace.events.filter((e) => e.kind === 'effect' && e.effect.startsWith('get('));
    expect(gets).toHaveLength(1);
  });
});
