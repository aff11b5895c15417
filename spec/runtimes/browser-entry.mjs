// spec/runtimes/browser-entry.mjs: bundled into one script and run in headless Chromium; runs
// the bread demo on the core in virtual time and leaves the transcript on window.__smoke.
import * as y from '../../dist/index.js';
import { makeBread } from './bread.mjs';

const lines = [];
try {
  y.runSync(makeBread(y, (line) => lines.push(line)), { timers: 'cpython' });
  globalThis.__smoke = { ok: true, output: lines.join('\n') };
} catch (e) {
  globalThis.__smoke = { ok: false, output: String(e && e.stack) };
}
