// demos/work.mjs: blocking work for the executor demo. It runs in worker threads; sleeping
// blocks the thread (Atomics.wait), as time.sleep does in the tutorial.
const block = (s) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, s * 1000);

/** Counts down from 3, blocking `delay` seconds before each step; returns the lines and how long it took. */
export function countDown(name, delay) {
  const t0 = performance.now();
  const lines = [];
  for (let n = 3; n > 0; n--) {
    block(delay);
    lines.push(`${name} = ${n}`);
  }
  return { lines, seconds: (performance.now() - t0) / 1000 };
}

/** Holds a worker for a moment, so that warming the pool with one call per thread starts every thread. */
export function warmUp() {
  block(0.05);
}
