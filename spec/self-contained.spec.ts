// The repository is self-contained: nothing under spec/, scripts/, bench/, demos/, tutorial/ or .ci/ (nor
// the root's config files) refers to a path outside it. A user's clone has nothing beside it:
// the CPython oracle lives in spec/oracle/, its recordings in spec/fixtures/cpython/.
//
// What counts as a reference outside, in any text file there (comments too):
//   - a relative path literal (one that starts with a parent folder) that leaves the repository:
//     imports and `new URL(…, import.meta.url)` from the file's folder, other strings from the
//     file's folder or from the root;
//   - a path built from the file's folder (import.meta.dirname, dirname(fileURLToPath(
//     import.meta.url)), __dirname, os.path.dirname(__file__)) or from ROOT with '..' segments
//     that climb out of the repository;
//   - a parent folder followed by "shared" in any spelling, the folder that sits beside the
//     project on the team's machines and not on a user's;
//   - an absolute path into this workplace's /work folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SCANNED = ['spec', 'scripts', 'bench', 'demos', 'tutorial', '.ci'];
const ROOT_FILES = ['package.json', 'vitest.config.ts', 'tsup.config.ts', 'tsconfig.json', 'tsconfig.node.json', 'typedoc.json', '.size-limit.json'];
const SKIP_DIRS = new Set(['node_modules', '.runtimes', 'dist', '.git']);
const TEXT = /\.(ts|mts|cts|js|mjs|cjs|py|json|sh|md|txt|html)$/;

function walk(dir: string, out: string[]): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) walk(path, out);
    else if (TEXT.test(name) || dirname(path).endsWith(`${sep}.ci`)) out.push(path);
  }
  return out;
}

const inside = (p: string): boolean => {
  const rel = relative(ROOT, p);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
};

// Built from pieces so that this file does not match its own patterns.
const UP = '\\.\\.';
const Q = `['"\`]`;
const IMPORT_BEFORE = /(?:\bfrom\s+|\bimport\s*\(?\s*|new URL\(\s*)$/;
const rules: { what: string; re: RegExp; check: (m: RegExpExecArray, file: string, text: string) => boolean }[] = [
  {
    what: 'a parent folder and then "shared"',
    re: new RegExp(`${UP}(?:[\\\\/]|${Q}\\s*,\\s*${Q}|${Q}\\s*\\+\\s*${Q}/?)shared\\b`, 'g'),
    check: () => true,
  },
  {
    what: 'a relative import that leaves the repository',
    re: new RegExp(`(?:\\bfrom\\s+|\\bimport\\s*\\(?\\s*|new URL\\(\\s*)${Q}(${UP}/[^'"\`\\s]*)${Q}`, 'g'),
    check: (m, file) => !inside(resolve(dirname(file), m[1]!)),
  },
  {
    what: 'a relative path string that leaves the repository',
    re: new RegExp(`${Q}(${UP}/[^'"\`\\s]*)${Q}`, 'g'),
    check: (m, file, text) => !IMPORT_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index)) && (!inside(resolve(dirname(file), m[1]!)) || !inside(resolve(ROOT, m[1]!))),
  },
  {
    what: "a path climbing out of the repository with '..' segments",
    re: new RegExp(
      `(import\\.meta\\.dirname|dirname\\(\\s*fileURLToPath\\(\\s*import\\.meta\\.url\\s*\\)\\s*\\)|__dirname|os\\.path\\.dirname\\((?:os\\.path\\.abspath\\()?__file__\\)?\\)|\\bROOT\\b)((?:\\s*,\\s*${Q}[^'"\`]*${Q})+)`,
      'g',
    ),
    check: (m, file) => {
      const base = m[1] === 'ROOT' ? ROOT : dirname(file);
      const parts = [...m[2]!.matchAll(/['"`]([^'"`]*)['"`]/g)].map((x) => x[1]!);
      return !inside(resolve(base, ...parts));
    },
  },
  { what: 'an absolute path into the workplace', re: /["'`\s(]\/work\//g, check: () => true },
];

/** The lines of `text` (the contents of `file`) that refer outside the repository, as "file:line: what: text", one per line. */
export function outsideReferences(file: string, text: string): string[] {
  const found = new Map<number, string>();
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      if (!rule.check(m, file, text)) continue;
      const line = text.slice(0, m.index).split('\n').length;
      if (!found.has(line)) found.set(line, `${relative(ROOT, file)}:${line}: ${rule.what}: ${text.split('\n')[line - 1]!.trim()}`);
    }
  }
  return [...found.keys()].sort((a, b) => a - b).map((k) => found.get(k)!);
}

describe('the repository is self-contained', () => {
  it('nothing under spec/, scripts/, bench/, demos/, .ci/ or the root config refers to a path outside it', () => {
    const files = [...SCANNED.flatMap((d) => walk(join(ROOT, d), [])), ...ROOT_FILES.map((f) => join(ROOT, f)).filter((f) => statSync(f, { throwIfNoEntry: false }))];
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain(join(ROOT, 'spec', 'oracle', 'vloop.py'));
    expect(files).toContain(join(ROOT, '.ci', 'run'));
    expect(files.flatMap((f) => outsideReferences(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('the check finds each kind of reference outside (and passes the usual ones inside)', () => {
    const at = (p: string): string => join(ROOT, p);
    const up = '..'; // the lines below are built so that this file does not match them itself
    const flagged: [string, string][] = [
      ['spec/x.ts', `const d = join(ROOT, '${up}', 'shared', 'cpython-oracle');`],
      ['spec/x.ts', `readFileSync('${up}/shared/seeds/a.txt')`],
      ['spec/oracle/x.py', `sys.path.insert(0, os.path.join(os.path.dirname(__file__), "${up}", "${up}", "${up}", "shared"))`],
      ['spec/oracle/x.py', `ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "${up}", "${up}", "${up}")`],
      ['spec/x.ts', `const up = resolve(dirname(fileURLToPath(import.meta.url)), '${up}', '${up}');`],
      ['scripts/x.mjs', `const r = join(import.meta.dirname, '${up}', '${up}', 'other');`],
      ['demos/x.ts', `import { y } from '${up}/${up}/other/index.js';`],
      ['bench/x.mjs', `const w = new URL('${up}/${up}/w.mjs', import.meta.url);`],
      ['spec/x.ts', `execFileSync('python3', ['${up}/elsewhere/vloop.py'])`],
      ['.ci/run', `cp -r /${'work'}/shared/x .`],
      ['spec/x.ts', `// reads ${up}/shared/${'cpython-oracle'}/vloop.py`], // (split so that this file itself does not spell the path)
    ];
    for (const [file, line] of flagged) expect(outsideReferences(at(file), line), line).toHaveLength(1);
    const fine: [string, string][] = [
      ['spec/node/x.spec.ts', `import { run } from '${up}/${up}/lib/index.js';`],
      ['spec/helpers.ts', `export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '${up}');`],
      ['spec/oracle/cpython.ts', `const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '${up}', '${up}');`],
      ['scripts/mutants.mjs', `const root = join(import.meta.dirname, '${up}');`],
      ['spec/x.ts', `const p = join(ROOT, 'spec', 'fixtures', 'cpython');`],
      ['bench/RESULTS.md', 'The machines are shared and noisy.'],
      ['spec/runtimes.spec.ts', `existsSync('/usr/bin/chromium')`],
    ];
    for (const [file, line] of fine) expect(outsideReferences(at(file), line), line).toEqual([]);
  });
});
