// spec/runtimes/smoke.mjs: runs the bread demo on the built core in whatever runtime runs this
// file (node, deno run, bun): virtual time, CPython's timer order.
import * as y from '../../dist/index.js';
import { makeBread } from './bread.mjs';

y.runSync(makeBread(y, (line) => console.log(line)), { timers: 'cpython' });
