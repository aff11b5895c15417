// tutorial/host.ts: how the tutorial page embeds yieldfrom. The loop runs on the stepped clock:
// the page calls step() (one loop iteration, runOnce) from its buttons or from its
// requestAnimationFrame loop, and moves time itself (advance), to the next timer or frame when
// nothing is ready. Landing exactly on each deadline keeps the run identical to the virtual
// clock's, so a demo stepped in the page prints what `npm run demo -- NAME` prints.
// It also handles the page's own effect, nextFrame (tutorial/frames.ts): frames come at 60 Hz
// of loop time. No DOM here: specs drive it in Node too.

import { DeadlockError, EventLoop, type EventLoopOptions, type Future, type Policy, type Task, type Tracer } from '../lib/index.js';
import type { DemoHost } from '../demos/options.js';
// Internal to yieldfrom: how the kernel describes a blocked task (for the same deadlock message).

/** Frames per second of loop time that nextFrame waits for. */
export const FRAME_RATE = 60;

export interface HostOptions {
  /** Records the run (the page's SourceTracer). */
  tracer: Tracer;
  /** A schedule policy (the explore page replays a token). */
  schedule?: Policy;
  /** More task steps than this is a livelock (with a schedule). */
  maxSteps?: number;
}

type Main<T> = Generator<unknown, T, any> | (() => Generator<unknown, T, any>);

/** A DemoHost whose loop the page steps. One run per host: Reset makes a new one. */
export class SteppedHost implements DemoHost {
  /** Loop iterations run so far. */
  iterations = 0;
  /** The loop, once the demo made it. */
  current: EventLoop | null = null;
  /** Set when main has finished (or the run failed): step() does nothing more. */
  finished = false;
  /** Why the run failed, if it did. */
  error: unknown = undefined;
  #main: Task<unknown> | null = null;
  #stopAfterThis = false;
  #settle: ((ok: boolean, v: unknown) => void) | null = null;
  #frames: Future<number>[] = [];
  #frame = 0;

  constructor(readonly options: HostOptions) {}

  loop(options: EventLoopOptions): EventLoop {
    const loop = new EventLoop({
      ...options,
      clock: 'stepped',
      trace: this.options.tracer,
      ...(this.options.schedule ? { schedule: this.options.schedule } : {}),
      ...(this.options.maxSteps ? { maxSteps: this.options.maxSteps } : {}),
    });
    // The host's own effect: wait for the next frame (tutorial/frames.ts yields it).
    loop.addEffectHandler('nextFrame', (_effect, task, l) => {
      const f = l.createFuture<number>();
      this.#frames.push(f);
      return l.waitOn(task, f);
    });
    this.current = loop;
    return loop;
  }

  run<T>(loop: EventLoop, main: Main<T>): Promise<T> {
    if (loop !== this.current) throw new Error('SteppedHost.run(): the loop was not made by this host');
    const task = loop.createTask(main);
    this.#main = task as Task<unknown>;
    // As runUntilComplete: main's done callback ends the run after the iteration it runs in.
    task.addDoneCallback(() => {
      this.#stopAfterThis = true;
    });
    return new Promise<T>((resolve, reject) => {
      this.#settle = (ok, v) => (ok ? resolve(v as T) : reject(v));
    });
  }

  /** Loop time now. */
  time(): number {
    return this.current?.time() ?? 0;
  }

  /** True while a run is loaded and not finished. */
  get running(): boolean {
    return this.#main !== null && !this.finished;
  }

  /**
   * When the next iteration would run: now if something is ready or due, else the next timer's
   * deadline or the next frame (if a task waits for one); null if nothing will ever run.
   */
  nextTime(): number | null {
    const loop = this.current;
    if (loop === null || !this.running) return null;
    if (this.#readyNow()) return loop.time();
    // Why run an iteration with nothing due: it drops cancelled timers from the heap's head, as
    // the virtual clock's iteration does before it jumps, so we never stop at a dead deadline.
    // It runs nothing and is not counted.
    loop.runOnce();
    const d = loop.nextDeadline();
    const f = this.#frames.length ? this.#nextFrameTime() : null;
    if (d === null) return f;
    return f === null ? d : Math.min(d, f);
  }

  /**
   * Runs one loop iteration (runOnce). If nothing is ready, first moves the clock to the next
   * deadline or frame, as the virtual clock would jump. Returns false when there is nothing left.
   */
  step(): boolean {
    const loop = this.current;
    if (loop === null || !this.running) return false;
    if (!this.#readyNow()) {
      const next = this.nextTime();
      if (next === null) {
        this.#fail(this.#deadlock());
        return false;
      }
      this.advanceTo(next);
      this.#deliverFrames();
    }
    try {
      loop.runOnce();
    } catch (e) {
      this.#fail(e);
      return false;
    }
    this.iterations++;
    if (this.#stopAfterThis) this.#finish();
    return true;
  }

  /** Steps until the run ends (or `limit` iterations, against a program that never ends). */
  runToEnd(limit = 1_000_000): void {
    for (let i = 0; i < limit && this.step(); i++);
  }

  /**
   * Moves the stepped clock to `when`, exactly. advance(when - now) can land a rounding error
   * short of (or past) the deadline (0.03 + (0.3 - 0.03) is 0.30000000000000004), while the
   * virtual clock sets the time to the deadline itself, and the two runs must stay identical.
   */
  advanceTo(when: number): void {
    const loop = this.current!;
    if (when > loop.time()) loop.advanceTo(when);
  }

  #readyNow(): boolean {
    const loop = this.current!;
    if (loop.readyCount() !== 0) return true;
    const d = loop.nextDeadline();
    return d !== null && d <= loop.time();
  }

  #nextFrameTime(): number {
    return (Math.floor(this.current!.time() * FRAME_RATE + 1e-9) + 1) / FRAME_RATE;
  }

  #deliverFrames(): void {
    if (this.#frames.length === 0) return;
    const loop = this.current!;
    const frameAt = Math.round(loop.time() * FRAME_RATE);
    if (Math.abs(frameAt / FRAME_RATE - loop.time()) > 1e-9 || frameAt === this.#frame) return;
    this.#frame = frameAt;
    for (const f of this.#frames.splice(0)) if (!f.done()) f.setResult(loop.time());
  }

  /** What runUntilComplete raises when nothing can ever run again, in the kernel's words. */
  #deadlock(): DeadlockError {
    return this.current!.deadlockError(this.#main);
  }

  #finish(): void {
    this.finished = true;
    const task = this.#main!;
    const settle = this.#settle!;
    if (task.cancelled()) settle(false, new Error('main was cancelled'));
    else if (task.exception() !== null) {
      this.error = task.exception();
      settle(false, task.exception());
    } else settle(true, task.result());
  }

  #fail(e: unknown): void {
    this.finished = true;
    this.error = e;
    this.#settle?.(false, e);
  }
}
