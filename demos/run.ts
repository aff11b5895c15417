// demos/run.ts: `npm run demo` runs every demo in order with a heading each;
// `npm run demo -- NAME...` runs some; flags: --real (real clock), --cpython (CPython's timer order).
import type { DemoOptions } from './options.js';

const demos: Record<string, { about: string; load: () => Promise<{ default: (o: DemoOptions) => Promise<void> }> }> = {
  sendpc: { about: 'generator send(): a consumer and a producer, by hand and between tasks', load: () => import('./sendpc.js') },
  hello: { about: '@coroutine style: two tasks on one thread with yield sleep(1)', load: () => import('./hello.js') },
  countdown: { about: 'three concurrent count_downs: total time = the longest, not the sum', load: () => import('./countdown.js') },
  zoo: { about: 'a bug zoo: races found by explore(), shrunk and replayed', load: () => import('./zoo.js') },
};
const flags = ['--real', '--cpython'];

const args = process.argv.slice(2);
const unknownFlags = args.filter((a) => a.startsWith('-') && !flags.includes(a));
const names = args.filter((a) => !a.startsWith('-'));
const unknownNames = names.filter((n) => !(n in demos));
if (unknownFlags.length || unknownNames.length) {
  const what = [...unknownNames.map((n) => `unknown demo '${n}'`), ...unknownFlags.map((f) => `unknown flag '${f}'`)].join(', ');
  console.error(`${what}\n\nusage: npm run demo -- [NAME...] [${flags.join('] [')}]\n\ndemos:`);
  for (const [n, d] of Object.entries(demos)) console.error(`  ${n.padEnd(10)} ${d.about}`);
  process.exit(2);
}
const options: DemoOptions = { real: args.includes('--real'), cpython: args.includes('--cpython') };
const chosen = names.length ? names : Object.keys(demos);
for (const name of chosen) {
  if (chosen.length > 1) console.log(`\n=== ${name}: ${demos[name]!.about} ===\n`);
  await (await demos[name]!.load()).default(options);
}
