// The core must run on any JS runtime: nothing in lib/ may import a node: module (or a bare
// Node built-in), and the built package must load through both ESM import and CJS require.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const BUILTINS = ['fs', 'path', 'os', 'child_process', 'events', 'stream', 'util', 'url', 'timers', 'worker_threads', 'net', 'http', 'crypto', 'process', 'buffer'];

describe('portability of the core', () => {
  it('lib/ imports no node: module and no Node built-in', () => {
    const offenders: string[] = [];
    // lib/node/ is the node-only entry point (yieldfrom/node); everything else is the core.
    for (const f of readdirSync(join(ROOT, 'lib')).filter((n) => n !== 'node')) {
      const src = readFileSync(join(ROOT, 'lib', f), 'utf8');
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || BUILTINS.includes(spec)) offenders.push(`${f}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it.runIf(existsSync(join(ROOT, 'dist', 'index.js')))('the built core entry pulls in no node: module and no piscina', () => {
    const core = readFileSync(join(ROOT, 'dist', 'index.js'), 'utf8');
    const chunks = [...core.matchAll(/from\s*['"](\.\/chunk-[^'"]+)['"]/g)].map((m) => readFileSync(join(ROOT, 'dist', m[1]!), 'utf8'));
    for (const src of [core, ...chunks]) expect(src).not.toMatch(/from\s*['"](node:|piscina)/);
  });

  it.runIf(existsSync(join(ROOT, 'dist', 'index.cjs')))('the build loads through ESM import and CJS require and runs a program', () => {
    const program = `const r = y.runSync(function* () { yield* y.sleep(1); return 'ok'; });\nif (r !== 'ok') throw new Error(r);\nconsole.log(r);`;
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `import * as y from ${JSON.stringify(join(ROOT, 'dist', 'index.js'))};\n${program}`], { encoding: 'utf8' });
    const cjs = execFileSync(process.execPath, ['-e', `const y = require(${JSON.stringify(join(ROOT, 'dist', 'index.cjs'))});\n${program}`], { encoding: 'utf8' });
    expect([esm.trim(), cjs.trim()]).toEqual(['ok', 'ok']);
  });
});
