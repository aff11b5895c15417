// tutorial/app.ts: the tutorial site's one script. Each page (site/NAME.html) names itself in
// <body data-page>, and its sources (sources/NAME.js, built by scripts/tutorial.ts) set
// window.YF_PAGE. The page runs the real engine on a stepped clock (tutorial/host.ts): Step is
// one loop iteration, Run goes to the end, Play paces iterations on requestAnimationFrame. The
// transcript is what the demo printed (console.log is captured), the timeline is drawn from
// the Tracer with toSvg (lib/timeline-html.ts) after every change.
import './style.css';
import { decodeSchedule, explore, replay, runSchedule, shrinkSchedule } from '../lib/index.js';
import { TIMELINE_CSS, toSvg } from '../lib/timeline-html.js';
import zooDemo, { zoo } from '../demos/zoo.js';
import { main as framesMain } from './frames.js';
import { SteppedHost } from './host.js';
import { live, type PageInfo, pages } from './pages.js';
import { LiveRunner, playFrame, type Recording, RecordingRunner, type Runner } from './runner.js';
import { SourceTracer } from './source-tracer.js';

/** What sources/NAME.js provides. */
interface PageData {
  name: string;
  lede: string;
  ts: { file: string; lines: string[] };
  py: { file: string; lines: string[] } | null;
  rows: { ts: [number, number]; py: [number, number] }[];
}
declare global {
  interface Window {
    YF_PAGE?: PageData;
    YF_RECORDING?: Recording;
  }
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const h = (tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
};

// ---- Transcript: console.log goes to the page while a demo runs ----

let sink: ((line: string) => void) | null = null;
const original = console.log.bind(console);
console.log = (...args: unknown[]) => (sink ? sink(args.map(String).join(' ')) : original(...args));

// ---- The page ----

document.head.append(h('style', {}, TIMELINE_CSS));

const name = document.body.dataset.page ?? 'index';
const index = pages.findIndex((p) => p.name === name);
const info: PageInfo | undefined = pages[index];
const data = window.YF_PAGE;

function header(): HTMLElement {
  const select = h('select', { id: 'goto', 'aria-label': 'Go to a page' }, h('option', { value: 'index' }, 'Contents'), ...pages.map((p, i) => h('option', { value: p.name }, `${i + 1}. ${p.title}`)));
  (select as HTMLSelectElement).value = info ? info.name : 'index';
  // Why not on every change: arrow keys change a closed select's value, and a keyboard user
  // browsing the list must not be sent away; Enter (or a choice made with the pointer) goes.
  const go = (): void => {
    location.href = `${(select as HTMLSelectElement).value}.html`;
  };
  let pointer = false;
  select.addEventListener('pointerdown', () => (pointer = true));
  select.addEventListener('change', () => pointer && go());
  select.addEventListener('keydown', (e) => {
    pointer = false;
    if (e.key === 'Enter') go();
  });
  const prev = pages[index - 1];
  const next = pages[index + 1];
  return h(
    'header',
    { class: 'top' },
    h('a', { href: 'index.html', class: 'home' }, 'yieldfrom tutorial'),
    h(
      'nav',
      { 'aria-label': 'Pages' },
      prev ? h('a', { id: 'prev', href: `${prev.name}.html` }, `‹ ${prev.title}`) : '',
      select,
      next ? h('a', { id: 'next', href: `${next.name}.html` }, `${next.title} ›`) : '',
    ),
  );
}

function contents(): void {
  const list = h('ol', { class: 'contents' }, ...pages.map((p) => h('li', {}, h('a', { href: `${p.name}.html` }, p.title), ` — ${p.about}${p.kind === 'recording' ? ' (a recording: it needs Node)' : ''}`)));
  document.body.append(
    header(),
    h(
      'main',
      {},
      h('h1', {}, 'The yieldfrom tutorial'),
      h('p', { class: 'lede' }, 'Each page runs one demo on the real engine, in your browser: Step runs one loop iteration, Run goes to the end in virtual time, Play paces the iterations on the animation frames. The timeline draws what the Tracer records: one lane per task, its steps, what it waits on, and who wakes it. Beside the TypeScript is the same program in Python asyncio.'),
      list,
    ),
  );
}

// ---- Sources, side by side ----

function sources(): HTMLElement {
  const d = data!;
  const cell = (side: 'ts' | 'py', range: [number, number]): HTMLElement => {
    const src = d[side];
    const pre = h('pre', { class: `code ${side}` });
    if (src) {
      for (let i = range[0]; i < range[1]; i++) {
        const line = h('span', { class: 'line', id: `${side}-${i + 1}` }, h('span', { class: 'ln', 'aria-hidden': 'true' }, String(i + 1)));
        line.insertAdjacentHTML('beforeend', `${src.lines[i] ?? ''}\n`);
        pre.append(line);
      }
    }
    return pre;
  };
  const grid = h('div', { class: `code-grid${d.py ? '' : ' single'}` });
  grid.append(h('div', { class: 'code-head' }, d.ts.file), d.py ? h('div', { class: 'code-head' }, `${d.py.file} (Python asyncio)`) : '');
  for (const row of d.rows) {
    grid.append(cell('ts', row.ts));
    if (d.py) grid.append(cell('py', row.py));
  }
  return h('section', { class: 'sources', 'aria-labelledby': 'sources-h' }, h('h2', { id: 'sources-h' }, 'Source'), grid);
}

function highlightLine(line: number | undefined): void {
  for (const el of document.querySelectorAll('.line.hl')) el.classList.remove('hl');
  if (line === undefined) return;
  const el = document.getElementById(`ts-${line}`);
  if (!el) return;
  el.classList.add('hl');
  el.scrollIntoView({ block: 'nearest' });
}

// ---- Controls, transcript, timeline ----

let runner: Runner | null = null;
let transcript: string[] = [];
let playing = false;
let lastFrame = 0;
let selected: number | null = null;
let marks: { at: number; label: string }[] = [];
/** Makes a fresh runner (Reset); set by each kind of page. */
let load: () => void = () => {};

function controls(): HTMLElement {
  const speeds = [0.25, 0.5, 1, 2, 5, 20];
  const speed = h('select', { id: 'speed' }, ...speeds.map((s) => h('option', { value: String(s) }, `${s}×`)));
  (speed as HTMLSelectElement).value = '1';
  return h(
    'div',
    { id: 'controls', class: 'controls', role: 'toolbar', 'aria-label': 'Run controls' },
    h('button', { id: 'run', type: 'button', title: 'Run to the end (virtual time)' }, 'Run'),
    h('button', { id: 'step', type: 'button', title: 'Run one loop iteration' }, 'Step'),
    h('button', { id: 'play', type: 'button', 'aria-pressed': 'false', title: 'Run iterations paced on animation frames' }, 'Play'),
    h('button', { id: 'reset', type: 'button', title: 'Start again' }, 'Reset'),
    h('label', { class: 'speed' }, 'speed ', speed),
    h('output', { id: 'status', 'aria-live': 'polite' }),
  );
}

function runPane(): HTMLElement {
  return h(
    'div',
    { class: 'run' },
    h('section', { class: 'transcript', 'aria-labelledby': 'transcript-h' }, h('h2', { id: 'transcript-h' }, 'Transcript'), h('pre', { id: 'transcript', 'aria-live': 'polite' })),
    h(
      'section',
      { class: 'timeline', 'aria-labelledby': 'timeline-h' },
      h('h2', { id: 'timeline-h' }, 'Timeline'),
      h('div', { id: 'timeline', class: 'scroll', tabindex: '0', 'aria-label': 'Timeline; the arrow keys move between its events' }),
      h('p', { id: 'info', class: 'info' }, 'Hover or click a piece of the timeline (or focus it and use the arrow keys) to see what happened and where in the source.'),
    ),
  );
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function render(): void {
  if (!runner) return;
  const printed = runner instanceof RecordingRunner ? runner.printed() : transcript;
  $('transcript').textContent = printed.join('\n');
  $('transcript').dataset.lines = String(printed.length);
  const tl = $('timeline');
  const atEnd = tl.scrollLeft + tl.clientWidth >= tl.scrollWidth - 4;
  tl.innerHTML = `<div class="tl-inner"><div class="lane-labels" aria-hidden="true"></div>${toSvg(runner.trace, { marks })}</div>`;
  // The lane names again, in a column that stays put while the timeline scrolls sideways.
  tl.querySelector('.lane-labels')!.append(
    ...[...tl.querySelectorAll('.lane')].map((g) => {
      const r = g.querySelector('rect')!;
      return h('div', { style: `top:${r.getAttribute('y')}px;height:${r.getAttribute('height')}px` }, g.querySelector('text')?.textContent ?? '');
    }),
  );
  tl.dataset.events = String(runner.trace.events.length);
  tl.dataset.tasks = String(tl.querySelectorAll('.lane').length);
  if (selected !== null) tl.querySelector(`[data-i="${selected}"]`)?.classList.add('sel');
  if (atEnd || playing) tl.scrollLeft = tl.scrollWidth;
  const state = runner.error() !== undefined ? `failed: ${describeError(runner.error())}` : runner.finished() ? 'finished' : playing ? 'playing' : runner.iterations() === 0 ? 'ready' : 'paused';
  const status = $('status');
  status.textContent = `iteration ${runner.iterations()} · ${runner.time().toFixed(4)} s · ${state}`;
  status.dataset.iterations = String(runner.iterations());
  status.dataset.state = runner.finished() ? 'finished' : 'running';
}

function show(i: number | null): void {
  selected = i;
  const tl = $('timeline');
  for (const el of tl.querySelectorAll('.sel')) el.classList.remove('sel');
  if (i === null || !runner) return;
  const el = tl.querySelector(`.seg[data-i="${i}"]`);
  el?.classList.add('sel');
  const title = el?.querySelector('title')?.textContent ?? '';
  const at = runner.lineOf(i);
  const page = data?.ts.file.replace(/^.*\//, '').replace(/\.ts$/, '');
  const line = at ? (at.file === page ? at.line : at.pageLine) : undefined;
  const where = at ? ` — ${at.file}.ts line ${at.line}${at.file !== page && at.pageLine ? ` (called from line ${at.pageLine})` : ''}` : '';
  $('info').textContent = `${title}${where}`;
  highlightLine(line);
}

function segmentAt(target: EventTarget | null): number | null {
  const el = (target as Element | null)?.closest?.('[data-i]');
  return el ? Number(el.getAttribute('data-i')) : null;
}

function wireTimeline(): void {
  const tl = $('timeline');
  tl.addEventListener('mouseover', (e) => {
    const title = (e.target as Element).closest?.('[data-i]')?.querySelector('title')?.textContent;
    if (title) $('info').textContent = title;
  });
  tl.addEventListener('click', (e) => show(segmentAt(e.target)));
  tl.addEventListener('keydown', (e) => {
    const segs = [...tl.querySelectorAll('.seg[data-i]')].map((el) => Number(el.getAttribute('data-i'))).sort((a, b) => a - b);
    if (segs.length === 0) return;
    const uniq = [...new Set(segs)];
    const k = selected === null ? -1 : uniq.indexOf(selected);
    let to: number | undefined;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') to = uniq[Math.min(uniq.length - 1, k + 1)];
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') to = uniq[Math.max(0, k - 1)];
    else if (e.key === 'Home') to = uniq[0];
    else if (e.key === 'End') to = uniq.at(-1);
    else return;
    e.preventDefault();
    show(to ?? null);
    tl.querySelector('.sel')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  });
}

function stopPlay(): void {
  playing = false;
  $('play').textContent = 'Play';
  $('play').setAttribute('aria-pressed', 'false');
}

function frame(ts: number): void {
  if (!playing || !runner) return;
  const dt = lastFrame ? Math.min(0.1, (ts - lastFrame) / 1000) : 0;
  lastFrame = ts;
  const speed = Number(($('speed') as HTMLSelectElement).value);
  playFrame(runner, dt * speed, Math.max(1, Math.round(speed)));
  if (runner.finished()) stopPlay();
  render();
  if (playing) requestAnimationFrame(frame);
}

function wireControls(): void {
  $('run').addEventListener('click', () => {
    if (!runner) return;
    stopPlay();
    for (let i = 0; i < 1_000_000 && runner.step(); i++);
    render();
  });
  $('step').addEventListener('click', () => {
    if (!runner) return;
    stopPlay();
    runner.step();
    render();
  });
  $('play').addEventListener('click', () => {
    if (!runner) return;
    if (playing) {
      stopPlay();
      render();
      return;
    }
    if (runner.finished()) load();
    playing = true;
    lastFrame = 0;
    $('play').textContent = 'Pause';
    $('play').setAttribute('aria-pressed', 'true');
    requestAnimationFrame(frame);
  });
  $('reset').addEventListener('click', () => {
    stopPlay();
    load();
  });
}

/** A fresh tracer and host, the transcript cleared, the capture on. */
function freshHost(pageFile: string, extra: Partial<ConstructorParameters<typeof SteppedHost>[0]> = {}): { host: SteppedHost; tracer: SourceTracer } {
  const tracer = new SourceTracer(pageFile);
  const host = new SteppedHost({ tracer, ...extra });
  transcript = [];
  sink = (line) => transcript.push(line);
  selected = null;
  return { host, tracer };
}

function page(): void {
  if (!info || !data) return contents();
  const num = `${index + 1}. `;
  const main = h(
    'main',
    {},
    h('h1', {}, h('span', { class: 'num' }, num), info.title),
    h('p', { class: 'about' }, info.about),
    h('p', { class: 'lede' }, data.lede),
  );
  document.body.append(header(), main);
  if (info.kind === 'recording') {
    main.append(
      h(
        'p',
        { class: 'recording', role: 'note' },
        h('strong', {}, 'A recording. '),
        `This demo needs Node (${info.name === 'executor' ? 'worker threads' : 'sockets'}), so the page replays a trace recorded from a real run: ${window.YF_RECORDING ? `\`${window.YF_RECORDING.command}\` on ${window.YF_RECORDING.recordedAt.slice(0, 10)}, Node ${window.YF_RECORDING.node}` : 'missing'}. Step shows one recorded loop iteration; times are real seconds.`,
      ),
    );
  }
  main.append(controls());
  if (info.kind === 'explore') main.append(explorePanel());
  if (info.kind === 'frames') main.append(track());
  main.append(runPane(), sources());
  wireControls();
  wireTimeline();
  if (info.kind === 'live') {
    const demo = live[info.name]!;
    load = () => {
      const { host, tracer } = freshHost(info.name);
      runner = new LiveRunner(host, tracer);
      marks = [];
      demo({ real: false, cpython: false, trace: false, once: true, host }).then(render, (e: unknown) => {
        transcript.push(`error: ${describeError(e)}`);
        render();
      });
      render();
    };
  } else if (info.kind === 'recording') {
    load = () => {
      transcript = [];
      selected = null;
      marks = [];
      runner = window.YF_RECORDING ? new RecordingRunner(window.YF_RECORDING) : null;
      render();
    };
  } else if (info.kind === 'frames') {
    load = () => {
      const { host, tracer } = freshHost('frames');
      runner = new LiveRunner(host, tracer);
      marks = [];
      const loop = host.loop({});
      for (const ball of document.querySelectorAll<SVGCircleElement>('#track circle')) ball.setAttribute('cx', '20');
      host.run(loop, framesMain(draw)).then(render, (e: unknown) => {
        transcript.push(`error: ${describeError(e)}`);
        render();
      });
      render();
    };
  } else load = () => void loadReplay();
  load();
}

// ---- The frames page: the host draws ----

function track(): HTMLElement {
  const colors: Record<string, string> = { red: '#d84a3b', green: '#2f9e5b', blue: '#3b6fd8' };
  const rows = Object.entries(colors)
    .map(([n, c], k) => `<line x1="20" y1="${20 + k * 30}" x2="420" y2="${20 + k * 30}" stroke="#ccd"/><circle data-ball="${n}" cx="20" cy="${20 + k * 30}" r="9" fill="${c}"><title>${n}</title></circle>`)
    .join('');
  const fig = h('figure', { class: 'track' });
  fig.innerHTML = `<svg id="track" width="440" height="100" viewBox="0 0 440 100" role="img" aria-label="three balls on their tracks">${rows}</svg><figcaption>Each ball is a task; it moves once per frame, when the host resolves its <code>nextFrame</code> effect.</figcaption>`;
  return fig;
}

function draw(ball: string, x: number): void {
  document.querySelector(`#track [data-ball="${ball}"]`)?.setAttribute('cx', String(20 + x * 400));
}

// ---- The explore page ----

let found: { token: string; run: number } | null = null;

function bug(): (typeof zoo)[number] {
  return zoo[Number(($('bug') as HTMLSelectElement).value)]!;
}

function explorePanel(): HTMLElement {
  const select = h('select', { id: 'bug' }, ...zoo.map((z, i) => h('option', { value: String(i) }, `${z.name}: ${z.what}`)));
  const panel = h(
    'section',
    { id: 'explore', class: 'explore', 'aria-labelledby': 'explore-h' },
    h('h2', { id: 'explore-h' }, 'Explore a bug'),
    h('p', {}, 'Each program passes in CPython\'s FIFO order. Find runs it under up to 1000 other legal schedules, Shrink keeps only the deviations from FIFO the failure needs, and Replay runs a token\'s schedule here, where Step, Play and Run above walk through it. Run the whole demo prints what `npm run demo -- explore` prints.'),
    h(
      'div',
      { class: 'explore-controls' },
      h('label', {}, 'bug ', select),
      h('button', { id: 'find', type: 'button' }, 'Find'),
      h('button', { id: 'shrink', type: 'button' }, 'Shrink'),
      h('label', {}, 'token ', h('input', { id: 'token', type: 'text', size: '14', spellcheck: 'false', placeholder: 'yf2:9nyjm7:0.t3', 'aria-label': 'replay token' })),
      h('button', { id: 'replay', type: 'button' }, 'Replay'),
      h('button', { id: 'zoo', type: 'button' }, 'Run the whole demo'),
    ),
    h('p', { id: 'explore-status', class: 'info', 'aria-live': 'polite' }),
    h(
      'div',
      { class: 'side' },
      h('figure', {}, h('figcaption', { id: 'found-cap' }, 'The failing schedule, as found'), h('div', { id: 'found', class: 'scroll' })),
      h('figure', {}, h('figcaption', { id: 'shrunk-cap' }, 'The same failure, shrunk'), h('div', { id: 'shrunk', class: 'scroll' })),
    ),
  );
  queueMicrotask(() => {
    select.addEventListener('change', () => {
      found = null;
      ($('token') as HTMLInputElement).value = '';
      $('found').innerHTML = $('shrunk').innerHTML = '';
      $('explore-status').textContent = '';
      loadReplay();
    });
    $('find').addEventListener('click', find);
    $('shrink').addEventListener('click', shrink);
    $('replay').addEventListener('click', () => {
      stopPlay();
      if (loadReplay() && runner && !runner.finished()) {
        for (let i = 0; i < 1_000_000 && runner.step(); i++);
        render();
      }
    });
    $('token').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') $('replay').click();
    });
    $('zoo').addEventListener('click', runZoo);
  });
  return panel;
}

function drawRun(where: string, caption: string, token: string, text: string): void {
  const z = bug();
  // The run's deviations from FIFO are in its trace (pick and late events); toSvg marks them.
  const r = runSchedule(z.buggy, token, { check: z.check, ...z.options, onWarning: () => {} });
  const n = r.deviations.length;
  $(where).innerHTML = toSvg(r.trace!);
  $(where).dataset.marks = String(n);
  $(where).dataset.token = r.token;
  $(`${where}-cap`).textContent = `${caption}: ${text}; ${n} deviation${n === 1 ? '' : 's'} from FIFO (marked in red), token ${r.token}; ${r.ok ? 'passes' : `fails: ${describeError(r.error)}`}`;
}

function find(): void {
  const z = bug();
  const r = explore(z.buggy, { runs: 1000, seed: 1, check: z.check, ...z.options });
  if (r.ok || !r.failure) {
    $('explore-status').textContent = `explore: no failure in ${r.runs} schedules`;
    found = null;
    return;
  }
  found = { token: r.failure.foundToken, run: r.failure.run };
  $('explore-status').textContent = r.failure.report.split('\n')[0]!;
  drawRun('found', 'As found', found.token, `run ${found.run + 1} of the search`);
  $('shrunk').innerHTML = '';
  $('shrunk-cap').textContent = 'The same failure, shrunk: press Shrink';
}

function shrink(): void {
  if (!found) find();
  if (!found) return;
  const z = bug();
  const small = shrinkSchedule(z.buggy, found.token, { check: z.check, ...z.options });
  drawRun('shrunk', 'Shrunk', small.token, small.minimal ? 'the fewest deviations that fail this way' : 'the deviations the failure needs');
  ($('token') as HTMLInputElement).value = small.token;
  $('explore-status').textContent = `shrunk to ${small.token}: paste a token into the box and press Replay to run it here`;
}

/** Loads the chosen bug under the token's schedule into the stepper (Reset, Step, Play, Run); false if the token is malformed. */
function loadReplay(): boolean {
  const z = bug();
  const token = ($('token') as HTMLInputElement).value.trim() || 'yf2::';
  let schedule: ReturnType<typeof replay>;
  try {
    decodeSchedule(token);
    schedule = replay(token, { jitter: z.options?.jitter });
  } catch (e) {
    $('explore-status').textContent = describeError(e);
    return false;
  }
  marks = []; // the schedule's deviations are marked from the trace's pick events (toSvg)
  const { host, tracer } = freshHost('zoo', { schedule, maxSteps: 100_000 });
  runner = new LiveRunner(host, tracer);
  const loop = host.loop({ timers: 'fifo' });
  $('timeline').dataset.token = token;
  $('explore-status').textContent = `${z.name} loaded with the schedule ${token === 'yf2::' ? 'yf2:: (FIFO)' : token}: Step, Play or Run it`;
  host.run(loop, () => z.buggy(loop)).then(
    (result) => {
      const ok = z.check === undefined || z.check(result) !== false;
      host.error = ok ? undefined : Object.assign(new Error(`check failed for result ${String(result)}`), { name: 'CheckFailed' });
      replayOutcome(host.error);
      render();
    },
    (e: unknown) => {
      replayOutcome(e);
      render();
    },
  );
  render();
  return true;
}

function replayOutcome(e: unknown): void {
  const token = $('timeline').dataset.token;
  $('explore-status').textContent = `replaying ${token} on ${bug().name}: ${e === undefined ? 'passes' : `fails: ${describeError(e)}`}`;
}

async function runZoo(): Promise<void> {
  stopPlay();
  transcript = [];
  sink = (line) => transcript.push(line);
  await zooDemo({ real: false, cpython: false, trace: false, once: true });
  // The transcript pane shows the demo's output until the stepper is used again.
  $('transcript').textContent = transcript.join('\n');
}

page();
