// Runs each demo as a user would (`npm run demo -- NAME`), and compares its output with CPython's
// transcript (shared/cpython-oracle/*.expected.txt).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedTranscript, ROOT } from './helpers.js';

function demo(...args: string[]): string[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'demos', 'run.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return out.replace(/\n$/, '').split('\n');
}

describe('demos', () => {
  it.each(['countdown', 'hello'])('%s prints exactly CPython\'s transcript, with --cpython and by default', (name) => {
    expect(demo(name, '--cpython')).toEqual(expectedTranscript(name));
    expect(demo(name)).toEqual(expectedTranscript(name));
  });

  it('sendpc prints the transcript twice: by hand, then between two tasks', () => {
    const lines = demo('sendpc', '--cpython');
    const sep = lines.indexOf('--- the same, between two tasks with send/receive ---');
    expect(sep).toBeGreaterThan(0);
    expect(lines.slice(0, sep)).toEqual(expectedTranscript('sendpc'));
    expect(lines.slice(sep + 1)).toEqual(expectedTranscript('sendpc'));
  });

  it('runs every demo with a heading each when no name is given', () => {
    const lines = demo();
    expect(lines.filter((l) => l.startsWith('=== '))).toEqual([
      '=== sendpc: generator send(): a consumer and a producer, by hand and between tasks ===',
      '=== hello: @coroutine style: two tasks on one thread with yield sleep(1) ===',
      '=== countdown: three concurrent count_downs: total time = the longest, not the sum ===',
      '=== zoo: a bug zoo: races found by explore(), shrunk and replayed ===',
    ]);
  });

  it('rejects unknown demos and flags with the list of demos', () => {
    let err: { status: number; stderr: string } | undefined;
    try {
      demo('nope', '--fast');
    } catch (e) {
      err = e as { status: number; stderr: string };
    }
    expect(err?.status).toBe(2);
    expect(err?.stderr).toContain("unknown demo 'nope', unknown flag '--fast'");
    expect(err?.stderr).toContain('countdown');
  });
});
