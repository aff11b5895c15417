// demos/work.mjs: blocking work for the executor demo. It runs in worker threads; sleeping
// blocks the thread (Atomics.wait), as time.sleep does in the tutorial.
const block = (s) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, s * 1000);

export function countDown(name, delay) {
  const lines = [];
  for (let n = 3; n > 0; n--) {
    block(delay);
    lines.push(`${name} = ${n}`);
  }
  return lines;
}
