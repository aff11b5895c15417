// timeline-html.ts: a Tracer's run drawn as an SVG timeline, and toHtml(), one self-contained
// HTML file with it. One lane per task; each trace event gets a slot of its own, left to right
// in the order things happened, and a gap grows where loop time moves on (time is on the axis).
// Steps are boxes, waits are bars labelled with what they wait on, wake-ups are arrows from the
// waker. Plain strings only (no DOM, no node:), so it runs anywhere; the tutorial site draws
// its live timeline with toSvg() and `npm run demo -- NAME --html out.html` writes toHtml().

import type { TraceEvent } from './trace.js';

/** What the timeline reads from a run: a Tracer, or the same data from a recording. */
export interface TraceLike {
  readonly events: readonly TraceEvent[];
  /** Task number → name (a Tracer's `names`). */
  readonly names: ReadonlyMap<number, string>;
}

/** Options for toSvg() and toHtml(). */
export interface TimelineOptions {
  /** Draw only the first `upTo` events (a run shown as it grows). Default: all of them. */
  upTo?: number;
  /** Lines drawn across every lane at an event (by its index), e.g. the picks where a schedule left FIFO. */
  marks?: readonly { at: number; label: string }[];
}

const LABEL_W = 112;
const AXIS_H = 30;
const LANE_H = 30;
const BAR_H = 14;
const SLOT = 10;
const CHAR_W = 6.2; // the width of one character of the 10px monospace labels, roughly

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => XML[c]!);
const num = (n: number): string => String(Math.round(n * 10) / 10);
const secs = (t: number): string => `${t.toFixed(4)} s`;

// Why a square root: the demos wait from a few milliseconds to seconds; the gap shows that time
// moved and roughly how far, while a long sleep does not push everything off the screen.
function gap(dt: number): number {
  return 16 + Math.min(140, Math.sqrt(dt) * 60);
}

function fit(text: string, width: number): string {
  const n = Math.floor((width - 6) / CHAR_W);
  if (n < 2) return '';
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function laneOrder(events: readonly TraceEvent[]): number[] {
  const ids = new Set<number>();
  for (const e of events) if (e.task !== null) ids.add(e.task);
  return [...ids].sort((a, b) => a - b);
}

/**
 * The run as an SVG timeline (a string). Each drawn piece carries `data-i`, the index of the
 * trace event it stands for, and a `<title>` saying what happened (a browser shows it on hover).
 * @example
 * const trace = new Tracer();
 * new EventLoop({ trace }).runUntilComplete(main());
 * document.body.insertAdjacentHTML('beforeend', toSvg(trace));
 */
export function toSvg(trace: TraceLike, options: TimelineOptions = {}): string {
  const all = trace.events;
  const upTo = Math.min(options.upTo ?? all.length, all.length);
  const events = upTo === all.length ? all : all.slice(0, upTo);
  const lanes = laneOrder(events);
  const laneOf = new Map(lanes.map((id, i) => [id, i]));
  const name = (id: number | null): string => (id === null ? 'a timer or callback' : (trace.names.get(id) ?? `Task-${id}`));
  const y = (id: number): number => AXIS_H + laneOf.get(id)! * LANE_H;

  // x of every event: one slot each, plus a gap where time moves on.
  const xs: number[] = [];
  const ticks: { x: number; time: number }[] = [];
  let cursor = LABEL_W + 8;
  let lastTime = Number.NaN;
  for (const e of events) {
    if (e.time !== lastTime) {
      if (!Number.isNaN(lastTime)) cursor += gap(e.time - lastTime);
      ticks.push({ x: cursor, time: e.time });
      lastTime = e.time;
    }
    xs.push(cursor);
    cursor += SLOT;
  }
  const end = cursor + 4;
  const width = Math.ceil(end + 24);
  const height = AXIS_H + lanes.length * LANE_H + 6;

  const back: string[] = [];
  const segs: string[] = [];
  const arrows: string[] = [];

  // Per task: what it is doing since which event.
  // `woken`: woken while still running (sleep(0), a future done at once); it is ready when the step ends.
  // `yielded`: the index of the step's last effect event (what the step box stands for).
  type State = { kind: 'ready' | 'running' | 'waiting' | 'done'; since: number; on?: string; effects: string[]; woken?: boolean; yielded?: number };
  const state = new Map<number, State>();
  const closeState = (id: number, until: number, open: boolean): void => {
    const s = state.get(id);
    if (!s || s.kind === 'done') return;
    const x0 = xs[s.since]!;
    const x1 = until < events.length ? xs[until]! + SLOT : end;
    const top = y(id) + (LANE_H - BAR_H) / 2;
    const cls = open ? ' open' : '';
    const who = name(id);
    const t0 = events[s.since]!.time;
    const span = open ? `since ${secs(t0)}` : `${secs(t0)} to ${secs(events[until]!.time)}`;
    if (s.kind === 'running') {
      // The box ends with the slot of the event that ended the step; data-i is its last yield (else the step's end).
      const did = s.effects.length ? `; yields ${s.effects.join(', ')}` : '';
      const at = s.yielded ?? (open ? s.since : until);
      segs.push(`<rect class="seg step${cls}" data-i="${at}" x="${num(x0)}" y="${num(top - 2)}" width="${num(Math.max(4, x1 - x0))}" height="${BAR_H + 4}" rx="2"><title>${esc(`${who} runs at ${secs(t0)}${did}`)}</title></rect>`);
    } else if (s.kind === 'waiting') {
      // From after the blocking event's slot to the middle of the wake-up's.
      const on = s.on ?? '';
      const left = x0 + SLOT;
      const w = Math.max(2, x1 - SLOT / 2 - left);
      const label = fit(on, w);
      segs.push(
        `<g class="seg wait${cls}" data-i="${s.since}"><rect x="${num(left)}" y="${num(top)}" width="${num(w)}" height="${BAR_H}" rx="2"/>` +
          (label ? `<text x="${num(left + 3)}" y="${num(top + BAR_H - 4)}">${esc(label)}</text>` : '') +
          `<title>${esc(`${who} waits: ${on} (${span})`)}</title></g>`,
      );
    } else {
      const mid = y(id) + LANE_H / 2;
      segs.push(`<line class="seg ready${cls}" data-i="${s.since}" x1="${num(x0 + SLOT / 2)}" y1="${num(mid)}" x2="${num(Math.max(x0 + SLOT / 2 + 1, x1 - SLOT))}" y2="${num(mid)}"><title>${esc(`${who} is ready (queued), ${span}`)}</title></line>`);
    }
  };

  events.forEach((e, i) => {
    // A deviation from FIFO or a late timer (under a schedule policy) is drawn as a mark below.
    if (e.kind === 'pick' || e.kind === 'late') return;
    const x = xs[i]!;
    const cx = x + SLOT / 2;
    const s = state.get(e.task);
    switch (e.kind) {
      case 'create':
        segs.push(`<circle class="seg create" data-i="${i}" cx="${num(cx)}" cy="${num(y(e.task) + LANE_H / 2)}" r="3"><title>${esc(`${e.name} created${e.parent === null ? '' : ` by ${name(e.parent)}`} at ${secs(e.time)}`)}</title></circle>`);
        if (!s) state.set(e.task, { kind: 'ready', since: i, effects: [] });
        break;
      case 'wake': {
        if (s?.kind === 'running') s.woken = true;
        else if (s?.kind !== 'ready') {
          closeState(e.task, i, false);
          state.set(e.task, { kind: 'ready', since: i, effects: [] });
        }
        const to = y(e.task) + LANE_H / 2;
        const title = `<title>${esc(`${name(e.task)} woken by ${name(e.by)} at ${secs(e.time)}`)}</title>`;
        if (e.by !== null && laneOf.has(e.by) && e.by !== e.task) {
          const from = y(e.by) + LANE_H / 2;
          const dir = to > from ? 1 : -1;
          const tip = to - dir * 5;
          arrows.push(
            `<g class="seg wake" data-i="${i}"><line x1="${num(cx)}" y1="${num(from)}" x2="${num(cx)}" y2="${num(tip)}"/>` +
              `<path d="M${num(cx - 4)},${num(tip - dir * 6)}L${num(cx)},${num(tip)}L${num(cx + 4)},${num(tip - dir * 6)}"/>${title}</g>`,
          );
        } else {
          // Woken by a timer or a callback (or by itself): a short arrow from above the lane.
          const top = y(e.task) + 3;
          arrows.push(`<g class="seg wake timer" data-i="${i}"><line x1="${num(cx)}" y1="${num(top)}" x2="${num(cx)}" y2="${num(to - 5)}"/><path d="M${num(cx - 3)},${num(to - 10)}L${num(cx)},${num(to - 5)}L${num(cx + 3)},${num(to - 10)}"/>${title}</g>`);
        }
        break;
      }
      case 'step':
        closeState(e.task, i, false);
        state.set(e.task, { kind: 'running', since: i, effects: [] });
        break;
      case 'effect':
        if (s?.kind === 'running') {
          s.effects.push(e.effect);
          s.yielded = i;
        }
        break;
      case 'block':
        closeState(e.task, i, false);
        state.set(e.task, s?.woken ? { kind: 'ready', since: i, effects: [] } : { kind: 'waiting', since: i, on: e.on, effects: [] });
        break;
      case 'done': {
        closeState(e.task, i, false);
        state.set(e.task, { kind: 'done', since: i, effects: [] });
        const mid = y(e.task) + LANE_H / 2;
        const what = e.outcome === 'returned' ? `returns ${e.detail}` : `${e.outcome}: ${e.detail}`;
        segs.push(`<g class="seg done ${e.outcome}" data-i="${i}"><rect x="${num(cx - 4)}" y="${num(mid - 4)}" width="8" height="8"/><title>${esc(`${name(e.task)} ${what} at ${secs(e.time)}`)}</title></g>`);
        break;
      }
    }
  });
  for (const id of state.keys()) closeState(id, events.length, true);

  lanes.forEach((id, k) => {
    const top = AXIS_H + k * LANE_H;
    back.push(
      `<g class="lane" data-task="${id}"><rect class="stripe${k % 2 ? ' odd' : ''}" x="0" y="${top}" width="${width}" height="${LANE_H}"/>` +
        `<text class="name" x="6" y="${top + LANE_H / 2 + 4}">${esc(fit(name(id), LABEL_W))}</text></g>`,
    );
  });
  let labelled = -Infinity;
  const axis = ticks.map((t) => {
    // A label where there is room for it (ticks can be as close as one gap and one slot).
    const room = t.x - labelled >= 44;
    if (room) labelled = t.x;
    const text = room ? `<text x="${num(t.x)}" y="${AXIS_H - 10}">${esc(t.time.toFixed(t.time < 100 ? 3 : 1))}</text>` : '';
    return `<g class="tick"><line x1="${num(t.x)}" y1="${AXIS_H - 6}" x2="${num(t.x)}" y2="${height}"/>${text}<title>${esc(secs(t.time))}</title></g>`;
  });
  const picks = events.flatMap((e, i) => (e.kind === 'pick' || e.kind === 'late' ? [{ at: i, label: describe(e, trace.names) }] : []));
  const marks = [...(options.marks ?? []), ...picks]
    .filter((m) => m.at >= 0 && m.at < events.length)
    .map((m) => {
      const x = xs[m.at]! + SLOT / 2;
      return `<g class="mark" data-i="${m.at}"><line x1="${num(x)}" y1="${AXIS_H - 4}" x2="${num(x)}" y2="${height}"/><circle cx="${num(x)}" cy="${AXIS_H - 4}" r="4"/><title>${esc(m.label)}</title></g>`;
    });
  return (
    `<svg class="yf-timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`timeline of ${lanes.length} task${lanes.length === 1 ? '' : 's'}, ${events.length} events`)}">` +
    `<text class="unit" x="6" y="${AXIS_H - 10}">time (s)</text>${back.join('')}${axis.join('')}${segs.join('')}${arrows.join('')}${marks.join('')}</svg>`
  );
}

/** The timeline's look, for pages that inline toSvg()'s output (toHtml() includes it). */
export const TIMELINE_CSS = `
.yf-timeline{font:10px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;display:block}
.yf-timeline .stripe{fill:#fff}.yf-timeline .stripe.odd{fill:#f6f7f9}
.yf-timeline .name{fill:#222;font-weight:600}.yf-timeline .unit{fill:#666}
.yf-timeline .tick line{stroke:#d5d9e0;stroke-dasharray:2 3}.yf-timeline .tick text{fill:#555}
.yf-timeline .step{fill:#3b6fd8}.yf-timeline .step.open{fill:#7aa0ee}
.yf-timeline .wait rect{fill:#fbe3a6;stroke:#d9a520}.yf-timeline .wait.open rect{stroke-dasharray:3 2}.yf-timeline .wait text{fill:#5a4300}
.yf-timeline .ready{stroke:#8a93a3;stroke-width:2;stroke-dasharray:3 3}
.yf-timeline .wake line{stroke:#1d9a5b;stroke-width:1.5}.yf-timeline .wake path{fill:none;stroke:#1d9a5b;stroke-width:1.5}
.yf-timeline .wake.timer line,.yf-timeline .wake.timer path{stroke:#8a5cc7}
.yf-timeline .create{fill:#fff;stroke:#333}
.yf-timeline .done rect{fill:#333}.yf-timeline .done.failed rect{fill:#c62828}.yf-timeline .done.cancelled rect{fill:#999}
.yf-timeline .mark line{stroke:#c62828;stroke-width:1.5;stroke-dasharray:4 2;pointer-events:none}.yf-timeline .mark circle{fill:#c62828}
.yf-timeline .seg{cursor:pointer}.yf-timeline .seg:hover,.yf-timeline .seg.sel{filter:drop-shadow(0 0 2px #000)}
.yf-timeline .seg.sel rect,.yf-timeline rect.seg.sel{stroke:#000;stroke-width:1.5}
`;

/** One run of a page with several (toHtml). */
export interface TimelineRun {
  title: string;
  trace: TraceLike;
  marks?: TimelineOptions['marks'];
}

const LEGEND =
  'One lane per task, events left to right in the order they happened; a gap means loop time moved on. ' +
  'Blue: a step (the task runs). Amber: a wait, labelled with what it waits on. Dashed grey: ready, queued to run. ' +
  'Green arrow: woken by another task (from its lane); purple: by a timer or callback. Square: the task ended. Hover for details.';

/**
 * One self-contained HTML page (no script, no external file) with the run's SVG timeline and
 * its events as a table. Several runs can go in one page, each with a title.
 * @example
 * writeFileSync('run.html', toHtml(tracer, { title: 'bread' })); // open it in any browser
 */
export function toHtml(trace: TraceLike | readonly TimelineRun[], options: TimelineOptions & { title?: string } = {}): string {
  const runs: readonly TimelineRun[] = isTraceLike(trace) ? [{ title: '', trace, marks: options.marks }] : trace;
  if (!Array.isArray(runs as unknown) || runs.some((r) => !isTraceLike(r?.trace))) {
    throw new TypeError('toHtml(): expected a Tracer (or { events, names }), or a list of { title, trace }');
  }
  const title = options.title ?? 'yieldfrom timeline';
  const body = runs
    .map((r) => {
      const rows = r.trace.events
        .slice(0, options.upTo ?? r.trace.events.length)
        .map((e, i) => `<tr><td>${i}</td><td>${e.time.toFixed(4)}</td><td>${esc(e.task === null ? '(loop)' : (r.trace.names.get(e.task) ?? `Task-${e.task}`))}</td><td>${esc(describe(e, r.trace.names))}</td></tr>`)
        .join('');
      return (
        (r.title ? `<h2>${esc(r.title)}</h2>` : '') +
        `<div class="scroll">${toSvg(r.trace, { ...options, marks: r.marks ?? [] })}</div>` +
        `<details><summary>events (${r.trace.events.length})</summary><table><thead><tr><th>#</th><th>time</th><th>task</th><th>event</th></tr></thead><tbody>${rows}</tbody></table></details>`
      );
    })
    .join('\n');
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>` +
    `<style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.3em}.scroll{overflow-x:auto;border:1px solid #ddd}table{border-collapse:collapse;font:12px ui-monospace,monospace}td,th{padding:1px 8px;text-align:left}tr:nth-child(even){background:#f6f7f9}${TIMELINE_CSS}</style>` +
    `</head><body><h1>${esc(title)}</h1><p>${esc(LEGEND)}</p>\n${body}\n</body></html>\n`
  );
}

function isTraceLike(x: unknown): x is TraceLike {
  const t = x as Partial<TraceLike> | null;
  return typeof t === 'object' && t !== null && Array.isArray(t.events) && t.names instanceof Map;
}

function describe(e: TraceEvent, names: ReadonlyMap<number, string>): string {
  switch (e.kind) {
    case 'create':
      return `created${e.parent === null ? '' : ` by ${names.get(e.parent) ?? `Task-${e.parent}`}`}`;
    case 'step':
      return 'runs';
    case 'effect':
      return `yields ${e.effect}`;
    case 'block':
      return `waits: ${e.on}`;
    case 'wake':
      return `woken by ${e.by === null ? 'a timer or callback' : (names.get(e.by) ?? `Task-${e.by}`)}`;
    case 'done':
      return e.outcome === 'returned' ? `returns ${e.detail}` : `${e.outcome}: ${e.detail}`;
    case 'pick':
      return `${e.chosen} runs before ${e.over} (off FIFO)`;
    case 'late':
      return `${e.task === null ? e.what : `${names.get(e.task) ?? `Task-${e.task}`}'s sleep`} ${e.task === null ? 'fires' : 'ends'} ${e.by} s late`;
  }
}
