// scripts/tutorial.ts: `npm run tutorial` builds the tutorial site into site/ and serves it on
// localhost (vite preview, printing the URL); `npm run tutorial -- --build` only builds.
// The site is static and works from file:// too: one classic script (app.js, an IIFE: module
// scripts do not load from file://), one stylesheet, one HTML file per page, and per page a
// small script with its sources (sources/NAME.js) and, for executor and server, the recorded
// run (recordings/NAME.js). Nothing is fetched from anywhere else.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';
import { align, highlight, sections } from '../tutorial/highlight.js';
import { yieldLines } from '../tutorial/instrument.js';
import { type PageInfo, pages } from '../tutorial/pages.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SITE = join(ROOT, 'site');
/** The site's weight budget, min+gz, demo sources (sources/*.js) not counted. */
export const BUDGET_BYTES = 150 * 1024;

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const lines = (s: string): string[] => s.replace(/\n$/, '').split('\n');

/** The Python port shown beside a page's TypeScript: a seed the oracle runs, or one of spec/oracle/ports/. */
export function pythonFile(name: string): string | null {
  for (const dir of ['spec/oracle/seeds', 'spec/oracle/ports']) {
    const f = `${dir}/${name.replace(/-/g, '_')}.py`;
    if (existsSync(join(ROOT, f))) return f;
  }
  return null;
}

/** The header comment of a TypeScript file, as one paragraph, without its "file.ts:" prefix. */
function lede(src: string): string {
  const head: string[] = [];
  for (const l of src.split('\n')) {
    if (!l.startsWith('//')) break;
    head.push(l.replace(/^\/\/ ?/, ''));
  }
  return head.join(' ').replace(/^\S+\.ts(?: \([^)]*\))?: /, '').replace(/\s+/g, ' ').trim();
}

function pageData(p: PageInfo): unknown {
  const ts = readFileSync(join(ROOT, p.source), 'utf8');
  const pyFile = pythonFile(p.name);
  const py = pyFile ? readFileSync(join(ROOT, pyFile), 'utf8') : null;
  const tsLines = lines(ts);
  const rows = py ? align(sections(tsLines, 'ts'), sections(lines(py), 'py')) : [{ ts: [0, tsLines.length], py: [0, 0] }];
  return {
    name: p.name,
    lede: lede(ts),
    ts: { file: p.source, lines: highlight(ts, 'ts') },
    py: py && pyFile ? { file: pyFile, lines: highlight(py, 'py') } : null,
    rows,
  };
}

function html(title: string, page: string, scripts: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="app.css">
</head>
<body data-page="${escapeHtml(page)}">
<noscript>This tutorial runs the engine in the page: it needs JavaScript.</noscript>
${scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
</body>
</html>
`;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The site's weight: every file gzipped, min+gz, demo sources apart. */
export function weigh(site = SITE): { total: number; sources: number; files: { file: string; gz: number }[] } {
  const files = walk(site).map((f) => ({ file: relative(site, f), gz: gzipSync(readFileSync(f), { level: 9 }).length }));
  const isSource = (f: string): boolean => f.startsWith('sources/');
  return {
    total: files.filter((f) => !isSource(f.file)).reduce((s, f) => s + f.gz, 0),
    sources: files.filter((f) => isSource(f.file)).reduce((s, f) => s + f.gz, 0),
    files,
  };
}

/** Builds the site into `out` (default site/). */
export async function buildSite(out = SITE, quiet = false): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  await build({
    configFile: false,
    root: ROOT,
    publicDir: false,
    logLevel: quiet ? 'silent' : 'warn',
    plugins: [yieldLines(/[/\\](demos[/\\][\w-]+|tutorial[/\\]frames)\.ts$/)],
    // Class names stay: the engine prints them (a task waits on "Lock.acquire()", not "xe.acquire()").
    esbuild: { keepNames: true },
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      minify: 'esbuild',
      cssMinify: true,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: join(ROOT, 'tutorial', 'app.ts'), formats: ['iife'], name: 'yieldfromTutorial', fileName: () => 'app.js', cssFileName: 'app' },
    },
  });
  mkdirSync(join(out, 'sources'), { recursive: true });
  mkdirSync(join(out, 'recordings'), { recursive: true });
  for (const p of pages) {
    writeFileSync(join(out, 'sources', `${p.name}.js`), `window.YF_PAGE=${JSON.stringify(pageData(p))};\n`);
    const scripts = [`sources/${p.name}.js`];
    if (p.kind === 'recording') {
      const rec = join(ROOT, 'tutorial', 'recordings', `${p.name}.json`);
      if (!existsSync(rec)) throw new Error(`no recording ${relative(ROOT, rec)}: run \`npm run tutorial:record\``);
      writeFileSync(join(out, 'recordings', `${p.name}.js`), `window.YF_RECORDING=${JSON.stringify(JSON.parse(readFileSync(rec, 'utf8')))};\n`);
      scripts.push(`recordings/${p.name}.js`);
    }
    writeFileSync(join(out, `${p.name}.html`), html(`${p.title} · yieldfrom tutorial`, p.name, [...scripts, 'app.js']));
  }
  writeFileSync(join(out, 'index.html'), html('yieldfrom tutorial', 'index', ['app.js']));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const onlyBuild = process.argv.includes('--build');
  const t0 = Date.now();
  await buildSite();
  const w = weigh();
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  console.log(`built ${relative(process.cwd(), SITE) || '.'}/ in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${pages.length} pages + index; ${kb(w.total)} min+gz without the demo sources (budget ${kb(BUDGET_BYTES)}), sources ${kb(w.sources)}`);
  if (w.total > BUDGET_BYTES) {
    console.error(`the site is over its budget: ${kb(w.total)} > ${kb(BUDGET_BYTES)}`);
    process.exit(1);
  }
  console.log(`open ${join(SITE, 'index.html')} directly, or`);
  if (!onlyBuild) {
    const server = await preview({ configFile: false, root: ROOT, logLevel: 'info', build: { outDir: 'site' }, preview: { host: '127.0.0.1', port: 4173, open: false } });
    server.printUrls();
  }
}
