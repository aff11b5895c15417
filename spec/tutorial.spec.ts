// The tutorial site (tutorial/, built by scripts/tutorial.ts). First in Node: the page's stepped
// host replays every demo exactly as the virtual clock runs it, iteration by iteration. Then the
// built site in headless Chromium (Debian's chromium, driven by playwright-core as in
// spec/runtimes.spec.ts), opened from file:// with every other request refused: on every demo
// page Run prints what `npm run demo -- NAME` prints, Step runs exactly one loop iteration, and
// the SVG has one lane per task; the explore page finds, shrinks and replays; the recordings
// replay; nothing logs an error; and everything works from the keyboard alone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLoop, explore, getRunningLoop, replay, runSchedule, sleep, spawn, Tracer } from '../lib/index.js';
import type { DemoHost } from '../demos/options.js';
import { zoo } from '../demos/zoo.js';
import { BUDGET_BYTES, buildSite, weigh } from '../scripts/tutorial.js';
import { main as framesMain } from '../tutorial/frames.js';
import { SteppedHost } from '../tutorial/host.js';
import { type DemoMain, live, pages } from '../tutorial/pages.js';
import type { Recording } from '../tutorial/runner.js';
import { ROOT } from './helpers.js';

type Mark = { events: number; lines: number };
const LIVE = Object.keys(live);

/** Captures console.log while `fn` runs. */
async function capture(fn: (out: string[]) => Promise<unknown> | unknown): Promise<string[]> {
  const out: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void out.push(args.map(String).join(' '));
  try {
    await fn(out);
  } finally {
    console.log = log;
  }
  return out;
}

/** A virtual-clock loop that notes, after each iteration, how many events and lines there were. */
function markedLoop(out: string[], marks: Mark[], options: ConstructorParameters<typeof EventLoop>[0]): { loop: EventLoop; trace: Tracer } {
  const trace = new Tracer();
  const loop = new EventLoop({ ...options, clock: 'virtual', trace });
  const iterate = loop._iterate.bind(loop);
  loop._iterate = () => {
    const r = iterate();
    marks.push({ events: trace.events.length, lines: out.length });
    return r;
  };
  return { loop, trace };
}

/** The demo as the kernel runs it on the virtual clock (runUntilComplete), for comparison. */
async function reference(demo: DemoMain): Promise<{ transcript: string[]; marks: Mark[]; trace: Tracer }> {
  const marks: Mark[] = [];
  let trace!: Tracer;
  const transcript = await capture((out) => {
    const host: DemoHost = {
      loop(o) {
        const m = markedLoop(out, marks, o);
        trace = m.trace;
        return m.loop;
      },
      run: async (loop, main) => loop.runUntilComplete(main),
    };
    return demo({ real: false, cpython: false, trace: false, once: true, host });
  });
  return { transcript, marks, trace };
}

/** What `npm run demo -- NAME...` prints, per demo (one process, split at the headings). */
function cli(names: string[]): Record<string, string[]> {
  const text = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'demos', 'run.ts'), ...names], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const out: Record<string, string[]> = {};
  let cur: string[] | null = null;
  for (const line of text.split('\n')) {
    const m = /^=== ([\w-]+): /.exec(line);
    if (m) out[m[1]!] = cur = [];
    else cur?.push(line);
  }
  for (const v of Object.values(out)) {
    while (v[0] === '') v.shift();
    while (v.at(-1) === '') v.pop();
  }
  return out;
}

const refs = new Map<string, Awaited<ReturnType<typeof reference>>>();
let printed: Record<string, string[]> = {};
beforeAll(async () => {
  for (const name of LIVE) refs.set(name, await reference(live[name]!));
  printed = cli([...LIVE, 'explore']);
}, 60_000);

describe('the tutorial host, in Node', () => {
  it.each(LIVE)('%s: stepped from the page host, it runs as on the virtual clock, iteration by iteration, and prints what npm run demo prints', async (name) => {
    const ref = refs.get(name)!;
    const tracer = new Tracer();
    const host = new SteppedHost({ tracer });
    const marks: Mark[] = [];
    const transcript = await capture(async (out) => {
      const done = live[name]!({ real: false, cpython: false, trace: false, once: true, host });
      while (host.step()) marks.push({ events: tracer.events.length, lines: out.length });
      await done;
    });
    expect(transcript).toEqual(printed[name]);
    expect(ref.transcript).toEqual(printed[name]);
    expect(marks).toEqual(ref.marks);
    expect(tracer.events).toEqual(ref.trace.events);
  });

  it('lands the stepped clock exactly on each deadline, as the virtual clock does (0.03 + (0.3 - 0.03) is 0.30000000000000004)', async () => {
    const program = function* () {
      const seen: number[] = [];
      const t = yield* spawn(function* () {
        yield* sleep(0.3);
        seen.push(getRunningLoop().time());
      });
      yield* sleep(0.03);
      seen.push(getRunningLoop().time());
      yield* t;
      return seen;
    };
    const host = new SteppedHost({ tracer: new Tracer() });
    const stepped = host.run(host.loop({}), program);
    host.runToEnd();
    expect(await stepped).toEqual([0.03, 0.3]);
    expect(new EventLoop().runUntilComplete(program)).toEqual([0.03, 0.3]);
  });

  it('frames: nextFrame is handled by the host, 60 frames per second of loop time, and timers mix with frames', async () => {
    const tracer = new Tracer();
    const host = new SteppedHost({ tracer });
    const drawn: [string, number][] = [];
    const transcript = await capture(async () => {
      const done = host.run(host.loop({}), framesMain((ball, x) => drawn.push([ball, x])));
      host.runToEnd();
      await done;
    });
    expect(transcript.slice(0, 4)).toEqual(['0.017 red starts', '0.017 green starts', '0.017 blue starts', '0.350 blue rests 0.5 s halfway']);
    expect(transcript.at(-1)).toMatch(/^\d\.\d{3} all three arrived$/);
    const red = drawn.filter(([b]) => b === 'red');
    expect(red.length).toBeGreaterThanOrEqual(60); // speed 1: about one second of frames (x adds up in floating point)
    expect(red.length).toBeLessThanOrEqual(61);
    expect(red.at(-1)).toEqual(['red', 1]);
    expect(new Set(tracer.names.values())).toEqual(new Set(['Task-1', 'red', 'green', 'blue']));
  });
});

// ---- In the browser ----

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
if (!chromium) console.warn('spec/tutorial.spec.ts: no chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does): the browser checks are skipped');

describe.runIf(chromium !== null)(`the tutorial site in headless Chromium${chromium ? '' : ' (skipped: chromium not found)'}`, () => {
  let site: string;
  let browser: import('playwright-core').Browser;
  const problems: string[] = [];
  const url = (page: string): string => pathToFileURL(join(site, `${page}.html`)).href;

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), 'yf-site-'));
    await buildSite(site, true);
    const { chromium: pw } = await import('playwright-core');
    browser = await pw.launch({
      executablePath: chromium!,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  /** A page opened from file://; anything else it asks for is refused and reported, and so is every console error. */
  async function open(name: string): Promise<import('playwright-core').Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${name}: console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file:')) return route.continue();
      problems.push(`${name}: requested ${u}`);
      return route.abort();
    });
    await page.goto(url(name));
    return page;
  }
    /** The transcript pane's lines (a demo's last line may end with a newline: no trailing empty lines). */
  const transcriptOf = async (page: import('playwright-core').Page): Promise<string[]> => ((await page.textContent('#transcript')) ?? '').replace(/\n+$/, '').split('\n');
  const state = async (page: import('playwright-core').Page) => ({
    iterations: Number(await page.getAttribute('#status', 'data-iterations')),
    events: Number(await page.getAttribute('#timeline', 'data-events')),
    lines: Number(await page.getAttribute('#transcript', 'data-lines')),
    lanes: await page.locator('#timeline svg .lane').count(),
  });

  it('is within its weight budget: 150 KB min+gz without the demo sources', () => {
    const w = weigh(site);
    expect(w.files.some((f) => f.file === 'app.js')).toBe(true);
    expect(w.total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('has the contents page, and one page per demo in tutorial order, then the embedding page', async () => {
    const page = await open('index');
    const links = await page.$$eval('ol.contents a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([...pages.map((p) => `${p.name}.html`)]);
    expect(links.slice(0, 15)).toEqual(['sendpc', 'hello', 'countdown-sync', 'countdown', 'bread', 'phases', 'lock', 'event', 'condition', 'semaphore', 'barrier', 'timeouts', 'executor', 'server', 'explore'].map((n) => `${n}.html`));
    await page.close();
  });

  it.each(LIVE)('%s: Step runs one iteration, Run prints what npm run demo prints, one lane per task, a click shows the line', async (name) => {
    const ref = refs.get(name)!;
    const page = await open(name);
    const start = await state(page);
    expect(start.iterations).toBe(0);
    for (let k = 1; k <= 3; k++) {
      await page.click('#step');
      const s = await state(page);
      expect({ k, iterations: s.iterations, events: s.events, lines: s.lines }).toEqual({ k, iterations: k, events: ref.marks[k - 1]!.events, lines: ref.marks[k - 1]!.lines });
    }
    await page.click('#run');
    expect(await transcriptOf(page)).toEqual(printed[name]);
    const end = await state(page);
    expect(end.iterations).toBe(ref.marks.length);
    expect(end.events).toBe(ref.trace.events.length);
    expect(end.lanes).toBe(ref.trace.names.size);
    expect(await page.getAttribute('#status', 'data-state')).toBe('finished');
    // Hover a step: its event shows; click it: the line that yielded is highlighted in the TypeScript.
    // (at its left edge: a wake-up arrow may cross its middle)
    const box = page.locator('#timeline .seg.step').first();
    await box.hover({ position: { x: 2, y: 4 } });
    expect(await page.textContent('#info')).toMatch(/ runs at /);
    await box.click({ position: { x: 2, y: 4 } });
    expect(await page.locator('#timeline .seg.sel').count()).toBe(1);
    if (name !== 'countdown-sync') {
      // (countdown-sync's only task yields inside countdown.ts; its info names that file and line)
      expect(await page.locator('pre.ts .line.hl').textContent()).toMatch(/\byield\b/);
    } else expect(await page.textContent('#info')).toMatch(/countdown\.ts line \d+ \(called from line \d+\)/);
    // Reset starts over.
    await page.click('#reset');
    expect((await state(page)).iterations).toBe(0);
    await page.close();
  });

  it('explore: Run the whole demo prints what npm run demo -- explore prints; Find, Shrink and Replay work in the page; Step walks the replay', async () => {
    const page = await open('explore');
    await page.click('#zoo');
    await page.waitForFunction(() => (document.getElementById('transcript')?.textContent ?? '').includes('join-misuse'));
    expect(await transcriptOf(page)).toEqual(printed.explore);

    for (const [k, z] of zoo.entries()) {
      const r = explore(z.buggy, { runs: 1000, seed: 1, check: z.check, ...z.options });
      await page.selectOption('#bug', String(k));
      await page.click('#find');
      expect(await page.textContent('#explore-status')).toBe(r.failure!.report.split('\n')[0]);
      expect(Number(await page.getAttribute('#found', 'data-marks'))).toBe(r.failure!.found);
      expect(await page.locator('#found svg .lane').count()).toBe(runSchedule(z.buggy, r.failure!.foundToken, { check: z.check, ...z.options }).trace!.names.size);
      await page.click('#shrink');
      expect(await page.inputValue('#token')).toBe(r.failure!.token);
      expect(Number(await page.getAttribute('#shrunk', 'data-marks'))).toBe(z.minimalDeviations);
      expect(await page.locator('#shrunk svg .mark').count()).toBe(z.minimalDeviations);
    }

    // A pasted token replays in the stepper: the same run as runSchedule's, one iteration per Step.
    const z = zoo[0]!;
    const token = explore(z.buggy, { runs: 1000, seed: 1, check: z.check }).failure!.token;
    await page.selectOption('#bug', '0');
    await page.fill('#token', token);
    await page.click('#replay');
    const again = runSchedule(z.buggy, token, { check: z.check });
    expect(again.ok).toBe(false);
    expect(await page.textContent('#explore-status')).toBe(`replaying ${token} on ${z.name}: fails: CheckFailed: check failed for result 1`);
    const s = await state(page);
    expect(s.events).toBe(again.trace!.events.length);
    expect(s.lanes).toBe(again.trace!.names.size);
    expect(await page.locator('#timeline svg .mark').count()).toBe(1);
    const marks: Mark[] = [];
    const { loop } = markedLoop([], marks, { schedule: replay(token) });
    expect(() => loop.runUntilComplete(z.buggy(loop))).not.toThrow();
    await page.click('#reset');
    for (let k = 1; k <= 3; k++) {
      await page.click('#step');
      expect((await state(page)).events).toBe(marks[k - 1]!.events);
    }
    // A deadlock in the stepper is told in the kernel's words, and renamed tasks show their names.
    const lockOrder = zoo.findIndex((e) => e.name === 'lock-order');
    const deadlockToken = explore(zoo[lockOrder]!.buggy).failure!.token;
    const stuck = runSchedule(zoo[lockOrder]!.buggy, deadlockToken);
    await page.selectOption('#bug', String(lockOrder));
    await page.fill('#token', deadlockToken);
    await page.click('#replay');
    expect(await page.textContent('#explore-status')).toBe(`replaying ${deadlockToken} on lock-order: fails: DeadlockError: ${(stuck.error as Error).message}`);
    expect(await page.$$eval('#timeline svg .lane .name', (ts) => ts.map((t) => t.textContent))).toEqual(['Task-1', 't1', 't2']);
    await page.fill('#token', 'nonsense');
    await page.click('#replay');
    expect(await page.textContent('#explore-status')).toContain("replay(): expected a replay token like 'yf2:k3x9q1:3.t5'");
    await page.close();
  });

  it.each(['executor', 'server'])('%s: a recording of a real run, labelled as one, replayed on the timeline', async (name) => {
    const rec = JSON.parse(readFileSync(join(ROOT, 'tutorial', 'recordings', `${name}.json`), 'utf8')) as Recording;
    expect(rec.events.length).toBeGreaterThan(0);
    const page = await open(name);
    expect(await page.textContent('.recording')).toContain('A recording.');
    expect(await page.textContent('.recording')).toContain(rec.command);
    await page.click('#step');
    expect(await state(page)).toMatchObject({ iterations: 1, events: rec.iterations[0] });
    await page.click('#run');
    expect(await transcriptOf(page)).toEqual(rec.transcript.map((l) => l.line));
    expect(await state(page)).toMatchObject({ iterations: rec.iterations.length, events: rec.events.length, lanes: rec.names.length });
    await page.close();
  });

  it('frames: the host resolves nextFrame; Run and Play (on requestAnimationFrame) give the same transcript', async () => {
    const page = await open('frames');
    await page.click('#run');
    const ran = (await page.textContent('#transcript')) ?? '';
    expect(ran).toMatch(/all three arrived$/);
    expect(await page.getAttribute('#track [data-ball="red"]', 'cx')).toBe('420');
    await page.selectOption('#speed', '20');
    await page.click('#play'); // finished: Play starts over
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'finished', undefined, { timeout: 20_000 });
    expect(await page.textContent('#transcript')).toBe(ran);
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
    await page.close();
  });

  it('works from the keyboard alone: Tab reaches every control, Space and Enter press them, arrows walk the timeline', async () => {
    const page = await open('bread');
    const wanted = await page.$$eval('a[href], button, select, input, [tabindex="0"]', (els) => els.map((e) => e.id || e.getAttribute('href')));
    const reached = new Set<string>();
    for (let i = 0; i < wanted.length + 3; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('href') || ''));
    }
    expect(wanted).toEqual(expect.arrayContaining(['prev', 'goto', 'next', 'run', 'step', 'play', 'reset', 'speed', 'timeline']));
    expect([...reached]).toEqual(expect.arrayContaining(wanted));
    const focus = async (id: string): Promise<void> => {
      for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.id)) !== id; i++) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
    };
    // The page list: a value changed from the keyboard (arrow keys, on some platforms) does not
    // leave the page (selectOption changes it with no pointer, as they do); Enter goes.
    await focus('goto');
    await page.selectOption('#goto', 'phases');
    await page.waitForTimeout(100);
    expect(page.url()).toBe(url('bread'));
    await page.keyboard.press('Enter');
    await page.waitForURL(url('phases'));
    await page.goBack();
    await page.waitForSelector('#step');
    await focus('step');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    expect((await state(page)).iterations).toBe(2);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter'); // Run
    expect(await transcriptOf(page)).toEqual(printed.bread);
    await focus('timeline');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#timeline .seg.sel').count()).toBeGreaterThan(0);
    expect(await page.textContent('#info')).toMatch(/Task-\d/);
    await page.close();

    const ex = await open('explore');
    const exWanted = await ex.$$eval('button, select, input', (els) => els.map((e) => e.id));
    const exReached = new Set<string>();
    for (let i = 0; i < exWanted.length + 8; i++) {
      await ex.keyboard.press('Tab');
      exReached.add(await ex.evaluate(() => document.activeElement?.id ?? ''));
      if ((await ex.evaluate(() => document.activeElement?.id)) === 'find') {
        await ex.keyboard.press('Enter');
        expect(await ex.locator('#found svg').count()).toBe(1);
      }
    }
    expect([...exReached]).toEqual(expect.arrayContaining(['bug', 'find', 'shrink', 'token', 'replay', 'zoo', ...exWanted]));
    await ex.close();
  });

  it('logged no console error, threw nothing, and fetched nothing but its own files', () => {
    expect(problems).toEqual([]);
  });
});
