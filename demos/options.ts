// options.ts: what the demo runner passes to every demo.
import type { EventLoopOptions } from '../lib/index.js';

export interface DemoOptions {
  /** Run on the real clock (the countdown really takes 3 s) instead of virtual time. */
  real: boolean;
  /** Use CPython's timer order (`timers: 'cpython'`), so output matches CPython byte for byte. */
  cpython: boolean;
}

/** Loop options for a demo's run. */
export function loopOptions(o: DemoOptions): EventLoopOptions {
  return { clock: o.real ? 'real' : 'virtual', timers: o.cpython ? 'cpython' : 'fifo' };
}
