// demos/executor.ts: blocking work on a pool of worker threads, after the run_in_executor
// tutorial. Three count_downs that block their thread (1 s, 0.8 s, 0.5 s per step) run on a
// pool of three and finish in about the longest one's time, not the sum. The work is named by
// module and export (demos/work.mjs), since functions cannot cross threads.
// Worker threads run on real time: by default the delays are scaled by 0.1; --real uses them as they are.
import { gather, getRunningLoop, run } from '../lib/index.js';
import { ThreadPoolExecutor, workerFunction } from '../lib/node/index.js';
import { type DemoOptions, runOptions } from './options.js';

const work = new URL('./work.mjs', import.meta.url);
const countDown = workerFunction(work, 'countDown');
const warmUp = workerFunction(work, 'warmUp');

export default async function demo(o: DemoOptions): Promise<void> {
  const scale = o.real ? 1 : 0.1;
  const pool = new ThreadPoolExecutor({ maxWorkers: 3 });
  const { results, wall } = await run(function* () {
    const loop = getRunningLoop();
    // Starting a thread takes a while; warm all three first, so that only the work is timed.
    yield* gather(...[1, 2, 3].map(() => loop.runInExecutor(pool, warmUp)));
    const t0 = performance.now();
    const results = yield* gather(...([['A', 1], ['B', 0.8], ['C', 0.5]] as const).map(([name, delay]) => loop.runInExecutor<{ lines: string[]; seconds: number }>(pool, countDown, name, delay * scale)));
    return { results, wall: (performance.now() - t0) / 1000 };
  }, runOptions(o));
  await pool.shutdown();
  for (const r of results) console.log(r.lines.join(', '));
  // Each job timed itself. One after another they would take the sum; side by side, the longest.
  const sum = results.reduce((s, r) => s + r.seconds, 0);
  const longest = Math.max(...results.map((r) => r.seconds));
  const verdict = wall < (sum + longest) / 2 ? 'nearer the longest job than the sum: they ran side by side' : 'nearer the sum than the longest job: they ran one after another';
  console.log(`three count_downs on three threads took ${wall.toFixed(2)} s; the longest took ${longest.toFixed(2)} s, all three ${sum.toFixed(2)} s: ${verdict}`);
}
