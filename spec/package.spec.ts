// The published package: publint and arethetypeswrong report nothing, and `npm pack`,
// installed into a fresh project, works through ESM import and CJS require, for both entries.
// Runs on a build (.ci/run builds first); skipped when dist/ is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const built = existsSync(join(ROOT, 'dist', 'index.js')) && existsSync(join(ROOT, 'dist', 'node.js'));
const sh = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });

describe.runIf(built)('the package', () => {
  it('passes publint and arethetypeswrong', () => {
    expect(sh('npx', ['publint'], ROOT)).toContain('All good!');
    const attw = JSON.parse(sh('npx', ['attw', '--pack', '.', '--format', 'json'], ROOT)) as { analysis: { problems: unknown[] } };
    expect(attw.analysis.problems).toEqual([]);
  });

  it('stays within its size-limit budget (.size-limit.json; issue 7 aims lower: 6 KB)', () => {
    const out = JSON.parse(sh('npx', ['size-limit', '--json'], ROOT)) as { name: string; passed: boolean; size: number }[];
    expect(out.map((r) => [r.name, r.passed])).toEqual(out.map((r) => [r.name, true]));
  });

  it('installs from `npm pack` and works through ESM import and CJS require', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yf-pack-'));
    const tarball = sh('npm', ['pack', '--pack-destination', dir, '--silent'], ROOT).trim().split('\n').pop()!;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)], dir);
    const program = (y: string, n: string): string =>
      `const r = ${y}.runSync(function* () { const q = new ${y}.Queue(); yield* q.put(41); return (yield* q.get()) + 1; });\nif (r !== 42) throw new Error(String(r));\nif (typeof ${n}.serve !== 'function' || typeof ${n}.ThreadPoolExecutor !== 'function') throw new Error('node entry');\nconsole.log('ok', r);`;
    writeFileSync(join(dir, 'esm.mjs'), `import * as y from 'yieldfrom';\nimport * as n from 'yieldfrom/node';\n${program('y', 'n')}`);
    writeFileSync(join(dir, 'cjs.cjs'), `const y = require('yieldfrom');\nconst n = require('yieldfrom/node');\n${program('y', 'n')}`);
    expect(sh(process.execPath, ['esm.mjs'], dir).trim()).toBe('ok 42');
    expect(sh(process.execPath, ['cjs.cjs'], dir).trim()).toBe('ok 42');
  });
});
