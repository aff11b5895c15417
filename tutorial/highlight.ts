// tutorial/highlight.ts: build-time syntax highlighting (TypeScript and Python) into HTML, one
// string per source line, and the alignment of a demo with its Python port by section: each
// file is cut where a function, method or class starts, sections are matched by name
// (produceBread ↔ produce_bread, constructor ↔ __init__), and matched ones share a row.

export type Lang = 'ts' | 'py';

const TS_KEYWORDS = new Set(
  'as async await break case catch class const continue default do else export extends false finally for from function if import in instanceof let new null of return static super switch this throw true try type typeof undefined var void while yield interface readonly private public protected implements'.split(' '),
);
const PY_KEYWORDS = new Set('and as assert async await break class continue def del elif else except False finally for from global if import in is lambda None nonlocal not or pass raise return True try while with yield'.split(' '));
const PY_BUILTINS = new Set('print range len self super isinstance Exception RuntimeError TimeoutError ExceptionGroup'.split(' '));
const SUSPEND = new Set(['yield', 'await', 'async']);

type Token = { cls: string | null; text: string };
const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => XML[c]!);

function word(text: string, keywords: Set<string>, builtins: Set<string>, prev: string): Token {
  if (SUSPEND.has(text)) return { cls: 'k y', text };
  if (keywords.has(text)) return { cls: 'k', text };
  if (/^(function\*?|def|class)$/.test(prev.trim())) return { cls: 'f', text };
  if (builtins.has(text)) return { cls: 'b', text };
  return { cls: null, text };
}

function tokenizeTs(src: string): Token[] {
  const out: Token[] = [];
  let prev = '';
  const push = (cls: string | null, text: string): void => {
    out.push({ cls, text });
    if (cls !== null || text.trim()) prev = text;
  };
  let i = 0;
  // Template literals nest: `a ${f(`b`)} c`; braces count inside the substitutions.
  const braces: number[] = [];
  const template = (): void => {
    let j = i + 1;
    for (;;) {
      if (j >= src.length) break;
      if (src[j] === '\\') j += 2;
      else if (src[j] === '`') {
        j++;
        break;
      } else if (src[j] === '$' && src[j + 1] === '{') {
        push('s', src.slice(i, j + 2));
        i = j + 2;
        braces.push(0);
        return;
      } else j++;
    }
    push('s', src.slice(i, j));
    i = j;
  };
  while (i < src.length) {
    const c = src[i]!;
    const rest = src.slice(i, i + 2);
    if (braces.length && c === '}' && braces.at(-1) === 0) {
      braces.pop();
      template(); // the substitution ends: the template goes on from this brace
      continue;
    }
    if (braces.length && c === '{') braces[braces.length - 1]!++;
    if (braces.length && c === '}') braces[braces.length - 1]!--;
    if (rest === '//') {
      const j = src.indexOf('\n', i);
      const end = j < 0 ? src.length : j;
      push('c', src.slice(i, end));
      i = end;
    } else if (rest === '/*') {
      const j = src.indexOf('*/', i + 2);
      const end = j < 0 ? src.length : j + 2;
      push('c', src.slice(i, end));
      i = end;
    } else if (c === '`') template();
    else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      push('s', src.slice(i, j + 1));
      i = j + 1;
    } else if (/[0-9]/.test(c) && !/[\w$]/.test(src[i - 1] ?? '')) {
      const m = /^[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?n?/.exec(src.slice(i))!;
      push('n', m[0]);
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i))!;
      let text = m[0];
      if ((text === 'yield' || text === 'function') && src[i + text.length] === '*') text += '*';
      const t = word(text.replace('*', ''), TS_KEYWORDS, new Set(), prev);
      push(t.cls, text);
      i += text.length;
    } else {
      push(null, c);
      i++;
    }
  }
  return out;
}

function tokenizePy(src: string): Token[] {
  const out: Token[] = [];
  let prev = '';
  const push = (cls: string | null, text: string): void => {
    out.push({ cls, text });
    if (cls !== null || text.trim()) prev = text;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const str = /^([rRbBfFuU]{0,2})('''|"""|'|")/.exec(src.slice(i));
    if (c === '#') {
      const j = src.indexOf('\n', i);
      const end = j < 0 ? src.length : j;
      push('c', src.slice(i, end));
      i = end;
    } else if (str && (str[1] === '' || !/[\w]/.test(src[i - 1] ?? ''))) {
      const q = str[2]!;
      let j = i + str[0].length;
      while (j < src.length && !src.startsWith(q, j) && (q.length === 3 || src[j] !== '\n')) j += src[j] === '\\' ? 2 : 1;
      const end = Math.min(src.length, j + q.length);
      // A docstring (a string alone on its line at the top of a block) reads as a comment.
      const alone = /(^|\n)\s*$/.test(src.slice(0, i)) && q.length === 3;
      push(alone ? 'c' : 's', src.slice(i, end));
      i = end;
    } else if (/[0-9]/.test(c) && !/\w/.test(src[i - 1] ?? '')) {
      const m = /^[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      push('n', m[0]);
      i += m[0].length;
    } else if (c === '@' && /(^|\n)\s*$/.test(src.slice(0, i))) {
      const m = /^@[\w.]+/.exec(src.slice(i))!;
      push('b', m[0]);
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(src.slice(i))!;
      const t = word(m[0], PY_KEYWORDS, PY_BUILTINS, prev);
      push(t.cls, m[0]);
      i += m[0].length;
    } else {
      push(null, c);
      i++;
    }
  }
  return out;
}

/** The source highlighted: one HTML string per line (spans closed and reopened at line ends). */
export function highlight(src: string, lang: Lang): string[] {
  const tokens = lang === 'ts' ? tokenizeTs(src) : tokenizePy(src);
  const lines: string[] = [''];
  for (const t of tokens) {
    const parts = t.text.split('\n');
    parts.forEach((p, k) => {
      if (k > 0) lines.push('');
      if (p === '') return;
      lines[lines.length - 1] += t.cls === null ? esc(p) : `<span class="${t.cls}">${esc(p)}</span>`;
    });
  }
  if (src.endsWith('\n')) lines.pop();
  return lines;
}

/** A section of a file: lines [start, end) (0-based), and the name it is matched by. */
export interface Section {
  key: string;
  start: number;
  end: number;
}

const NOT_METHODS = new Set(['if', 'for', 'while', 'switch', 'catch', 'function', 'return', 'yield', 'await', 'new', 'super', 'with']);

function defName(line: string, lang: Lang): string | null {
  if (lang === 'py') {
    const m = /^\s*(?:async\s+)?def\s+(\w+)|^\s*class\s+(\w+)/.exec(line);
    return m ? (m[1] ?? m[2]!) : null;
  }
  let m = /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(line);
  if (m) return m[1]!;
  m = /^\s*(?:export\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/.exec(line);
  if (m) return m[1]!;
  if (/^\s+constructor\s*\(/.test(line)) return 'constructor';
  m = /^\s+(?:static\s+|async\s+)*\*?\s*([A-Za-z_$][\w$]*)\s*\([^()]*\)\s*(?::\s*[^={}]+)?\{\s*$/.exec(line);
  if (m && !NOT_METHODS.has(m[1]!)) return m[1]!;
  m = /^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:\(|function\b|[A-Za-z_$][\w$]*\s*=>)/.exec(line);
  if (m) return m[1]!;
  if (/^export\s+default\b/.test(line)) return 'export default';
  return null;
}

/** A name as both languages would spell it: no case, no underscores; constructor is __init__, a demo's entry is main. */
export function sectionKey(name: string): string {
  if (name === 'constructor' || name === '__init__') return 'init';
  if (name === 'demo') return 'main';
  return name.replace(/_/g, '').toLowerCase();
}

/** Cuts a file into sections: the head (before the first definition), then one per definition, comments above it included. */
export function sections(lines: readonly string[], lang: Lang): Section[] {
  const starts: { at: number; key: string }[] = [];
  lines.forEach((line, i) => {
    const name = defName(line, lang);
    if (name === null) return;
    // Comments, decorators and blank lines right above a definition belong to it.
    let at = i;
    const lead = lang === 'ts' ? /^\s*(\/\/|\/\*|\*|$)/ : /^\s*(#|@|$)/;
    while (at > 0 && lead.test(lines[at - 1]!) && !starts.some((s) => s.at === at - 1) && at - 1 > (starts.at(-1)?.at ?? -1)) at--;
    while (at < i && lines[at]!.trim() === '') at++;
    starts.push({ at, key: sectionKey(name) });
  });
  const out: Section[] = [];
  if (starts.length === 0 || starts[0]!.at > 0) out.push({ key: '#head', start: 0, end: starts[0]?.at ?? lines.length });
  starts.forEach((s, k) => out.push({ key: s.key, start: s.at, end: starts[k + 1]?.at ?? lines.length }));
  return out;
}

/** A row of the side-by-side view: line ranges [start, end) on each side (empty when start === end). */
export interface Row {
  ts: [number, number];
  py: [number, number];
}

/**
 * Aligns two files' sections: matched names (longest common subsequence, in order) share a
 * row; what lies between two matches on either side shares the row between them.
 */
export function align(left: readonly Section[], right: readonly Section[]): Row[] {
  const n = left.length;
  const m = right.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = left[i]!.key === right[j]!.key ? 1 + lcs[i + 1]![j + 1]! : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const rows: Row[] = [];
  let i = 0;
  let j = 0;
  let gapL: [number, number] | null = null;
  let gapR: [number, number] | null = null;
  const flush = (): void => {
    if (gapL || gapR) rows.push({ ts: gapL ?? [0, 0], py: gapR ?? [0, 0] });
    gapL = gapR = null;
  };
  while (i < n || j < m) {
    if (i < n && j < m && left[i]!.key === right[j]!.key) {
      flush();
      rows.push({ ts: [left[i]!.start, left[i]!.end], py: [right[j]!.start, right[j]!.end] });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      gapL = gapL ? [gapL[0], left[i]!.end] : [left[i]!.start, left[i]!.end];
      i++;
    } else {
      gapR = gapR ? [gapR[0], right[j]!.end] : [right[j]!.start, right[j]!.end];
      j++;
    }
  }
  flush();
  return rows;
}
