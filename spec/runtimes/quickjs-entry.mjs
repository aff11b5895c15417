// spec/runtimes/quickjs-entry.mjs: the embedding story. Bundled into one script and evaluated
// inside QuickJS (quickjs-emscripten); the host, outside the VM, steps the loop with runOnce()
// and advance() through the small __smoke API this defines. No timers, no I/O inside the VM.
import * as y from '../../dist/index.js';
import { makeBread } from './bread.mjs';

const lines = [];
const loop = new y.EventLoop({ clock: 'stepped', timers: 'cpython' });
const task = loop.createTask(makeBread(y, (line) => lines.push(line))());

globalThis.__smoke = {
  /** Runs what is ready; returns -1 when done, else the seconds until the next timer. */
  step() {
    loop.runUntilIdle();
    if (task.done()) {
      task.result(); // rethrows a failure
      return -1;
    }
    const next = loop.nextDeadline();
    return next === null ? -2 : next - loop.time();
  },
  advance(seconds) {
    loop.advance(seconds);
  },
  output() {
    return lines.join('\n');
  },
};
