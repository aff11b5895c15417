// demos/run.ts: `npm run demo` runs every demo in order with a heading each;
// `npm run demo -- NAME...` runs some. Flags: --real (real clock), --trace (print an ASCII
// timeline), --cpython (CPython's timer order), --once (server: answer one request and exit),
// --html FILE (write the run's timeline as one self-contained HTML page; one demo only).
import { writeFileSync } from 'node:fs';
import { Tracer } from '../lib/index.js';
import { toHtml } from '../lib/timeline-html.js';
import { demoList } from './list.js';
import type { DemoOptions } from './options.js';

type Loader = () => Promise<{ default: (o: DemoOptions) => Promise<void> }>;
const loaders: Record<string, Loader> = {
  sendpc: () => import('./sendpc.js'),
  hello: () => import('./hello.js'),
  'countdown-sync': () => import('./countdown-sync.js'),
  countdown: () => import('./countdown.js'),
  bread: () => import('./bread.js'),
  phases: () => import('./phases.js'),
  lock: () => import('./lock.js'),
  event: () => import('./event.js'),
  condition: () => import('./condition.js'),
  semaphore: () => import('./semaphore.js'),
  barrier: () => import('./barrier.js'),
  timeouts: () => import('./timeouts.js'),
  executor: () => import('./executor.js'),
  server: () => import('./server.js'),
  explore: () => import('./explore.js'),
};
const about = new Map(demoList.map((d) => [d.name, d.about]));
const flags = ['--real', '--trace', '--cpython', '--once', '--html'];

const args = process.argv.slice(2);
const htmlAt = args.indexOf('--html');
const htmlFile = htmlAt >= 0 ? args[htmlAt + 1] : undefined;
const rest = htmlAt >= 0 ? args.filter((_, i) => i !== htmlAt && i !== htmlAt + 1) : args;
const unknownFlags = rest.filter((a) => a.startsWith('-') && !flags.includes(a));
const names = rest.filter((a) => !a.startsWith('-'));
const unknownNames = names.filter((n) => !(n in loaders));
const problems = [...unknownNames.map((n) => `unknown demo '${n}'`), ...unknownFlags.map((f) => `unknown flag '${f}'`)];
if (htmlAt >= 0 && (htmlFile === undefined || htmlFile.startsWith('-'))) problems.push('--html needs a file name (--html out.html)');
else if (htmlAt >= 0 && names.length !== 1) problems.push('--html draws one demo: name exactly one (npm run demo -- bread --html bread.html)');
if (problems.length) {
  console.error(`${problems.join(', ')}\n\nusage: npm run demo -- [NAME...] [--real] [--trace] [--cpython] [--once] [--html FILE]\n\ndemos:`);
  for (const d of demoList) console.error(`  ${d.name.padEnd(15)} ${d.about}`);
  process.exit(2);
}
const chosen = names.length ? names : demoList.map((d) => d.name);
// Running everything, the server answers one request and exits instead of serving until stopped.
const options: DemoOptions = { real: args.includes('--real'), cpython: args.includes('--cpython'), trace: args.includes('--trace'), once: args.includes('--once') || chosen.length > 1 };
const tracer = htmlFile !== undefined ? new Tracer() : undefined;
const traces: { title: string; trace: Tracer }[] = [];
for (const name of chosen) {
  if (chosen.length > 1) console.log(`\n=== ${name}: ${about.get(name)} ===\n`);
  await (await loaders[name]!()).default({ ...options, ...(tracer ? { tracer, traces } : {}) });
}
if (htmlFile !== undefined && tracer !== undefined) {
  const name = chosen[0]!;
  const runs = traces.length ? traces : tracer;
  writeFileSync(htmlFile, toHtml(runs, { title: `yieldfrom demo: ${name} (${about.get(name)})` }));
  const count = traces.length ? `${traces.length} runs` : `${tracer.names.size} tasks, ${tracer.events.length} events`;
  console.error(`wrote ${htmlFile}: the timeline of ${name} (${count})`);
}
