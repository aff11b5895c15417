// The public types, checked by compiling snippets with the TypeScript compiler against lib/:
// what users write must type-check (and a wrong program must not, so the check can fail).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};

/** Type errors of `code` (a module importing the library as '#lib', or `lib`), one line each. */
function typeErrors(code: string, options: ts.CompilerOptions = OPTIONS, lib = join(ROOT, 'lib', 'index.js')): string[] {
  const file = join(ROOT, 'spec', '__types_snippet__.ts');
  const source = code.replaceAll("'#lib'", JSON.stringify(lib));
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === file ? source : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === file || exists(f);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]!);
}

describe('types', () => {
  it('accept an effect wherever an awaitable is taken, with its result type', () => {
    expect(
      typeErrors(`
        import { asCompleted, createTask, ensureFuture, gather, Queue, shield, sleep, spawn, waitFor, type Task } from '#lib';
        function* main() {
          const q = new Queue<number>();
          const a: number = yield* waitFor(q.get(), 0);
          const b: number = yield* waitFor(q.get(), 5);
          const [x]: [string] = yield* gather(sleep(0.1, 'x'));
          const t: Task<number> = yield* spawn(q.get());
          const u: Task<number> = createTask(q.get());
          const v: number = yield* ensureFuture(q.get());
          const w: number = yield* shield(q.get());
          for (const next of asCompleted([q.get(), sleep(1, 2)])) { const n: number = yield* next; }
          return [a, b, x, t, u, v, w];
        }
      `),
    ).toEqual([]);
  });

  it('gather: the array form with options, and the spread form with trailing options', () => {
    expect(
      typeErrors(`
        import { gather, Future, sleep, type Task } from '#lib';
        declare const tasks: Task<number>[];
        function* main() {
          const all: number[] = yield* gather(tasks);
          const settled: unknown[] = yield* gather(tasks, { returnExceptions: true });
          const [e]: [unknown] = yield* gather(tasks[0]!, { returnExceptions: true });
          const [a, b]: [number, string] = yield* gather([tasks[0]!, sleep(1, 'b')]);
          const [c, d]: [number, string] = yield* gather(tasks[0]!, sleep(1, 'd'), { returnExceptions: false });
          return [all, settled, e, a, b, c, d];
        }
      `),
    ).toEqual([]);
  });

  it('pygen: start() primes a generator whose sent values are numbers; send(undefined) would not type-check', () => {
    const code = (prime: string): string[] =>
      typeErrors(`
        import { pygen } from '#lib';
        function* consumer(): Generator<string, void, number> { let r = ''; for (;;) { const n = yield r; if (!n) return; r = '200 OK ' + n; } }
        const c = pygen(consumer());
        const first: string = ${prime};
        const next: string = c.send(1);
        export { first, next };
      `);
    expect(code('c.start()')).toEqual([]);
    expect(code('c.send(undefined)')).toEqual(["Argument of type 'undefined' is not assignable to parameter of type 'number'."]);
  });

  it('reject a wrong program (the check can fail)', () => {
    expect(
      typeErrors(`
        import { sleep } from '#lib';
        function* main() { const n: number = yield* sleep(1, 'x'); return n; }
      `),
    ).toEqual(["Type 'string' is not assignable to type 'number'."]);
  });
});

// The published declarations (dist/, so only after a build, as spec/package.spec.ts).
const built = existsSync(join(ROOT, 'dist', 'index.d.ts'));

describe.runIf(built)('the published .d.ts', () => {
  it('compiles with lib ES2020 and skipLibCheck false (no AggregateError, which is ES2021)', () => {
    const es2020: ts.CompilerOptions = { ...OPTIONS, target: ts.ScriptTarget.ES2020, lib: ['lib.es2020.d.ts'], skipLibCheck: false };
    const program = `
      import { ExceptionGroup, runSync, sleep, TaskGroup } from '#lib';
      export const r: number = runSync(function* () { yield* sleep(1); return 1; });
      export const g: unknown[] = new ExceptionGroup('x', [new Error('a')]).exceptions.slice();
      export const t = TaskGroup;
    `;
    const errors = (lib: string): string[] => {
      // Declaration files count here: skipLibCheck is false, so report every diagnostic.
      const file = join(ROOT, 'spec', '__types_snippet__.ts');
      const host = ts.createCompilerHost(es2020);
      const read = host.readFile.bind(host);
      host.readFile = (f) => (f === file ? program.replaceAll("'#lib'", JSON.stringify(lib)) : read(f));
      const exists = host.fileExists.bind(host);
      host.fileExists = (f) => f === file || exists(f);
      return ts.getPreEmitDiagnostics(ts.createProgram([file], es2020, host)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]!);
    };
    expect(errors(join(ROOT, 'dist', 'index.js'))).toEqual([]);
  });
});
