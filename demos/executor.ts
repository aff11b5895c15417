// demos/executor.ts: blocking work on a pool of worker threads, after the run_in_executor
// tutorial. Three count_downs that block their thread (1 s, 0.8 s, 0.5 s per step) run on a
// pool of three and finish in about the longest one's time, not the sum. The work is named by
// module and export (demos/work.mjs), since functions cannot cross threads.
// Worker threads run on real time: by default the delays are scaled by 0.1; --real uses them as they are.
import { gather, getRunningLoop, run } from '../lib/index.js';
import { ThreadPoolExecutor, workerFunction } from '../lib/node/index.js';
import type { DemoOptions } from './options.js';

export default async function demo(o: DemoOptions): Promise<void> {
  const scale = o.real ? 1 : 0.1;
  const pool = new ThreadPoolExecutor({ maxWorkers: 3 });
  const countDown = workerFunction(new URL('./work.mjs', import.meta.url), 'countDown');
  const t0 = Date.now();
  const results = await run(function* () {
    const loop = getRunningLoop();
    return yield* gather(...([['A', 1], ['B', 0.8], ['C', 0.5]] as const).map(([name, delay]) => loop.runInExecutor<string[]>(pool, countDown, name, delay * scale)));
  });
  await pool.shutdown();
  for (const lines of results) console.log(lines.join(', '));
  const secs = (Date.now() - t0) / 1000;
  console.log(`three count_downs on three threads: ${secs < 6.9 * scale * 0.8 ? 'about the longest one' : 'slower than expected'} (${(3 * scale).toFixed(1)} s), not the sum (${(6.9 * scale).toFixed(2)} s)`);
}
