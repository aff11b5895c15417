// README.md: the section that lists where yieldfrom differs from CPython, each with its reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

function section(title: string): string {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('README: Where yieldfrom differs from CPython', () => {
  const rows = section('Where yieldfrom differs from CPython')
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| difference'))
    .map((l) => l.slice(2, -2).split(' | '));

  it('gives every difference with its reason', () => {
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      expect(row).toHaveLength(2);
      expect(row[0]!.length).toBeGreaterThan(20);
      expect(row[1]!.length).toBeGreaterThan(20);
    }
  });

  it.each([
    ['implicit exception context', /__context__/],
    ['the BaseException/Exception split', /BaseException/],
    ["native yield*'s GeneratorExit rule", /yield\*.*GeneratorExit/],
    ['cross-stack delegation', /generator already executing/],
    ['cancelling a wait-for cycle', /RecursionError/],
  ])('covers %s', (_what, pattern) => {
    expect(rows.some(([difference]) => pattern.test(difference!))).toBe(true);
  });
});
