// options.ts: what the demo runner passes to every demo, and the loop every demo runs on.
import { EventLoop, renderTimeline, Tracer } from '../lib/index.js';

export interface DemoOptions {
  /** Run on the real clock (the countdown really takes 3 s) instead of virtual time. */
  real: boolean;
  /** Use CPython's timer order (`timers: 'cpython'`), so output matches CPython byte for byte. */
  cpython: boolean;
  /** Record the run and print an ASCII timeline after it. */
  trace: boolean;
  /** For the server demo: answer one request from a built-in client, then exit. */
  once: boolean;
}

/** The loop a demo runs on, as the flags ask. */
export function demoLoop(o: DemoOptions): EventLoop {
  return new EventLoop({ clock: o.real ? 'real' : 'virtual', timers: o.cpython ? 'cpython' : 'fifo', ...(o.trace ? { trace: new Tracer() } : {}) });
}

/** Runs main on a demo loop, prints the timeline if asked, closes the loop. */
export async function runDemo<T>(o: DemoOptions, main: Generator<unknown, T, any> | (() => Generator<unknown, T, any>), loop: EventLoop = demoLoop(o)): Promise<T> {
  const result = await loop.runUntilCompleteAsync(main);
  const tracer = loop.getTracer();
  if (tracer !== null) console.log(`\n${renderTimeline(tracer, { kinds: ['effect', 'block', 'wake', 'done'] })}`);
  loop.close();
  return result;
}
