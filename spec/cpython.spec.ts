// Differential tests against CPython 3.13: the kernel-only seed examples print exactly CPython's
// transcript (shared/cpython-oracle/*.expected.txt), and timer-heavy programs fire in exactly
// CPython's order with timers: 'cpython' (run live on CPython with shared/cpython-oracle/vloop.py).
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  asCompleted,
  ensureFuture,
  Event,
  EventLoop,
  Future,
  gather,
  Lock,
  Queue,
  wait,
  getRunningLoop,
  pygen,
  receive,
  runSync,
  send,
  sleep,
  spawn,
  StopIteration,
  type Task,
} from '../lib/index.js';
import { expectedTranscript, printer, runCPython } from './helpers.js';
import { runTimerProgram, timerProgramArb, type TimerProgram, type TraceEvent } from './oracle/timer-programs.js';

const fmt = (t: number): string => t.toFixed(4);

describe('seed examples print exactly CPython\'s transcript', () => {
  it('countdown: three count_downs interleaved by wake-up time', () => {
    const { print, lines } = printer();
    function* countDown(name: string, delay: number, start: number) {
      const indents = '\t'.repeat(name.charCodeAt(0) - 'A'.charCodeAt(0));
      let n = 3;
      while (n) {
        yield* sleep(delay);
        const duration = getRunningLoop().time() - start;
        print('-'.repeat(40));
        print(`${fmt(duration)} \t${indents}${name} = ${n}`);
        n -= 1;
      }
    }
    function* main() {
      const start = getRunningLoop().time();
      const tasks: Task[] = [];
      for (const [name, delay] of [['A', 1], ['B', 0.8], ['C', 0.5]] as const) tasks.push(yield* spawn(countDown, name, delay, start));
      for (const t of tasks) yield* t;
      print('-'.repeat(40));
      print('Done');
    }
    runSync(main, { timers: 'cpython' });
    expect(lines).toEqual(expectedTranscript('countdown'));
  });

  it('hello: two @coroutine-style tasks on one thread, with plain yield', () => {
    const { print, lines } = printer();
    function* hello() {
      print('Hello world! (MainThread)');
      yield sleep(1);
      print('Hello again! (MainThread)');
    }
    const loop = new EventLoop({ timers: 'cpython' });
    function* main() {
      const a = loop.createTask(hello());
      const b = loop.createTask(hello());
      yield a;
      yield b;
    }
    loop.runUntilComplete(main());
    loop.close();
    expect(lines).toEqual(expectedTranscript('hello'));
  });

  it('sendpc: consumer/produce with the Python generator protocol, line for line', () => {
    const { print, lines } = printer();
    function* consumer(): Generator<string, void, number> {
      let r = '';
      while (true) {
        const n = yield r;
        if (!n) return;
        print(`[CONSUMER] Consuming ${n}...`);
        r = '200 OK';
      }
    }
    function produce(c: ReturnType<typeof pygen<string, void, number>>) {
      c.send(undefined as unknown as number);
      let n = 0;
      while (n < 5) {
        n = n + 1;
        print(`[PRODUCER] Producing ${n}...`);
        const r = c.send(n);
        print(`[PRODUCER] Consumer return: ${r}`);
      }
      c.close();
    }
    produce(pygen(consumer()));
    expect(lines).toEqual(expectedTranscript('sendpc'));
  });

  it('sendpc: the same exchange between two live tasks with send/receive', () => {
    const { print, lines } = printer();
    function* consumer(): Generator<unknown, void, any> {
      let r = '';
      while (true) {
        const n = yield* receive<number>(r);
        if (!n) return;
        print(`[CONSUMER] Consuming ${n}...`);
        r = '200 OK';
      }
    }
    function* produce(c: Task) {
      yield* send(c, undefined);
      let n = 0;
      while (n < 5) {
        n = n + 1;
        print(`[PRODUCER] Producing ${n}...`);
        const r = yield* send<string>(c, n);
        print(`[PRODUCER] Consumer return: ${r}`);
      }
      try {
        yield* send(c, 0); // the consumer returns: the sender gets StopIteration
      } catch (e) {
        if (!(e instanceof StopIteration)) throw e;
      }
    }
    runSync(function* () {
      const c = yield* spawn(consumer);
      yield* spawn(produce, c);
      yield* c;
    });
    expect(lines).toEqual(expectedTranscript('sendpc'));
  });

  it('phases: completion order of three phases (start order excepted, see the oracle README)', () => {
    const { print, lines } = printer();
    function* phase(i: number) {
      print(`in phase ${i}`);
      yield* sleep(0.5 - 0.1 * i);
      print(`done with phase ${i}`);
      return `phase ${i} result`;
    }
    // as_completed on the kernel alone: one future per completion, in completion order.
    function asCompleted(tasks: Task<string>[]): Future<string>[] {
      const slots = tasks.map(() => new Future<string>());
      let k = 0;
      for (const t of tasks) t.addDoneCallback((d) => slots[k++]!.setResult(d.result()));
      return slots;
    }
    function* main(numPhases: number) {
      print('starting main');
      const phases: Task<string>[] = [];
      for (let i = 0; i < numPhases; i++) phases.push(yield* spawn(phase, i));
      print('waiting for phases to complete');
      const results: string[] = [];
      for (const next of asCompleted(phases)) {
        const answer = yield* next;
        print(`received answer '${answer}'`);
        results.push(answer);
      }
      print(`results: [${results.map((r) => `'${r}'`).join(', ')}]`);
      return results;
    }
    runSync(main(3), { timers: 'cpython' });
    const expected = expectedTranscript('phases');
    const isStart = (l: string): boolean => l.startsWith('in phase');
    expect(lines.filter((l) => !isStart(l))).toEqual(expected.filter((l) => !isStart(l)));
    expect(lines.filter(isStart).sort()).toEqual(expected.filter(isStart).sort());
    expect(lines.filter(isStart)).toEqual(['in phase 0', 'in phase 1', 'in phase 2']); // list order, as documented
  });
});

describe("toolkit seed examples print exactly CPython's transcript with timers: 'cpython'", () => {
  it('bread: two producers and two consumers sharing a Queue; gather, join, cancel', () => {
    const { print, lines } = printer();
    const now = (): string => fmt(getRunningLoop().time());
    class Model {
      constructor(
        readonly producer: string,
        readonly consumer: string,
        readonly queue: Queue<string>,
        readonly plateSize = 6,
      ) {}
      *produceBread() {
        for (let i = 0; i < this.plateSize; i++) {
          const bread = `bread ${i}`;
          yield* sleep(0.5);
          yield* this.queue.put(bread);
          print(`${now()} ${this.producer} makes ${bread}`);
        }
      }
      *consumeBread() {
        while (true) {
          const bread = yield* this.queue.get();
          yield* sleep(1);
          print(`${now()} ${this.consumer} eats ${bread}`);
          this.queue.taskDone();
        }
      }
    }
    runSync(function* () {
      const queue = new Queue<string>();
      const cp1 = new Model('John', 'Grace', queue);
      const cp2 = new Model('Mike', 'Lucy', queue);
      const c1 = ensureFuture(cp1.consumeBread());
      const c2 = ensureFuture(cp2.consumeBread());
      yield* gather(cp1.produceBread(), cp2.produceBread());
      yield* queue.join();
      c1.cancel();
      c2.cancel();
    }, { timers: 'cpython' });
    expect(lines).toEqual(expectedTranscript('bread'));
  });

  it('lock: a Lock released by a callLater callback, taken in FIFO order', () => {
    const { print, lines } = printer();
    const loop = new EventLoop({ timers: 'cpython' });
    function* coro1(lock: Lock) {
      print('coro1 waiting for the lock');
      yield* lock.with(function* () {
        print('coro1 acquired lock');
      });
      print('coro1 released lock');
    }
    function* coro2(lock: Lock) {
      print('coro2 waiting for the lock');
      yield* lock.acquire();
      try {
        print('coro2 acquired lock');
      } finally {
        print('coro2 released lock');
        lock.release();
      }
    }
    loop.runUntilComplete(function* () {
      const lock = new Lock();
      print('acquiring the lock before starting coroutines');
      yield* lock.acquire();
      print(`lock acquired: ${lock.locked() ? 'True' : 'False'}`);
      loop.callLater(0.1, () => {
        print('callback releasing lock');
        lock.release();
      });
      print('waiting for coroutines');
      yield* wait([ensureFuture(coro1(lock)), ensureFuture(coro2(lock))]);
    });
    loop.close();
    expect(lines).toEqual(expectedTranscript('lock'));
  });

  it('event: two waiters woken by a callback', () => {
    const { print, lines } = printer();
    const loop = new EventLoop({ timers: 'cpython' });
    function* coro(name: string, event: Event) {
      print(`${name} waiting for event`);
      yield* event.wait();
      print(`${name} triggered`);
    }
    loop.runUntilComplete(function* () {
      const event = new Event();
      print(`event start state: ${event.isSet() ? 'True' : 'False'}`);
      loop.callLater(0.1, () => {
        print('setting event in callback');
        event.set();
      });
      yield* wait([ensureFuture(coro('coro1', event)), ensureFuture(coro('coro2', event))]);
      print(`event end state: ${event.isSet() ? 'True' : 'False'}`);
    });
    loop.close();
    expect(lines).toEqual(expectedTranscript('event'));
  });

  it('phases with asCompleted: answers in completion order', () => {
    const { print, lines } = printer();
    function* phase(i: number) {
      print(`in phase ${i}`);
      yield* sleep(0.5 - 0.1 * i);
      print(`done with phase ${i}`);
      return `phase ${i} result`;
    }
    runSync(function* () {
      print('starting main');
      const phases = [0, 1, 2].map(phase);
      print('waiting for phases to complete');
      const results: string[] = [];
      for (const next of asCompleted(phases)) {
        const answer = yield* next;
        print(`received answer '${answer}'`);
        results.push(answer);
      }
      print(`results: [${results.map((r) => `'${r}'`).join(', ')}]`);
    }, { timers: 'cpython' });
    const expected = expectedTranscript('phases');
    const isStart = (l: string): boolean => l.startsWith('in phase');
    expect(lines.filter((l) => !isStart(l))).toEqual(expected.filter((l) => !isStart(l)));
    expect(lines.filter(isStart)).toEqual(['in phase 0', 'in phase 1', 'in phase 2']);
  });
});

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
