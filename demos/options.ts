// options.ts: what the demo runner passes to every demo, and the loop every demo runs on.
// A host (the tutorial site) can make the loop itself and drive it, instead of the runner.
// No node: imports here: the tutorial site runs the demos in the browser.
import { EventLoop, type EventLoopOptions, renderTimeline, Tracer } from '../lib/index.js';

export interface DemoOptions {
  /** Run on the real clock (the countdown really takes 3 s) instead of virtual time. */
  real: boolean;
  /** Use CPython's timer order (`timers: 'cpython'`), so output matches CPython byte for byte. */
  cpython: boolean;
  /** Record the run and print an ASCII timeline after it. */
  trace: boolean;
  /** For the server demo: answer one request from a built-in client, then exit. */
  once: boolean;
  /** Record the run into this Tracer (`--html`, the tutorial site). */
  tracer?: Tracer;
  /** A host that makes the loop and drives it (the tutorial site steps it from requestAnimationFrame). */
  host?: DemoHost;
  /** Demos that run many loops (explore) hand the runs worth drawing here (`--html`). */
  traces?: { title: string; trace: Tracer }[];
}

/** Makes a demo's loop and runs it, in place of runUntilCompleteAsync (see tutorial/host.ts). */
export interface DemoHost {
  loop(options: EventLoopOptions): EventLoop;
  /** Runs main on `loop` to the end, as `loop.runUntilCompleteAsync(main)` would, and resolves with its result. */
  run<T>(loop: EventLoop, main: Generator<unknown, T, any> | (() => Generator<unknown, T, any>)): Promise<T>;
}

/** The tracer a demo records into, if any: the given one, or a new one for --trace. */
function tracerOf(o: DemoOptions): Tracer | undefined {
  return o.tracer ?? (o.trace ? new Tracer() : undefined);
}

/** Options for run() in the demos that need the real clock (executor, server). */
export function runOptions(o: DemoOptions): EventLoopOptions {
  const trace = tracerOf(o);
  return trace ? { trace } : {};
}

/** The loop a demo runs on, as the flags ask. */
export function demoLoop(o: DemoOptions): EventLoop {
  const trace = tracerOf(o);
  const options: EventLoopOptions = { timers: o.cpython ? 'cpython' : 'fifo', ...(trace ? { trace } : {}) };
  if (o.host) return o.host.loop(options);
  return new EventLoop({ clock: o.real ? 'real' : 'virtual', ...options });
}

/** Runs main on a demo loop, prints the timeline if asked, closes the loop. */
export async function runDemo<T>(o: DemoOptions, main: Generator<unknown, T, any> | (() => Generator<unknown, T, any>), loop: EventLoop = demoLoop(o)): Promise<T> {
  const result = o.host ? await o.host.run(loop, main) : await loop.runUntilCompleteAsync(main);
  const tracer = loop.getTracer();
  if (o.trace && tracer !== null) console.log(`\n${renderTimeline(tracer, { kinds: ['effect', 'block', 'wake', 'done'] })}`);
  loop.close();
  return result;
}
