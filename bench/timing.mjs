// bench/timing.mjs: the one timing routine of both benchmark tables, on tinybench. A cell is a
// whole workload (100k tasks, 200k round trips), so tinybench runs it a fixed number of times
// instead of for a time budget, and keeps every sample: the cells turn each run's milliseconds
// into their own unit (ns/turn, items/s) before taking the median.
import { Bench } from 'tinybench';

/**
 * Runs `fn` (sync or async) `warmup` times untimed, then `runs` times timed.
 * Returns each timed run's milliseconds (sorted).
 */
export async function timeRuns(fn, { runs, warmup }) {
  const bench = new Bench({ iterations: runs, time: 0, warmupIterations: warmup, warmupTime: 0, warmup: warmup > 0, retainSamples: true, throws: true });
  // async: true, so tinybench does not call fn once more to find out whether it returns a promise.
  bench.add('cell', async () => {
    await fn();
  }, { async: true });
  await bench.run();
  const { result } = bench.tasks[0];
  if (result.state !== 'completed') throw result.error ?? new Error(`tinybench: the cell ended in state ${result.state}`);
  return [...result.latency.samples];
}
