// demos/run.ts: `npm run demo` runs every demo in order with a heading each;
// `npm run demo -- NAME...` runs some. Flags: --real (real clock), --trace (print an ASCII
// timeline), --cpython (CPython's timer order), --once (server: answer one request and exit).
import type { DemoOptions } from './options.js';

type Demo = { about: string; load: () => Promise<{ default: (o: DemoOptions) => Promise<void> }> };
const demos: Record<string, Demo> = {
  sendpc: { about: 'generator send(): a consumer and a producer, by hand and between tasks', load: () => import('./sendpc.js') },
  hello: { about: '@coroutine style: two tasks on one thread with yield sleep(1)', load: () => import('./hello.js') },
  'countdown-sync': { about: 'three count_downs one after another: total time = the sum', load: () => import('./countdown-sync.js') },
  countdown: { about: 'three concurrent count_downs: total time = the longest, not the sum', load: () => import('./countdown.js') },
  bread: { about: 'producers and consumers sharing a Queue: gather, join, cancel', load: () => import('./bread.js') },
  phases: { about: 'asCompleted: answers in the order the phases finish', load: () => import('./phases.js') },
  lock: { about: 'a Lock released by a callLater callback', load: () => import('./lock.js') },
  event: { about: 'an Event set by a callback wakes every waiter', load: () => import('./event.js') },
  condition: { about: 'a Condition hands items from a producer to consumers', load: () => import('./condition.js') },
  semaphore: { about: 'a Semaphore(2) lets two downloads run at once', load: () => import('./semaphore.js') },
  barrier: { about: 'three runners meet at a Barrier', load: () => import('./barrier.js') },
  timeouts: { about: 'waitFor, a timeout scope, and a TaskGroup whose child fails', load: () => import('./timeouts.js') },
  executor: { about: 'blocking count_downs on a pool of worker threads', load: () => import('./executor.js') },
  server: { about: 'the aiohttp-style server: / and /hello/{name}', load: () => import('./server.js') },
  explore: { about: 'a bug zoo: races found by explore(), shrunk and replayed', load: () => import('./explore.js') },
};
const flags = ['--real', '--trace', '--cpython', '--once'];

const args = process.argv.slice(2);
const unknownFlags = args.filter((a) => a.startsWith('-') && !flags.includes(a));
const names = args.filter((a) => !a.startsWith('-'));
const unknownNames = names.filter((n) => !(n in demos));
if (unknownFlags.length || unknownNames.length) {
  const what = [...unknownNames.map((n) => `unknown demo '${n}'`), ...unknownFlags.map((f) => `unknown flag '${f}'`)].join(', ');
  console.error(`${what}\n\nusage: npm run demo -- [NAME...] [${flags.join('] [')}]\n\ndemos:`);
  for (const [n, d] of Object.entries(demos)) console.error(`  ${n.padEnd(15)} ${d.about}`);
  process.exit(2);
}
const chosen = names.length ? names : Object.keys(demos);
// Running everything, the server answers one request and exits instead of serving until stopped.
const options: DemoOptions = { real: args.includes('--real'), cpython: args.includes('--cpython'), trace: args.includes('--trace'), once: args.includes('--once') || chosen.length > 1 };
for (const name of chosen) {
  if (chosen.length > 1) console.log(`\n=== ${name}: ${demos[name]!.about} ===\n`);
  await (await demos[name]!.load()).default(options);
}
