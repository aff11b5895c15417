// scripts/tutorial-record.ts: `npm run tutorial:record` runs the two demos that need Node
// (executor: worker threads; server: sockets) for real, as `npm run demo -- executor` and
// `npm run demo -- server --once` do, and records them for the tutorial site, which replays them
// as recordings: tutorial/recordings/NAME.json holds the trace events, the task names, where
// each loop iteration ended, the transcript, and the demo line behind each event (the demo is
// instrumented as the site's build does it, tutorial/instrument.ts). Rerun after changing them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EventLoop, Task } from '../lib/index.js';
import type { DemoOptions } from '../demos/options.js';
import { instrument } from '../tutorial/instrument.js';
import type { Recording } from '../tutorial/runner.js';
import { SourceTracer } from '../tutorial/source-tracer.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A SourceTracer that also notes where each loop iteration ended (it wraps the loop's _iterate, internal). */
class RecordingTracer extends SourceTracer {
  readonly iterations: number[] = [];
  #hooked = false;
  override _create(time: number, task: Task, parent: Task | null): void {
    super._create(time, task, parent);
    if (this.#hooked) return;
    this.#hooked = true;
    const loop = (task as unknown as { _loop: EventLoop })._loop;
    const iterate = loop._iterate.bind(loop);
    loop._iterate = () => {
      const r = iterate();
      // Iterations that ran nothing (a real-clock loop waiting for its host) are not kept.
      if (this.events.length !== (this.iterations.at(-1) ?? 0)) this.iterations.push(this.events.length);
      return r;
    };
  }
}

async function record(name: 'executor' | 'server', command: string): Promise<Recording> {
  // The instrumented copy sits beside the demo, so its relative imports and URLs resolve the same.
  const copy = join(ROOT, 'demos', `.${name}.recording.ts`);
  writeFileSync(copy, instrument(readFileSync(join(ROOT, 'demos', `${name}.ts`), 'utf8'), name));
  const tracer = new RecordingTracer(name);
  const transcript: { at: number; line: string }[] = [];
  const log = console.log;
  try {
    const demo = (await import(pathToFileURL(copy).href)) as { default: (o: DemoOptions) => Promise<void> };
    console.log = (...args: unknown[]) => {
      transcript.push({ at: tracer.events.length, line: args.map(String).join(' ') });
      log(...args);
    };
    await demo.default({ real: false, cpython: false, trace: false, once: true, tracer });
  } finally {
    console.log = log;
    rmSync(copy, { force: true });
  }
  if (tracer.iterations.at(-1) !== tracer.events.length) tracer.iterations.push(tracer.events.length);
  return {
    demo: name,
    command,
    recordedAt: new Date().toISOString(),
    node: process.version,
    events: tracer.events,
    names: [...tracer.names],
    iterations: tracer.iterations,
    transcript,
    lines: tracer.events.map((_, i) => tracer.lineOf(i) ?? null),
  };
}

for (const [name, command] of [
  ['executor', 'npm run demo -- executor'],
  ['server', 'npm run demo -- server --once'],
] as const) {
  const rec = await record(name, command);
  const file = join(ROOT, 'tutorial', 'recordings', `${name}.json`);
  writeFileSync(file, `${JSON.stringify(rec, null, 1)}\n`);
  console.log(`recorded ${name}: ${rec.events.length} events, ${rec.names.length} tasks, ${rec.iterations.length} iterations, ${rec.transcript.length} lines -> tutorial/recordings/${name}.json`);
}
