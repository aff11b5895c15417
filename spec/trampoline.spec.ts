import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { delegate, GeneratorExit, pygen, RuntimeError, runSync, sleep, spawn, StopIteration, ValueError } from '../lib/index.js';

function* rec(n: number): Generator<unknown, number, any> {
  return n === 0 ? 0 : 1 + (yield rec(n - 1));
}

describe('delegate (trampolined yield from)', () => {
  it('runs 1,000,000 levels of delegation without a RangeError', () => {
    expect(runSync(rec(1_000_000))).toBe(1_000_000);
  });

  it('the same recursion with native yield* overflows the JS stack', () => {
    function* nat(n: number): Generator<unknown, number, any> {
      return n === 0 ? 0 : 1 + (yield* nat(n - 1));
    }
    expect(() => runSync(nat(1_000_000))).toThrow(RangeError);
  });

  it('gives the delegate\'s return value to the yield, and passes sent values to the innermost generator', () => {
    const log: unknown[] = [];
    function* inner(): Generator<unknown, string, any> {
      log.push(['inner got', yield 'a']);
      return 'inner result';
    }
    function* outer(): Generator<unknown, string, any> {
      const r = yield inner();
      log.push(['outer got', r]);
      return 'outer result';
    }
    const it = delegate(outer());
    expect(it.next()).toEqual({ value: 'a', done: false });
    expect(it.next(42)).toEqual({ value: 'outer result', done: true });
    expect(log).toEqual([
      ['inner got', 42],
      ['outer got', 'inner result'],
    ]);
  });

  it('delivers throw to the innermost generator and propagates an uncaught error outwards', () => {
    const log: string[] = [];
    function* inner() {
      try {
        yield 1;
      } finally {
        log.push('inner finally');
      }
    }
    function* outer() {
      try {
        yield inner();
      } catch (e) {
        log.push(`outer caught ${(e as Error).message}`);
        return 'recovered';
      }
    }
    const it = delegate(outer());
    it.next();
    expect(it.throw(new Error('boom'))).toEqual({ value: 'recovered', done: true });
    expect(log).toEqual(['inner finally', 'outer caught boom']);
  });

  it('closing runs finally blocks innermost first', () => {
    const log: string[] = [];
    function* level(n: number): Generator<unknown, void, any> {
      try {
        if (n === 0) yield 'bottom';
        else yield level(n - 1);
      } finally {
        log.push(`finally ${n}`);
      }
    }
    const it = delegate(level(3));
    expect(it.next()).toEqual({ value: 'bottom', done: false });
    expect(it.return(undefined)).toEqual({ value: undefined, done: true });
    expect(log).toEqual(['finally 0', 'finally 1', 'finally 2', 'finally 3']);
  });

  it('a finally block that delegates while closing keeps the return going, as native yield* does', () => {
    // Found by the property below: the delegate in the finally completes, then the frame
    // completes its return(), so its delegator must return too (not resume normally).
    function* child(): Generator<unknown, string, any> {
      return 'child';
    }
    const log: string[] = [];
    function* inner(native: boolean): Generator<unknown, void, any> {
      try {
        yield 'suspended';
      } finally {
        log.push(`finally got ${native ? yield* child() : yield child()}`);
      }
    }
    function* outer(native: boolean): Generator<unknown, string, any> {
      if (native) yield* inner(true);
      else yield inner(false);
      log.push('outer resumed normally (wrong)');
      return 'normal';
    }
    const nat = outer(true);
    nat.next();
    expect(nat.return('closed')).toEqual({ value: 'closed', done: true });
    const tr = delegate(outer(false));
    tr.next();
    expect(tr.return('closed')).toEqual({ value: 'closed', done: true });
    expect(log).toEqual(['finally got child', 'finally got child']);
  });

  it('throws ValueError("generator already executing") into a generator that yields itself, as CPython', () => {
    let self: Generator | null = null;
    function* g(): Generator<unknown, string, any> {
      try {
        yield self;
      } catch (e) {
        return String(e);
      }
      return 'no error';
    }
    self = g();
    expect(delegate(self).next().value).toBe('ValueError: generator already executing');
  });
});

// CPython 3.13 raises ValueError('generator already executing') at a `yield from` whose target is
// running, i.e. suspended delegating further up the same chain. The expected traces below are what
// CPython prints for the same programs written with `yield from` (checked with 3.13.0).
describe('delegation cycles', () => {
  function cycle(trace: unknown[]) {
    function* g1(): Generator<unknown, void, any> {
      trace.push(0);
      yield g2();
      trace.push(3);
    }
    function* g2(): Generator<unknown, void, any> {
      trace.push(1);
      try {
        yield G1;
        trace.push('should not be here');
      } catch (e) {
        trace.push(2, String(e));
      }
    }
    const G1 = g1();
    return G1;
  }

  it('raises ValueError at the inner delegation under delegate(), leaving the outer frame intact', () => {
    const trace: unknown[] = [];
    expect(delegate(cycle(trace)).next()).toEqual({ value: undefined, done: true });
    expect(trace).toEqual([0, 1, 2, 'ValueError: generator already executing', 3]);
  });

  it('raises ValueError at the inner delegation in a task', () => {
    const trace: unknown[] = [];
    const G1 = cycle(trace);
    expect(
      runSync(function* () {
        yield G1;
        return 'end';
      }),
    ).toBe('end');
    expect(trace).toEqual([0, 1, 2, 'ValueError: generator already executing', 3]);
  });

  it('the [0, 1, 3, 2] variant: in a task, the trace is CPython\'s [0, 1, 2, 3]', () => {
    // def g1(): t(0); yield from g2(); t(3)
    // def g2(): t(1); try: yield from G1  except ValueError: pass; t(2)
    const trace: number[] = [];
    function* g1(): Generator<unknown, void, any> {
      trace.push(0);
      yield g2();
      trace.push(3);
    }
    function* g2(): Generator<unknown, void, any> {
      trace.push(1);
      try {
        yield G1;
      } catch {
        // ValueError
      }
      trace.push(2);
    }
    const G1 = g1();
    runSync(function* () {
      yield G1;
    });
    expect(trace).toEqual([0, 1, 2, 3]);
  });

  it('an uncaught cycle error unwinds the chain in order: [0, 1, 2, 3] as CPython', () => {
    // def g1(): t(0); try: yield from g2() except ValueError: t(2); t(3)
    // def g2(): t(1); yield from sleep0(); yield from G1; t('x')
    const trace: unknown[] = [];
    function* g1(): Generator<unknown, void, any> {
      trace.push(0);
      try {
        yield g2();
      } catch (e) {
        if (e instanceof ValueError) trace.push(2);
      }
      trace.push(3);
    }
    function* g2(): Generator<unknown, void, any> {
      trace.push(1);
      yield* sleep(0);
      yield G1;
      trace.push('x');
    }
    const G1 = g1();
    runSync(function* () {
      yield G1;
    });
    expect(trace).toEqual([0, 1, 2, 3]);
  });

  it('a cycle through three generators raises at the delegation that closes it', () => {
    const trace: unknown[] = [];
    function* a(): Generator<unknown, string, any> {
      trace.push('a');
      return (yield b()) as string;
    }
    function* b(): Generator<unknown, string, any> {
      trace.push('b');
      return (yield c()) as string;
    }
    function* c(): Generator<unknown, string, any> {
      trace.push('c');
      try {
        yield A;
      } catch (e) {
        return String(e);
      }
      return 'no error';
    }
    const A = a();
    expect(delegate(A).next()).toEqual({ value: 'ValueError: generator already executing', done: true });
    expect(trace).toEqual(['a', 'b', 'c']);
  });

  it('delegating to a generator that is suspended delegating in another task raises ValueError there and leaves that task alone', () => {
    const trace: string[] = [];
    function* inner(): Generator<unknown, string, any> {
      yield* sleep(1);
      trace.push('inner done');
      return 'inner';
    }
    function* shared(): Generator<unknown, string, any> {
      const r = (yield inner()) as string;
      trace.push(`shared got ${r}`);
      return 'shared';
    }
    const S = shared();
    const result = runSync(function* () {
      const a = yield* spawn(function* () {
        return (yield S) as string;
      });
      const b = yield* spawn(function* () {
        yield* sleep(0.5);
        try {
          yield S;
          trace.push('b: should not be here');
        } catch (e) {
          trace.push(`b caught ${String(e)}`);
        }
      });
      yield* b;
      return yield* a;
    });
    expect(result).toBe('shared');
    expect(trace).toEqual([
      'b caught ValueError: generator already executing (it is suspended delegating on another stack: a task or a delegate())',
      'inner done',
      'shared got inner',
    ]);
  });

  it('delegate() of a generator suspended delegating in a task raises ValueError and does not resume it', () => {
    const trace: string[] = [];
    function* inner(): Generator<unknown, void, any> {
      yield* sleep(1);
      trace.push('inner done');
    }
    function* shared(): Generator<unknown, void, any> {
      yield inner();
      trace.push('shared done');
    }
    const S = shared();
    runSync(function* () {
      const a = yield* spawn(function* () {
        yield S;
      });
      yield* sleep(0.5);
      expect(() => delegate(S).next()).toThrow(new ValueError('generator already executing (it is suspended delegating on another stack: a task or a delegate())'));
      yield* a;
    });
    expect(trace).toEqual(['inner done', 'shared done']);
  });

  it('a generator that finished delegating may be delegated to again (the mark is cleared)', () => {
    function* leaf(): Generator<unknown, number, any> {
      return 1;
    }
    function* g(): Generator<unknown, number, any> {
      const x = (yield leaf()) as number;
      const y = (yield 'pause') as number | undefined;
      return x + (y ?? 10);
    }
    const G = g();
    const it = delegate(G);
    expect(it.next()).toEqual({ value: 'pause', done: false });
    // G is suspended at a plain yield now, not delegating: another stack may resume it, as in CPython.
    function* other(): Generator<unknown, number, any> {
      return (yield G) as number;
    }
    expect(delegate(other()).next()).toEqual({ value: 11, done: true });
  });

  it('a delegation stack 1e5 deep still raises for a cycle back to its bottom', () => {
    let bottom: Generator | null = null;
    function* rec2(n: number): Generator<unknown, string, any> {
      if (n === 0) {
        try {
          yield bottom;
        } catch (e) {
          return String(e);
        }
        return 'no error';
      }
      return (yield rec2(n - 1)) as string;
    }
    bottom = rec2(100_000);
    expect(runSync(bottom)).toBe('ValueError: generator already executing');
  });
});

// ---- properties: trampolined delegation and native yield* produce identical traces ----

type Op =
  | { k: 'yield'; v: number }
  | { k: 'call'; child: Op[] }
  | { k: 'throw'; msg: string }
  | { k: 'return'; v: number }
  | { k: 'try'; body: Op[]; handler: Op[] | null; fin: Op[] | null; rethrow: boolean };

const opArb: fc.Arbitrary<Op[]> = fc.letrec<{ ops: Op[]; op: Op }>((tie) => ({
  ops: fc.array(tie('op'), { maxLength: 4 }),
  op: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('yield' as const), v: fc.integer({ min: 0, max: 99 }) }),
    fc.record({ k: fc.constant('throw' as const), msg: fc.constantFrom('e1', 'e2', 'e3') }),
    fc.record({ k: fc.constant('return' as const), v: fc.integer({ min: 100, max: 199 }) }),
    fc.record({ k: fc.constant('call' as const), child: tie('ops') }),
    fc.record({
      k: fc.constant('try' as const),
      body: tie('ops'),
      handler: fc.option(tie('ops')),
      fin: fc.option(tie('ops')),
      rethrow: fc.boolean(),
    }),
  ),
})).ops;

type Cmd = 'next' | 'throw' | 'return';
const cmdsArb = fc.array(fc.constantFrom<Cmd>('next', 'next', 'next', 'throw', 'return'), { minLength: 1, maxLength: 30 });

class Ret {
  constructor(readonly v: number) {}
}

// An interpreter for a tree of ops. `trampolined` picks the spelling of every delegation, the
// tree's own and the interpreter's blocks alike: `yield g()` (the driver delegates) or
// `yield* g()` (JS delegates). Mixing the two inside one frame is not compared: a `yield g()`
// in a finally block run by return() suspends the enclosing native yield*, which then forgets
// the pending return (JS's own rule for a yield* resumed by next()).
function program(ops: Op[], trampolined: boolean, log: unknown[]) {
  let nextId = 0;
  function* node(body: Op[]): Generator<unknown, unknown, any> {
    const id = nextId++;
    log.push(['enter', id]);
    try {
      if (trampolined) yield block(body, id);
      else yield* block(body, id);
    } catch (e) {
      if (e instanceof Ret) {
        log.push(['return', id, e.v]);
        return e.v;
      }
      throw e;
    }
    log.push(['end', id]);
    return `r${id}`;
  }
  function* block(body: Op[], id: number): Generator<unknown, void, any> {
    for (const op of body) {
      switch (op.k) {
        case 'yield':
          log.push(['got', id, yield op.v]);
          break;
        case 'throw':
          throw new Error(op.msg);
        case 'return':
          throw new Ret(op.v);
        case 'call': {
          const child = node(op.child);
          log.push(['result', id, trampolined ? yield child : yield* child]);
          break;
        }
        case 'try':
          try {
            if (trampolined) yield block(op.body, id);
            else yield* block(op.body, id);
          } catch (e) {
            if (op.handler === null || e instanceof Ret) throw e;
            log.push(['caught', id, (e as Error).message]);
            if (trampolined) yield block(op.handler, id);
            else yield* block(op.handler, id);
            if (op.rethrow) throw e;
          } finally {
            log.push(['finally', id]);
            if (op.fin !== null) {
              if (trampolined) yield block(op.fin, id);
              else yield* block(op.fin, id);
            }
          }
          break;
      }
    }
  }
  const root = node(ops);
  return trampolined ? delegate(root) : root;
}

function drive(it: Iterator<unknown>, cmds: Cmd[], log: unknown[]): void {
  for (let i = 0; i < 60; i++) {
    const cmd = cmds[i % cmds.length]!;
    try {
      const r = cmd === 'next' ? it.next(i) : cmd === 'throw' ? it.throw!(new Error(`driver ${i}`)) : it.return!(i);
      log.push(['driver', cmd, r.value, r.done]);
      if (r.done) return;
    } catch (e) {
      log.push(['driver threw', cmd, e instanceof Ret ? `ret ${e.v}` : (e as Error).message]);
      return;
    }
  }
}

function traceOf(ops: Op[], cmds: Cmd[], trampolined: boolean): unknown[] {
  const log: unknown[] = [];
  drive(program(ops, trampolined, log), cmds, log);
  return log;
}

describe('properties', () => {
  test.prop([opArb, cmdsArb], { numRuns: Number(process.env.FC_RUNS ?? 2000) })(
    'trampolined delegation and native yield* produce identical traces',
    (ops, cmds) => {
      expect(traceOf(ops, cmds, true)).toEqual(traceOf(ops, cmds, false));
    },
  );
});

// PEP 380's rule for GeneratorExit thrown into a delegating generator (close(), or
// throw(GeneratorExit)): the delegate is closed first; if that raises, the error is raised in the
// delegator, otherwise GeneratorExit is, and a value the delegate returns while closing is
// dropped. A delegate that yields while closing raises RuntimeError in the delegator. JS's own
// yield* has no such rule (it hands the delegate's return value to the delegator); delegation on
// the trampoline follows Python's. Each expected log is what CPython 3.13.0 prints for the same
// program written with `yield from` and driven by gen.close() / gen.throw(GeneratorExit()).
describe('PEP 380 close on the trampoline (pygen(delegate(gen)).close())', () => {
  type Log = unknown[];
  function settle(log: Log, f: () => unknown): Log {
    try {
      log.push(['result', f() ?? null]);
    } catch (e) {
      log.push(['raised', (e as Error).name, (e as Error).message]);
    }
    return log;
  }
  const isGE = (e: unknown): boolean => e instanceof GeneratorExit;

  it('A: the delegate returns while closing: its value is dropped, GeneratorExit is raised in the delegator', () => {
    const log: Log = [];
    function* inner(): Generator<unknown, string, any> {
      try {
        yield 1;
      } catch (e) {
        if (isGE(e)) {
          log.push('inner GE');
          return 'inner-ret';
        }
        throw e;
      }
      return 'no';
    }
    function* outer(): Generator<unknown, unknown, any> {
      const r = yield inner();
      log.push(['outer got', r]);
      return ['outer got', r];
    }
    const g = pygen(delegate(outer()));
    g.start();
    expect(settle(log, () => g.close())).toEqual(['inner GE', ['result', null]]);
  });

  it('B: the delegate raises while closing: the error is raised in the delegator', () => {
    const log: Log = [];
    function* inner(): Generator<unknown, void, any> {
      try {
        yield 1;
      } catch (e) {
        if (isGE(e)) throw new ValueError('inner failed');
        throw e;
      }
    }
    function* outer(): Generator<unknown, unknown, any> {
      try {
        yield inner();
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        log.push(`outer caught ${e.message}`);
        return 'outer caught';
      }
    }
    const g = pygen(delegate(outer()));
    g.start();
    expect(settle(log, () => g.close())).toEqual(['outer caught inner failed', ['result', 'outer caught']]);
  });

  function* ignoring(): Generator<unknown, void, any> {
    try {
      yield 1;
    } catch (e) {
      if (isGE(e)) yield 'still going';
      else throw e;
    }
  }

  it('C: the delegate yields while closing: RuntimeError is raised in the delegator', () => {
    const log: Log = [];
    function* outer(): Generator<unknown, unknown, any> {
      try {
        yield ignoring();
      } catch (e) {
        if (e instanceof RuntimeError) return `outer saw ${e.message}`;
        throw e;
      }
    }
    const g = pygen(delegate(outer()));
    g.start();
    expect(settle(log, () => g.close())).toEqual([['result', 'outer saw generator ignored GeneratorExit']]);
  });

  it('D: ... and if the delegator lets it through, close() raises it and the generator is finished', () => {
    const log: Log = [];
    function* outer(): Generator<unknown, void, any> {
      yield ignoring();
      log.push('not here');
    }
    const g = pygen(delegate(outer()));
    g.start();
    try {
      g.close();
    } catch (e) {
      log.push(['close raised', (e as Error).message]);
    }
    try {
      g.next();
    } catch (e) {
      if (e instanceof StopIteration) log.push('then StopIteration');
    }
    expect(log).toEqual([['close raised', 'generator ignored GeneratorExit'], 'then StopIteration']);
  });

  it('E: three levels close innermost first; the outermost may return a value, which close() returns', () => {
    const log: Log = [];
    function* c(): Generator<unknown, string, any> {
      try {
        yield 1;
      } catch (e) {
        if (isGE(e)) {
          log.push('c');
          return 'c-ret';
        }
        throw e;
      }
      return 'no';
    }
    function* b(): Generator<unknown, void, any> {
      try {
        yield c();
      } catch (e) {
        if (isGE(e)) log.push('b');
        throw e;
      }
    }
    function* a(): Generator<unknown, string, any> {
      try {
        yield b();
      } catch (e) {
        if (isGE(e)) {
          log.push('a');
          return 'a done';
        }
        throw e;
      }
      return 'no';
    }
    const g = pygen(delegate(a()));
    g.start();
    expect(settle(log, () => g.close())).toEqual(['c', 'b', 'a', ['result', 'a done']]);
  });

  it('F: throw(GeneratorExit) follows the same rule', () => {
    const log: Log = [];
    function* inner(): Generator<unknown, string, any> {
      try {
        yield 1;
      } catch (e) {
        if (isGE(e)) {
          log.push('inner GE');
          return 'inner-ret';
        }
        throw e;
      }
      return 'no';
    }
    function* outer(): Generator<unknown, void, any> {
      try {
        const r = yield inner();
        log.push(['outer got', r]);
      } catch (e) {
        if (!isGE(e)) throw e;
        log.push('outer GE');
        yield 'after GE';
      }
    }
    const g = pygen(delegate(outer()));
    g.start();
    expect(settle(log, () => g.throw(new GeneratorExit()))).toEqual(['inner GE', 'outer GE', ['result', 'after GE']]);
  });

  it('G: a delegate may delegate while closing, as long as nothing yields', () => {
    const log: Log = [];
    function* z(): Generator<unknown, string, any> {
      log.push('z');
      return 'z-ret';
    }
    function* inner(): Generator<unknown, string, any> {
      try {
        yield 1;
      } catch (e) {
        if (!isGE(e)) throw e;
        const v = yield z();
        log.push(['inner got', v]);
        return 'inner-ret';
      }
      return 'no';
    }
    function* outer(): Generator<unknown, void, any> {
      try {
        yield inner();
      } catch (e) {
        if (isGE(e)) log.push('outer GE');
        throw e;
      }
    }
    const g = pygen(delegate(outer()));
    g.start();
    expect(settle(log, () => g.close())).toEqual(['z', ['inner got', 'z-ret'], 'outer GE', ['result', null]]);
  });

  it("H: a yield from a generator the closing delegate delegated to counts as the delegate's", () => {
    const log: Log = [];
    function* z(): Generator<unknown, void, any> {
      yield 'z yields';
    }
    function* inner(): Generator<unknown, void, any> {
      try {
        yield 1;
      } catch (e) {
        if (!isGE(e)) throw e;
        yield z();
        log.push('inner not here');
      }
    }
    function* outer(): Generator<unknown, string, any> {
      try {
        yield inner();
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        log.push(['outer', e.message]);
        return 'outer-ret';
      }
      return 'no';
    }
    const g = pygen(delegate(outer()));
    g.start();
    expect(settle(log, () => g.close())).toEqual([['outer', 'generator ignored GeneratorExit'], ['result', 'outer-ret']]);
  });

  it('I: a middle delegate that handles the RuntimeError and returns closes normally: GeneratorExit goes on outwards', () => {
    const log: Log = [];
    function* c(): Generator<unknown, void, any> {
      try {
        yield 1;
      } catch (e) {
        if (isGE(e)) yield 'c ignores';
        else throw e;
      }
    }
    function* b(): Generator<unknown, string, any> {
      try {
        yield c();
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        log.push(['b', e.message]);
        return 'b ok';
      }
      return 'no';
    }
    function* a(): Generator<unknown, void, any> {
      yield b();
      log.push('a not here');
    }
    const g = pygen(delegate(a()));
    g.start();
    expect(settle(log, () => g.close())).toEqual([['b', 'generator ignored GeneratorExit'], ['result', null]]);
  });

  it('J: the outermost generator yielding after GeneratorExit is what close() reports as ignored', () => {
    const log: Log = [];
    function* inner(): Generator<unknown, string, any> {
      try {
        yield 1;
      } catch (e) {
        if (isGE(e)) return 'x';
        throw e;
      }
      return 'no';
    }
    function* outer(): Generator<unknown, void, any> {
      try {
        yield inner();
      } catch (e) {
        if (isGE(e)) yield 'outer ignores';
        else throw e;
      }
    }
    const g = pygen(delegate(outer()));
    g.start();
    expect(settle(log, () => g.close())).toEqual([['raised', 'RuntimeError', 'generator ignored GeneratorExit']]);
  });

  it('a delegate dropped while it delegates (it yielded while closing) cannot be resumed from the middle', () => {
    function* z(): Generator<unknown, void, any> {
      yield 'z yields';
    }
    let middle: Generator | null = null;
    function* inner(): Generator<unknown, void, any> {
      try {
        yield 1;
      } catch (e) {
        if (!isGE(e)) throw e;
        yield z();
      }
    }
    function* outer(): Generator<unknown, string, any> {
      try {
        yield (middle = inner());
      } catch (e) {
        return (e as Error).message;
      }
      return 'no';
    }
    const g = pygen(delegate(outer()));
    g.start();
    expect(g.close()).toBe('generator ignored GeneratorExit');
    // `middle` was dropped while suspended delegating to z: resuming it would skip z.
    expect(() => delegate(middle!).next()).toThrow(ValueError);
  });
});
