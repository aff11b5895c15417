// tutorial/pages.ts: the site's pages in tutorial order: the demos that run in the browser (with
// their modules), the two that need Node (shown as recordings), explore, and the embedding page.
import { demoList } from '../demos/list.js';
import type { DemoOptions } from '../demos/options.js';
import barrier from '../demos/barrier.js';
import bread from '../demos/bread.js';
import condition from '../demos/condition.js';
import countdown from '../demos/countdown.js';
import countdownSync from '../demos/countdown-sync.js';
import event from '../demos/event.js';
import hello from '../demos/hello.js';
import lock from '../demos/lock.js';
import phases from '../demos/phases.js';
import semaphore from '../demos/semaphore.js';
import sendpc from '../demos/sendpc.js';
import timeouts from '../demos/timeouts.js';

export type DemoMain = (o: DemoOptions) => Promise<void>;

/** The demos the page runs live, by name. */
export const live: Record<string, DemoMain> = {
  sendpc,
  hello,
  'countdown-sync': countdownSync,
  countdown,
  bread,
  phases,
  lock,
  event,
  condition,
  semaphore,
  barrier,
  timeouts,
};

export type PageKind = 'live' | 'recording' | 'explore' | 'frames';

export interface PageInfo {
  name: string;
  title: string;
  about: string;
  kind: PageKind;
  /** The TypeScript file shown (demos/NAME.ts, or the file that holds the program). */
  source: string;
}

/** Every page, in order: the 15 demos, then the embedding example. */
export const pages: readonly PageInfo[] = [
  ...demoList.map((d): PageInfo => ({
    name: d.name,
    title: d.name,
    about: d.about,
    kind: d.node ? 'recording' : d.name === 'explore' ? 'explore' : 'live',
    source: d.name === 'explore' ? 'demos/zoo.ts' : `demos/${d.name}.ts`,
  })),
  { name: 'frames', title: 'embedding: nextFrame', about: 'the page as host: a custom nextFrame effect and a stepped clock driven by requestAnimationFrame', kind: 'frames', source: 'tutorial/frames.ts' },
];
