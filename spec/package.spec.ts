// The published package: `npm pack` of a fresh clone (no dist/ yet) builds and ships dist/ with
// every file package.json's exports name; publint and arethetypeswrong report nothing; and
// `npm pack`, installed into a fresh project, works through ESM import and CJS require, for both
// entries. All but the first run on a build (.ci/run builds first) and are skipped without one.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const built = existsSync(join(ROOT, 'dist', 'index.js')) && existsSync(join(ROOT, 'dist', 'node.js'));
// npm pack in the checkout must not rebuild dist/ (prepack) while other specs read it.
const NO_SCRIPTS = { ...process.env, npm_config_ignore_scripts: 'true' };
const sh = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });

/** The paths of the files in a .tgz (ustar: 512-byte headers, name at 0, size at 124, prefix at 345). */
function tarEntries(tgz: string): string[] {
  const tar = gunzipSync(readFileSync(tgz));
  const names: string[] = [];
  const text = (from: number, len: number): string => tar.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = text(at, 100);
    if (name === '') break;
    const prefix = text(at + 345, 155);
    names.push(prefix ? `${prefix}/${name}` : name);
    at += 512 + Math.ceil(parseInt(text(at + 124, 12).trim() || '0', 8) / 512) * 512;
  }
  return names;
}

/** Every file path package.json's exports (and main/module/types) name. */
function exportedFiles(pkg: { exports: unknown; main?: string; module?: string; types?: string }): string[] {
  const out = new Set<string>([pkg.main, pkg.module, pkg.types].filter((x): x is string => typeof x === 'string'));
  const visit = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(pkg.exports);
  return [...out].filter((p) => p.startsWith('./dist/') || p.startsWith('dist/')).map((p) => p.replace(/^\.\//, ''));
}

describe('npm pack of a fresh clone', () => {
  it('builds dist/ (prepack) and ships every file the exports name', () => {
    // A copy of what a clone has (the files git knows, none it ignores: no dist/, no node_modules).
    const dir = mkdtempSync(join(tmpdir(), 'yf-clone-'));
    const clone = join(dir, 'yieldfrom');
    const files = sh('git', ['ls-files', '--cached', '--others', '--exclude-standard'], ROOT).split('\n').filter((f) => f && existsSync(join(ROOT, f)));
    for (const f of files) {
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      cpSync(join(ROOT, f), join(clone, f));
    }
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    try {
      const tarball = sh('npm', ['pack', '--pack-destination', dir, '--silent'], clone).trim().split('\n').pop()!;
      const entries = tarEntries(join(dir, tarball)).map((e) => e.replace(/^package\//, ''));
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
      const wanted = exportedFiles(pkg);
      expect(wanted).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/core.js', 'dist/core.cjs', 'dist/core.d.ts', 'dist/node.js', 'dist/node.cjs', 'dist/node.d.ts']));
      expect(wanted.filter((f) => !entries.includes(f))).toEqual([]);
      expect(entries).toContain('dist/worker.mjs'); // the executor's worker, copied by the build
      expect(entries.filter((e) => e.startsWith('spec/'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(built)('the package', () => {
  it('passes publint and arethetypeswrong', () => {
    expect(sh('npx', ['publint'], ROOT)).toContain('All good!');
    const attw = JSON.parse(sh('npx', ['attw', '--pack', '.', '--format', 'json'], ROOT, NO_SCRIPTS)) as { analysis: { problems: unknown[] } };
    expect(attw.analysis.problems).toEqual([]);
  });

  it('stays within its size-limit budget (.size-limit.json; issue 7 aims lower: 6 KB)', () => {
    const out = JSON.parse(sh('npx', ['size-limit', '--json'], ROOT)) as { name: string; passed: boolean; size: number }[];
    expect(out.map((r) => [r.name, r.passed])).toEqual(out.map((r) => [r.name, true]));
  });

  it('installs from `npm pack` and works through ESM import and CJS require', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yf-pack-'));
    const tarball = sh('npm', ['pack', '--pack-destination', dir, '--silent'], ROOT, NO_SCRIPTS).trim().split('\n').pop()!;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)], dir);
    const program = (y: string, n: string): string =>
      `const r = ${y}.runSync(function* () { const q = new ${y}.Queue(); yield* q.put(41); return (yield* q.get()) + 1; });\nif (r !== 42) throw new Error(String(r));\nif (typeof ${n}.serve !== 'function' || typeof ${n}.ThreadPoolExecutor !== 'function') throw new Error('node entry');\nconsole.log('ok', r);`;
    // yieldfrom/core shares yieldfrom's classes (one copy: instanceof holds across the entries) and takes implementations.
    const core = `if (c.EventLoop !== y.EventLoop || c.Task !== y.Task) throw new Error('two copies');\nif (new c.EventLoop({ clock: c.realClock }).clock.kind !== 'real') throw new Error('core entry');\n`;
    writeFileSync(join(dir, 'esm.mjs'), `import * as y from 'yieldfrom';\nimport * as c from 'yieldfrom/core';\nimport * as n from 'yieldfrom/node';\n${core}${program('y', 'n')}`);
    writeFileSync(join(dir, 'cjs.cjs'), `const y = require('yieldfrom');\nconst c = require('yieldfrom/core');\nconst n = require('yieldfrom/node');\n${core}${program('y', 'n')}`);
    expect(sh(process.execPath, ['esm.mjs'], dir).trim()).toBe('ok 42');
    expect(sh(process.execPath, ['cjs.cjs'], dir).trim()).toBe('ok 42');
  });
});
