// tutorial/instrument.ts: a vite plugin for the site's build. In the demos it turns every
// `yield X` / `yield* X` into `yield (__yf_at("file", line), X)`: the same value is yielded,
// after telling the page's SourceTracer which line is yielding. Positions come from
// TypeScript's own parser, so strings, comments and nesting are handled as the compiler does.
import { basename } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

/** Adds the markers to one TypeScript source; `file` is the name the page knows it by. */
export function instrument(code: string, file: string): string {
  const sf = ts.createSourceFile(`${file}.ts`, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { at: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isYieldExpression(node) && node.expression) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      edits.push({ at: node.expression.getStart(sf), text: `(__yf_at(${JSON.stringify(file)}, ${line}), ` });
      edits.push({ at: node.expression.end, text: ')' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // From the end backwards, so earlier positions stay valid; an outer ')' after an inner one at the same place.
  edits.sort((a, b) => b.at - a.at);
  let out = code;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at);
  return out;
}

/** The plugin: instruments the files whose path matches `include`. */
export function yieldLines(include: RegExp): Plugin {
  return {
    name: 'yieldfrom-yield-lines',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0]!;
      if (!include.test(path) || !path.endsWith('.ts')) return null;
      return { code: instrument(code, basename(path, '.ts')), map: null };
    },
  };
}
