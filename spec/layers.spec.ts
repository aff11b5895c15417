// layers.spec.ts: lib/ has no import circle at run time. A file may name a type from anywhere
// (`import type`), but the code it runs comes only from files below it, so each layer can be
// read, tested and tree-shaken on its own (shared/STYLE.md: layers without import circles).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** The runtime imports of each lib/*.ts file (imports used only as types are dropped, as the build drops them). */
export function runtimeImports(dir: string): Map<string, string[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const js = ts.transpileModule(readFileSync(join(dir, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, isolatedModules: true },
    }).outputText;
    const deps = [...js.matchAll(/(?:from|import)\s*["']\.\/([\w.-]+)\.js["']/g)].map((m) => `${m[1]}.ts`).filter((d) => files.includes(d));
    graph.set(f, deps);
  }
  return graph;
}

/** The import circles of a graph: its strongly connected components of more than one file (or a file importing itself). */
export function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('lib/ layers', () => {
  it('no file of lib/ imports, at run time, a file that imports it back (directly or not)', () => {
    expect(circles(runtimeImports(join(ROOT, 'lib')))).toEqual([]);
    expect(circles(runtimeImports(join(ROOT, 'lib', 'node')))).toEqual([]);
  });

  it('the check finds a circle when there is one, and ignores type-only imports', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(circles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    const js = ts.transpileModule("import type { X } from './x.js';\nimport { y, type Z } from './y.js';\nexport const v: X | Z = y;", {
      compilerOptions: { module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false, isolatedModules: true },
    }).outputText;
    expect(js).not.toContain('./x.js');
    expect(js).toContain('./y.js');
  });
});
