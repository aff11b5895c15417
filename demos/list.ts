// demos/list.ts: the demos in tutorial order, with a line about each. `npm run demo` runs them
// in this order and the tutorial site (tutorial/) has one page each, in the same order.

export interface DemoInfo {
  name: string;
  about: string;
  /** Needs Node (worker threads, sockets): the tutorial site shows a recording of a real run. */
  node?: true;
}

export const demoList: readonly DemoInfo[] = [
  { name: 'sendpc', about: 'generator send(): a consumer and a producer, by hand and between tasks' },
  { name: 'hello', about: '@coroutine style: two tasks on one thread with yield sleep(1)' },
  { name: 'countdown-sync', about: 'three count_downs one after another: total time = the sum' },
  { name: 'countdown', about: 'three concurrent count_downs: total time = the longest, not the sum' },
  { name: 'bread', about: 'producers and consumers sharing a Queue: gather, join, cancel' },
  { name: 'phases', about: 'asCompleted: answers in the order the phases finish' },
  { name: 'lock', about: 'a Lock released by a callLater callback' },
  { name: 'event', about: 'an Event set by a callback wakes every waiter' },
  { name: 'condition', about: 'a Condition hands items from a producer to consumers' },
  { name: 'semaphore', about: 'a Semaphore(2) lets two downloads run at once' },
  { name: 'barrier', about: 'three runners meet at a Barrier' },
  { name: 'timeouts', about: 'waitFor, a timeout scope, and a TaskGroup whose child fails' },
  { name: 'executor', about: 'blocking count_downs on a pool of worker threads', node: true },
  { name: 'server', about: 'the aiohttp-style server: / and /hello/{name}', node: true },
  { name: 'explore', about: 'a bug zoo: races found by explore(), shrunk and replayed' },
];
