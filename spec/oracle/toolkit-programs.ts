// toolkit-programs.ts: a small JSON program language over the toolkit (queues, locks,
// semaphores, events, conditions, barriers, cancellation, waitFor, gather), its yieldfrom
// interpreter, and a fast-check generator. spec/oracle/toolkit.py interprets the same programs
// on CPython 3.13; conformance means identical traces.
// Left out on purpose, because CPython leaves the order unspecified (it iterates a set of tasks):
// asyncio.wait's and as_completed's registration order, and which sibling a failing TaskGroup
// cancels first. Those have their own specs (spec/combinators.spec.ts, spec/task-group.spec.ts).
import { fc } from '@fast-check/vitest';
import {
  Barrier,
  BoundedSemaphore,
  CancelledError,
  Condition,
  EventLoop,
  Event,
  gather,
  LifoQueue,
  Lock,
  PriorityQueue,
  Queue,
  type Policy,
  Semaphore,
  sleep,
  type Task,
  waitFor,
} from '../../lib/index.js';

export type Op =
  | { op: 'sleep'; s: number }
  | { op: 'put' | 'putNowait'; q: number; item: number }
  | { op: 'get' | 'getNowait' | 'taskDone' | 'join'; q: number }
  | { op: 'shutdown'; q: number; immediate: boolean }
  | { op: 'acquire' | 'release'; l: number }
  | { op: 'semAcquire' | 'semRelease'; s: number }
  | { op: 'set' | 'clear' | 'wait'; e: number }
  | { op: 'condWait'; c: number }
  | { op: 'notify'; c: number; n: number }
  | { op: 'barrier' | 'abort'; b: number }
  | { op: 'cancel'; target: number }
  | { op: 'waitFor'; timeout: number; body: Op[] }
  | { op: 'gather'; bodies: Op[][]; returnExceptions: boolean };

export interface ToolkitProgram {
  queues: { kind: 'Queue' | 'LifoQueue' | 'PriorityQueue'; maxsize: number }[];
  locks: number;
  semaphores: { value: number; bounded: boolean }[];
  events: number;
  conditions: number;
  barriers: number[];
  tasks: Op[][];
  horizon: number;
  /** Eager tasks on both sides: asyncio.eager_task_factory, EventLoop({ eagerTasks: true }). */
  eager?: boolean;
}

export type TraceEvent = unknown[];

const QUEUE_KINDS = { Queue, LifoQueue, PriorityQueue } as const;

export function runToolkitProgram(prog: ToolkitProgram, schedule?: Policy): TraceEvent[] {
  const trace: TraceEvent[] = [];
  const loop = new EventLoop({ timers: 'cpython', ...(schedule ? { schedule } : {}), ...(prog.eager ? { eagerTasks: true } : {}) });
  const log = (...ev: unknown[]): void => void trace.push([...ev, loop.time()]);

  function* main() {
    const queues = prog.queues.map((q) => new QUEUE_KINDS[q.kind]<number>(q.maxsize));
    const locks = Array.from({ length: prog.locks }, () => new Lock());
    const sems = prog.semaphores.map((s) => (s.bounded ? new BoundedSemaphore(s.value) : new Semaphore(s.value)));
    const events = Array.from({ length: prog.events }, () => new Event());
    const conds = Array.from({ length: prog.conditions }, () => new Condition());
    const barriers = prog.barriers.map((p) => new Barrier(p));
    const tasks: Task[] = [];

    function* runOps(t: number, ops: Op[]): Generator<unknown, number, any> {
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i]!;
        try {
          switch (op.op) {
            case 'sleep':
              yield* sleep(op.s);
              log('slept', t, i);
              break;
            case 'put':
              yield* queues[op.q]!.put(op.item);
              log('put', t, i, op.item);
              break;
            case 'get':
              log('got', t, i, yield* queues[op.q]!.get());
              break;
            case 'putNowait':
              queues[op.q]!.putNowait(op.item);
              log('put', t, i, op.item);
              break;
            case 'getNowait':
              log('got', t, i, queues[op.q]!.getNowait());
              break;
            case 'taskDone':
              queues[op.q]!.taskDone();
              log('taskDone', t, i);
              break;
            case 'join':
              yield* queues[op.q]!.join();
              log('joined', t, i);
              break;
            case 'shutdown':
              queues[op.q]!.shutdown(op.immediate);
              log('shutdown', t, i);
              break;
            case 'acquire':
              yield* locks[op.l]!.acquire();
              log('acquired', t, i);
              break;
            case 'release':
              locks[op.l]!.release();
              log('released', t, i);
              break;
            case 'semAcquire':
              yield* sems[op.s]!.acquire();
              log('semAcquired', t, i);
              break;
            case 'semRelease':
              sems[op.s]!.release();
              log('semReleased', t, i);
              break;
            case 'set':
              events[op.e]!.set();
              log('set', t, i);
              break;
            case 'clear':
              events[op.e]!.clear();
              log('clear', t, i);
              break;
            case 'wait':
              yield* events[op.e]!.wait();
              log('waited', t, i);
              break;
            case 'condWait': {
              const c = conds[op.c]!;
              yield* c.with(function* () {
                yield* c.wait();
                log('notified', t, i);
              });
              break;
            }
            case 'notify': {
              const c = conds[op.c]!;
              yield* c.with(function* () {
                c.notify(op.n);
                log('notify', t, i);
              });
              break;
            }
            case 'barrier':
              log('passed', t, i, yield* barriers[op.b]!.wait());
              break;
            case 'abort':
              yield* barriers[op.b]!.abort();
              log('aborted', t, i);
              break;
            case 'cancel':
              log('cancel', t, i, op.target, op.target < tasks.length ? tasks[op.target]!.cancel() : null);
              break;
            case 'waitFor':
              log('waitFor', t, i, yield* waitFor(runOps(t * 100 + i, op.body), op.timeout));
              break;
            case 'gather': {
              const res = yield* gather(...op.bodies.map((b, j) => runOps(t * 100 + i * 10 + j, b)), { returnExceptions: op.returnExceptions });
              log('gathered', t, i, (res as unknown[]).map((r) => (r instanceof Error ? r.name : r)));
              break;
            }
          }
        } catch (e) {
          if (e instanceof CancelledError) {
            log('cancelled', t, i);
            throw e;
          }
          log('error', t, i, (e as Error).name);
        }
      }
      return t;
    }

    for (let t = 0; t < prog.tasks.length; t++) tasks.push(loop.createTask(runOps(t, prog.tasks[t]!)));
    yield* sleep(prog.horizon);
    log(
      'end',
      tasks.map((x) => (x.done() ? (x.cancelled() ? 'cancelled' : x.exception() ? 'failed' : 'done') : 'pending')),
      queues.map((q) => q.qsize()),
      locks.map((l) => l.locked()),
      events.map((e) => e.isSet()),
    );
    for (const x of tasks) x.cancel();
    yield* sleep(0);
  }
  try {
    loop.runUntilComplete(main());
  } finally {
    loop.close();
  }
  return trace;
}

// ---- the generator ----

const sleepArb = fc.constantFrom(0, 0, 0.1, 0.1, 0.2, 0.5);

export function toolkitProgramArb(): fc.Arbitrary<ToolkitProgram> {
  return fc
    .record({
      queues: fc.array(fc.record({ kind: fc.constantFrom('Queue' as const, 'LifoQueue' as const, 'PriorityQueue' as const), maxsize: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 2 }),
      locks: fc.integer({ min: 1, max: 2 }),
      semaphores: fc.array(fc.record({ value: fc.integer({ min: 0, max: 2 }), bounded: fc.boolean() }), { minLength: 1, maxLength: 2 }),
      events: fc.integer({ min: 1, max: 2 }),
      conditions: fc.integer({ min: 1, max: 1 }),
      barriers: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 1 }),
      nTasks: fc.integer({ min: 1, max: 6 }),
      focus: fc.subarray(['queue', 'queue', 'shutdown', 'lock', 'sem', 'event', 'cond', 'barrier', 'abort'], { minLength: 1, maxLength: 3 }),
      horizon: fc.constantFrom(3, 5),
    })
    .chain((shape) => {
      const q = fc.integer({ min: 0, max: shape.queues.length - 1 });
      const l = fc.integer({ min: 0, max: shape.locks - 1 });
      const s = fc.integer({ min: 0, max: shape.semaphores.length - 1 });
      const e = fc.integer({ min: 0, max: shape.events - 1 });
      const b = fc.integer({ min: 0, max: shape.barriers.length - 1 });
      const item = fc.integer({ min: 0, max: 99 });
      // Each program focuses on a few kinds of operation, so tasks contend for the same primitive
      // (a wake-up racing a cancellation needs several tasks on one queue or lock at one instant).
      const kinds: [string, fc.Arbitrary<Op>][] = [
        ['queue', fc.record({ op: fc.constantFrom('put' as const, 'putNowait' as const), q, item })],
        ['queue', fc.record({ op: fc.constantFrom('get' as const, 'get' as const, 'getNowait' as const), q })],
        ['queue', fc.record({ op: fc.constantFrom('taskDone' as const, 'join' as const), q })],
        ['shutdown', fc.record({ op: fc.constant('shutdown' as const), q, immediate: fc.boolean() })],
        ['lock', fc.record({ op: fc.constantFrom('acquire' as const, 'acquire' as const, 'release' as const), l })],
        ['sem', fc.record({ op: fc.constantFrom('semAcquire' as const, 'semAcquire' as const, 'semRelease' as const), s })],
        ['event', fc.record({ op: fc.constantFrom('set' as const, 'clear' as const, 'wait' as const, 'wait' as const), e })],
        ['cond', fc.record({ op: fc.constant('condWait' as const), c: fc.constant(0) })],
        ['cond', fc.record({ op: fc.constant('notify' as const), c: fc.constant(0), n: fc.integer({ min: 1, max: 3 }) })],
        ['barrier', fc.record({ op: fc.constant('barrier' as const), b })],
        ['abort', fc.record({ op: fc.constant('abort' as const), b })],
      ];
      const focus = new Set(shape.focus);
      const chosen = kinds.filter(([k]) => focus.has(k)).map(([, a]) => ({ arbitrary: a, weight: 4 }));
      const leaf: fc.Arbitrary<Op> = fc.oneof(
        ...chosen,
        { arbitrary: fc.record({ op: fc.constant('sleep' as const), s: sleepArb }), weight: 4 },
        { arbitrary: fc.record({ op: fc.constant('cancel' as const), target: fc.integer({ min: 0, max: shape.nTasks - 1 }) }), weight: 3 },
      );
      const body = fc.array(leaf, { minLength: 1, maxLength: 3 });
      const op: fc.Arbitrary<Op> = fc.oneof(
        { arbitrary: leaf, weight: 12 },
        { arbitrary: fc.record({ op: fc.constant('waitFor' as const), timeout: fc.constantFrom(0, 0.1, 0.25, 1), body }), weight: 1 },
        { arbitrary: fc.record({ op: fc.constant('gather' as const), bodies: fc.array(body, { minLength: 1, maxLength: 3 }), returnExceptions: fc.boolean() }), weight: 1 },
      );
      return fc.record({
        queues: fc.constant(shape.queues),
        locks: fc.constant(shape.locks),
        semaphores: fc.constant(shape.semaphores),
        events: fc.constant(shape.events),
        conditions: fc.constant(shape.conditions),
        barriers: fc.constant(shape.barriers),
        tasks: fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: shape.nTasks, maxLength: shape.nTasks }),
        horizon: fc.constant(shape.horizon),
      });
    });
}
