// The built core runs the bread demo (virtual time, CPython's timer order) in several JS
// runtimes and prints CPython's transcript: Node; Deno and Bun when their binaries are there
// (.ci/run installs the npm packages `deno` and `bun` into .runtimes/); and QuickJS, where the
// host steps the loop with runOnce()/advance() from outside the VM.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { recordedTranscript } from './oracle/cpython.js';

const built = existsSync(join(ROOT, 'dist', 'index.js'));
const smoke = join(ROOT, 'spec', 'runtimes', 'smoke.mjs');
// CPython's transcript of the bread demo's Python port (checked against live CPython by spec/oracle.spec.ts).
const expected = (): string[] => recordedTranscript('bread');
const lines = (s: string): string[] => s.replace(/\n$/, '').split('\n');

function binary(name: string): string | null {
  const local = join(ROOT, '.runtimes', 'node_modules', '.bin', name);
  if (existsSync(local)) return local;
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

describe.runIf(built)('runtimes', () => {
  it('Node', () => {
    expect(lines(execFileSync(process.execPath, [smoke], { encoding: 'utf8' }))).toEqual(expected());
  });

  const deno = binary('deno');
  it.runIf(deno !== null)('Deno', () => {
    expect(lines(execFileSync(deno!, ['run', '--allow-read', smoke], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }))).toEqual(expected());
  });

  const bun = binary('bun');
  it.runIf(bun !== null)('Bun', () => {
    expect(lines(execFileSync(bun!, [smoke], { encoding: 'utf8' }))).toEqual(expected());
  });

  const chromium = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
  it.runIf(chromium !== null)('headless Chromium', async () => {
    const bundle = execFileSync(join(ROOT, 'node_modules', '.bin', 'esbuild'), [join(ROOT, 'spec', 'runtimes', 'browser-entry.mjs'), '--bundle', '--format=iife', '--target=es2022'], {
      encoding: 'utf8',
    });
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({
      executablePath: chromium!,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><title>yieldfrom smoke</title>');
      await page.addScriptTag({ content: bundle });
      const r = (await page.evaluate('window.__smoke')) as { ok: boolean; output: string };
      expect(r.ok ? lines(r.output) : r.output).toEqual(expected());
    } finally {
      await browser.close();
    }
  });

  it('QuickJS, stepped by a host loop through runOnce()/advance()', async () => {
    const bundle = execFileSync(join(ROOT, 'node_modules', '.bin', 'esbuild'), [join(ROOT, 'spec', 'runtimes', 'quickjs-entry.mjs'), '--bundle', '--format=iife', '--target=es2022'], {
      encoding: 'utf8',
    });
    const { getQuickJS } = await import('quickjs-emscripten');
    const vm = (await getQuickJS()).newContext();
    try {
      const call = (code: string): unknown => {
        const r = vm.evalCode(code);
        if (r.error) {
          const err = vm.dump(r.error);
          r.error.dispose();
          throw new Error(`QuickJS: ${JSON.stringify(err)}`);
        }
        const v = vm.dump(r.value);
        r.value.dispose();
        return v;
      };
      call(bundle);
      let steps = 0;
      for (;;) {
        const wait = call('__smoke.step()') as number;
        if (wait === -1) break;
        if (wait === -2) throw new Error('QuickJS: the program is stuck (nothing ready, no timer)');
        call(`__smoke.advance(${wait})`); // the host's clock moves; the loop fires what is due
        if (++steps > 10_000) throw new Error('QuickJS: too many steps');
      }
      expect(lines(call('__smoke.output()') as string)).toEqual(expected());
    } finally {
      vm.dispose();
    }
    void readFileSync;
  });
});
