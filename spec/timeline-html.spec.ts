import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLoop, ensureFuture, Lock, sleep, Tracer, wait } from '../lib/index.js';
import { toHtml, toSvg } from '../lib/timeline-html.js';
import { ROOT } from './helpers.js';

/** The lock demo's shape: main holds a lock that a timer callback releases; two tasks queue for it. */
function lockRun(): Tracer {
  const trace = new Tracer();
  const loop = new EventLoop({ trace });
  loop.runUntilComplete(function* () {
    const lock = new Lock();
    yield* lock.acquire();
    loop.callLater(0.1, () => lock.release());
    const user = function* () {
      yield* lock.with(function* () {
        yield* sleep(0.05);
      });
    };
    yield* wait([ensureFuture(user()), ensureFuture(user())]);
  });
  loop.close();
  return trace;
}

const count = (s: string, re: RegExp): number => [...s.matchAll(re)].length;

describe('toSvg', () => {
  it('draws one lane per task, named, with its steps, labelled waits and wake-up arrows', () => {
    const trace = lockRun();
    const svg = toSvg(trace);
    expect(trace.names.size).toBe(3);
    expect(count(svg, /<g class="lane" data-task="\d+">/g)).toBe(3);
    for (const name of ['Task-1', 'Task-2', 'Task-3']) expect(svg).toContain(`>${name}</text>`);
    // Each step is a box; the tasks' waits carry what they wait on, as a label and as a title.
    expect(count(svg, /class="seg step"/g)).toBe(trace.events.filter((e) => e.kind === 'step').length);
    expect(svg).toMatch(/<g class="seg wait" data-i="\d+"><rect [^>]*\/><text [^>]*>Lock\.acq/);
    expect(svg).toContain('<title>Task-2 waits: Lock.acquire(), held by &quot;Task-1&quot; (0.0000 s to 0.1000 s)</title>');
    // Task-2 releases the lock and wakes Task-3: an arrow between their lanes; the timer's wake-up of Task-2 is the other kind.
    expect(svg).toContain('<title>Task-3 woken by Task-2 at 0.1500 s</title>');
    expect(svg).toContain('<title>Task-2 woken by a timer or callback at 0.1000 s</title>');
    // Time on the axis: a tick wherever loop time moved.
    expect(svg).toMatch(/<g class="tick">.*?>0\.000<\/text>/);
    expect(svg).toMatch(/>0\.150<\/text>/);
    // Every drawn piece names the trace event it stands for.
    const ids = [...svg.matchAll(/data-i="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids.every((i) => i >= 0 && i < trace.events.length)).toBe(true);
  });

  it('draws a prefix of the run with upTo (still-open pieces marked open), and marks across the lanes', () => {
    const trace = lockRun();
    const firstBlock = trace.events.findIndex((e) => e.kind === 'block');
    const svg = toSvg(trace, { upTo: firstBlock + 1, marks: [{ at: 2, label: 'picked Task-3 <first>' }] });
    expect(count(svg, /class="lane"/g)).toBe(3); // all three were created before main blocked
    expect(svg).toMatch(/class="seg wait open"/);
    expect(svg).not.toContain('at 0.1000 s'); // nothing after main blocked
    expect(count(svg, /class="seg ready/g)).toBe(3); // created, then woken to start: one ready line each
    expect(svg).toContain('<g class="mark" data-i="2">');
    expect(svg).toContain('<title>picked Task-3 &lt;first&gt;</title>');
    expect(toSvg(trace, { upTo: 0 })).toContain('aria-label="timeline of 0 tasks, 0 events"');
  });

  it('escapes names and effects, and shows a failure', () => {
    const trace = new Tracer();
    const loop = new EventLoop({ trace });
    loop.setExceptionHandler(() => {});
    const t = loop.createTask(function* () {
      yield* sleep(0.5);
      throw new Error('<b>bad</b> & worse');
    }, { name: '<script>x</script>' });
    expect(() => loop.runUntilComplete(t)).toThrow('<b>bad</b> & worse');
    loop.close();
    const svg = toSvg(trace);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt; failed: Error: &lt;b&gt;bad&lt;/b&gt; &amp; worse at 0.5000 s');
    expect(svg).toContain('class="seg done failed"');
  });
});

describe('toHtml', () => {
  it('is one self-contained page: the timeline, the events as a table, no script and nothing loaded from elsewhere', () => {
    const trace = lockRun();
    const html = toHtml(trace, { title: 'lock & key' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>lock &amp; key</title>');
    expect(html).toContain('<svg class="yf-timeline"');
    expect(html).toContain(`<summary>events (${trace.events.length})</summary>`);
    expect(html).not.toMatch(/<script|<link|\bsrc=|@import|url\(/i);
  });

  it('puts several runs in one page, each under its title; refuses what is not a trace', () => {
    const html = toHtml([
      { title: 'first', trace: lockRun() },
      { title: 'second', trace: lockRun(), marks: [{ at: 1, label: 'here' }] },
    ]);
    expect(count(html, /<svg /g)).toBe(2);
    expect(html).toContain('<h2>first</h2>');
    expect(count(html, /class="mark"/g)).toBe(1);
    expect(() => toHtml({ events: [] } as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHtml(): expected a Tracer (or { events, names }), or a list of { title, trace }]`);
    expect(() => toHtml([{ title: 'x', trace: null }] as never)).toThrow(TypeError);
  });
});

describe('npm run demo -- NAME --html FILE', () => {
  const demo = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'demos', 'run.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('writes the demo run as a timeline page and still prints the transcript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yf-html-'));
    try {
      const file = join(dir, 'lock.html');
      const r = demo('lock', '--html', file);
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe('acquiring the lock before starting coroutines');
      expect(r.stderr).toContain(`wrote ${file}: the timeline of lock (3 tasks, `);
      const html = readFileSync(file, 'utf8');
      expect(count(html, /<g class="lane"/g)).toBe(3);
      expect(html).toContain('yieldfrom demo: lock');
      // explore runs thousands of loops: its page has the zoo's failures, replayed, one each.
      const zoo = join(dir, 'zoo.html');
      execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'demos', 'run.ts'), 'explore', '--html', zoo], { cwd: ROOT, encoding: 'utf8' });
      expect(count(readFileSync(zoo, 'utf8'), /<svg /g)).toBe(13);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wants a file name and exactly one demo', () => {
    expect(demo('lock', '--html').stderr).toContain('--html needs a file name (--html out.html)');
    const two = demo('lock', 'bread', '--html', join(tmpdir(), 'never.html'));
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('--html draws one demo: name exactly one');
  });
});
