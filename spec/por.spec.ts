// por.spec.ts: partial-order reduction of explore's 'dfs' (lib/por.ts, lib/footprint.ts).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { zoo, type ZooEntry } from '../demos/zoo.js';
import { Event, explore, type ExploreOptions, Lock, Queue, sleep, spawn } from '../lib/index.js';
import * as core from '../lib/core.js';
import { recordedClasses } from '../lib/footprint.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const opts = (z: Pick<ZooEntry, 'check' | 'options'>) => ({ check: z.check, ...z.options });

// n tasks, each with its own queue: nothing is shared, so every order is equivalent.
function ownQueues(n: number) {
  return function* () {
    const ts = [];
    for (let i = 0; i < n; i++) {
      ts.push(
        yield* spawn(function* () {
          const q = new Queue<number>();
          for (let k = 0; k < 2; k++) {
            q.putNowait(k);
            yield* sleep(0);
            yield* q.get();
          }
          return i;
        }),
      );
    }
    const out: number[] = [];
    for (const t of ts) out.push(yield* t);
    return out.join(',');
  };
}

describe("explore's partial-order reduction (strategy 'dfs', reduce)", () => {
  it('n tasks that each touch only their own queue: dpor runs one schedule and says it is complete, where plain dfs runs n!^3-ish', () => {
    const plain = explore(ownQueues(3), { strategy: 'dfs' });
    expect(plain).toMatchObject({ ok: true, complete: true, runs: 216 });
    const dpor = explore(ownQueues(3), { strategy: 'dfs', reduce: 'dpor' });
    expect(dpor).toMatchObject({ ok: true, complete: true, runs: 1, distinct: 1, schedules: 1, pruned: 0 });
    expect(dpor.summary).toBe('explore (dfs, reduce: dpor): all pass: 1 schedule cover every class of equivalent ones (0 runs cut short); complete if tasks share state only through yieldfrom objects');
    // six tasks: plain dfs would need 6!^3 = 373,248,000 schedules
    expect(explore(ownQueues(6), { strategy: 'dfs', reduce: 'dpor' })).toMatchObject({ complete: true, runs: 1 });
    // sleep sets alone: one complete schedule, the other orders cut short where they start repeating it
    const sleepSets = explore(ownQueues(3), { strategy: 'dfs', reduce: 'sleep-sets' });
    expect(sleepSets.complete).toBe(true);
    expect(sleepSets.runs).toBeLessThan(plain.runs);
    expect(sleepSets.runs).toBe(sleepSets.distinct + sleepSets.pruned!);
  });

  // What plain dfs finds, the reductions find, for every zoo bug whose tasks share state only
  // through yieldfrom objects (the reduction's assumption). connection-pool's space is too large
  // for any dfs here.
  const found = zoo.filter((z) => z.name !== 'connection-pool');
  it.each(found.map((z) => [z.name, z] as const))('%s: a bug dfs finds is found reduced too (unless its tasks share plain variables)', (_n, z) => {
    const runs = z.small ? 20_000 : 2000;
    const plain = explore(z.buggy, { strategy: 'dfs', runs, shrinkRuns: 500, ...opts(z) });
    for (const reduce of ['dpor', 'sleep-sets'] as const) {
      const r = explore(z.buggy, { strategy: 'dfs', reduce, runs, shrinkRuns: 500, ...opts(z) });
      if (z.plainState) continue; // outside the assumption: no claim (see the next test)
      if (!plain.ok) expect(r.ok, `${reduce} misses what dfs finds`).toBe(false);
      if (!r.ok) expect(r.failure!.signature).toBe(plain.ok ? r.failure!.signature : plain.failure!.signature);
      if (reduce === 'dpor') {
        // dpor finds it (plain dfs does not, for the philosophers, within 2,000 schedules), and proves the fix
        expect(r.ok).toBe(false);
        const fixed = explore(z.fixed, { strategy: 'dfs', reduce, runs: 20_000, ...opts(z) });
        expect(fixed).toMatchObject({ ok: true, complete: true });
      }
    }
  });

  it('misses a race on a plain variable: the assumption is real, and the reason reduce is opt-in', () => {
    const z = zoo.find((x) => x.name === 'lost-update')!;
    expect(explore(z.buggy, { strategy: 'dfs', ...opts(z) }).ok).toBe(false);
    const r = explore(z.buggy, { strategy: 'dfs', reduce: 'dpor', ...opts(z) });
    expect(r).toMatchObject({ ok: true, complete: true });
  });

  it('leaves the classes as they were: no wrapper is left on a prototype after a reduced search', () => {
    const before = [Lock.prototype.acquire, Queue.prototype.putNowait, Event.prototype.set];
    explore(ownQueues(2), { strategy: 'dfs', reduce: 'dpor' });
    expect([Lock.prototype.acquire, Queue.prototype.putNowait, Event.prototype.set]).toEqual(before);
  });

  it('rejects a bad reduce value and what it does not combine with', () => {
    const p = ownQueues(1);
    expect(() => explore(p, { strategy: 'dfs', reduce: 'por' as never })).toThrowErrorMatchingInlineSnapshot(`[TypeError: explore(): unknown reduce "por"; expected 'dpor' or 'sleep-sets']`);
    expect(() => explore(p, { reduce: 'dpor' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: explore(): reduce is a reduction of the 'dfs' strategy only]`);
    expect(() => explore(p, { strategy: 'dfs', reduce: 'dpor', maxDeviations: 1 })).toThrow(/reduce and maxDeviations do not combine/);
  });

  // Small programs over one queue, one lock and one event: each task does a few operations and
  // returns what it saw (no plain variable is shared). The reduced searches must see every outcome
  // (result or failure) that plain dfs sees.
  const op = fc.constantFrom('put', 'get', 'locked', 'sleep', 'set', 'isSet', 'wait', 'clear');
  const programArb = fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });
  const outcomes = (tasks: string[][], o: ExploreOptions<string>): Set<string> => {
    const seen = new Set<string>();
    const program = function* () {
      const q = new Queue<number>();
      const lock = new Lock();
      const ev = new Event();
      const ts = [];
      for (const [i, steps] of tasks.entries()) {
        ts.push(
          yield* spawn(function* () {
            const saw: unknown[] = [];
            for (const s of steps) {
              if (s === 'put') q.putNowait(i);
              else if (s === 'get') saw.push(q.empty() ? '-' : q.getNowait());
              else if (s === 'locked')
                yield* lock.with(function* () {
                  saw.push(`l${q.qsize()}`);
                  yield* sleep(0);
                });
              else if (s === 'sleep') yield* sleep(0);
              else if (s === 'set') ev.set();
              else if (s === 'clear') ev.clear();
              else if (s === 'isSet') saw.push(ev.isSet());
              else yield* ev.wait();
            }
            return saw.join('');
          }),
        );
      }
      const out: string[] = [];
      for (const t of ts) out.push(yield* t);
      return out.join('|');
    };
    const r = explore(program, { ...o, runs: 50_000, findAll: true, shrinkRuns: 0, check: (x) => void seen.add(x) });
    expect(r.complete).toBe(true);
    for (const f of r.failures!) seen.add(f.signature);
    return seen;
  };
  test.prop([programArb], { numRuns: Math.min(RUNS, 40) })('the reduced searches see every outcome plain dfs sees, on small generated programs', (tasks) => {
    const plain = outcomes(tasks, { strategy: 'dfs' });
    expect(outcomes(tasks, { strategy: 'dfs', reduce: 'dpor' })).toEqual(plain);
    expect(outcomes(tasks, { strategy: 'dfs', reduce: 'sleep-sets' })).toEqual(plain);
  });

  // The reduction is sound only if every class a task can touch records its calls: a primitive
  // added to the toolkit but not to footprint.ts would be invisible to it.
  it('records the calls of every class the core exports, but those that touch nothing shared', () => {
    // PyGenerator wraps a generator (plain code); EffectBase and EagerEffect are the bases whose
    // next() calls the recorded methods of each effect class.
    const touchNothingShared = new Set<unknown>([core.PyGenerator, core.EffectBase, core.EagerEffect]);
    const classes = Object.entries(core).filter(
      ([, v]) => typeof v === 'function' && v.prototype !== undefined && Object.getOwnPropertyNames(v.prototype).length > 1 && !(v.prototype instanceof Error),
    );
    expect(classes.length).toBeGreaterThan(20);
    const recorded = new Set(recordedClasses());
    expect(classes.filter(([, v]) => !recorded.has(v as object) && !touchNothingShared.has(v)).map(([k]) => k)).toEqual([]);
  });
});
