// scripts/mutants.mjs: `npm run mutants`. Shows that each property test can fail: for every
// property, breaks lib/ on purpose (one exact text replacement), runs only that property, and
// expects it to FAIL; then restores the file. Prints one line per mutant and exits non-zero if
// any mutant survives (a property that cannot catch the bug it is meant to catch).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

const mutants = [
  {
    property: 'callSoon runs FIFO',
    spec: 'spec/loop.spec.ts',
    file: 'lib/deque.ts',
    from: `    this.#buf[(this.#head + this.#size) & this.#mask] = item;\n    this.#size++;`,
    to: `    const at = (this.#head + this.#size) & this.#mask;\n    if ((this.#size & 3) === 2) { const prev = (at - 1) & this.#mask; this.#buf[at] = this.#buf[prev]; this.#buf[prev] = item; } else this.#buf[at] = item;\n    this.#size++;`,
    why: 'every fourth push jumps the queue',
  },
  {
    property: 'default-mode timers fire in',
    spec: 'spec/loop.spec.ts',
    file: 'lib/timer-heap.ts',
    from: `      if (w < pw || (w === pw && s < seqs[parent]!)) {`,
    to: `      if (w < pw || (w === pw && s > seqs[parent]!)) {`,
    why: 'ties between equal deadlines broken newest-first',
  },
  {
    property: 'N tasks looping on sleep(0) interleave in strict rotation',
    spec: 'spec/loop.spec.ts',
    file: 'lib/loop.ts',
    from: `      task._wake(NEXT, result);\n      return SUSPEND;`,
    to: `      return result;`,
    why: 'sleep(0) keeps the turn instead of giving up one iteration',
  },
  {
    property: 'no task runs before its deadline',
    spec: 'spec/loop.spec.ts',
    file: 'lib/loop.ts',
    from: `      const end = this._cpython ? now + CPYTHON_CLOCK_RESOLUTION : now;`,
    to: `      const end = this._cpython ? now + CPYTHON_CLOCK_RESOLUTION : now + 0.05;`,
    why: 'timers due within 50 ms fire early',
  },
  {
    property: 'virtual time never goes back',
    spec: 'spec/loop.spec.ts',
    file: 'lib/loop.ts',
    from: `        } else if (when > clock.now) clock.now = when;`,
    to: `        } else clock.now = when;`,
    why: 'the virtual clock jumps to a past deadline',
  },
  {
    property: 'the same program gives the same trace twice',
    spec: 'spec/loop.spec.ts',
    file: 'lib/timer-heap.ts',
    from: `      if (w < pw || (w === pw && s < seqs[parent]!)) {`,
    to: `      if (w < pw || (w === pw && Math.random() < 0.5)) {`,
    why: 'ties between equal deadlines broken at random',
  },
  {
    property: 'cancelling a task always runs its finally blocks',
    spec: 'spec/loop.spec.ts',
    file: 'lib/task.ts',
    from: `    this._flags = flags;\n    const w = this._waitOn;`,
    to: `    this._flags = flags;\n    if (mode === THROW && arg instanceof CancelledError) { this._top = null; this._outer = null; this._fail(arg); return; }\n    const w = this._waitOn;`,
    why: 'a cancelled task is dropped without unwinding its generators',
  },
  {
    property: 'trampolined delegation and native yield* produce identical traces',
    spec: 'spec/trampoline.spec.ts',
    file: 'lib/trampoline.ts',
    from: `      mode = returning ? RETURN : NEXT;`,
    to: `      mode = NEXT;`,
    why: 'a frame that completes inside return() lets its delegator resume normally',
  },
  {
    property: 'generated programs agree with CPython',
    spec: 'spec/cpython.spec.ts',
    file: 'lib/timer-heap.ts',
    from: `      if (w < whens[parentpos]!) {`,
    to: `      if (w < whens[parentpos]! || (w === whens[parentpos]! && s < seqs[parentpos]!)) {`,
    why: "timers: 'cpython' breaks ties FIFO instead of heapq's way",
  },
  {
    property: 'every item put is got exactly once, in the order of its kind',
    spec: 'spec/queue.spec.ts',
    file: 'lib/queue.ts',
    from: `    return this._items.pop()!;`,
    to: `    return this._items.shift()!;`,
    why: 'LifoQueue hands out the oldest item',
  },
  {
    property: 'cancelling random waiters at random moments loses no item and no wake-up',
    spec: 'spec/queue.spec.ts',
    file: 'lib/queue.ts',
    from: `    if (wokeNormally && !q.empty()) wakeNext(q._getters);`,
    to: `        // (mutant) the wake-up dies with the cancelled getter`,
    why: 'a getter cancelled after being woken does not pass the wake-up on',
  },
  {
    property: 'join returns exactly when taskDone has been called for every item',
    spec: 'spec/queue.spec.ts',
    file: 'lib/queue.ts',
    from: `    if (this.#unfinished === 0) this.#finished.set();\n  }`,
    to: `    if (this.#unfinished <= 1) this.#finished.set();\n  }`,
    why: 'join is released one taskDone early',
  },
  {
    property: 'never has two holders at once',
    spec: 'spec/lock.spec.ts',
    file: 'lib/lock.ts',
    from: `    if (!this.#locked && this._waiters.every((w) => w.cancelled())) {`,
    to: `    if (!this.#locked) {`,
    why: 'a newcomer barges past a woken waiter',
  },
  {
    property: 'wakes waiters in arrival order',
    spec: 'spec/lock.spec.ts',
    file: 'lib/lock.ts',
    from: `    const fut = this._waiters[0];`,
    to: `    const fut = this._waiters[this._waiters.length - 1];`,
    why: 'release wakes the newest waiter',
  },
  {
    property: "a Semaphore's value never goes below zero",
    spec: 'spec/semaphore.spec.ts',
    file: 'lib/semaphore.ts',
    from: `    if (!this.locked()) {\n      this._value--;`,
    to: `    if (this._value >= 0 && !this._waiters.some((w) => !w.cancelled())) {\n      this._value--;`,
    why: 'acquire takes a unit that is not there',
  },
  {
    property: "a BoundedSemaphore's never above its bound",
    spec: 'spec/semaphore.spec.ts',
    file: 'lib/semaphore.ts',
    from: `    if (this._value >= this.#bound) throw`,
    to: `    if (this._value > this.#bound) throw`,
    why: 'BoundedSemaphore allows one release too many',
  },
  {
    property: 'a TaskGroup never returns while a child is still running',
    spec: 'spec/task-group.spec.ts',
    file: 'lib/task-group.ts',
    from: `    while (this.#tasks.size !== 0) {`,
    to: `    while (this.#tasks.size > 1) {`,
    why: 'the group stops waiting when one child is left',
  },
  {
    property: 'blocked getters are woken in arrival order',
    spec: 'spec/queue.spec.ts',
    file: 'lib/queue.ts',
    from: `    const t = waiters.shift()!;`,
    to: `    const t = waiters.pop()!;`,
    why: 'the newest waiter is woken first',
  },
  {
    property: 'notify wakes waiters in arrival order',
    spec: 'spec/condition.spec.ts',
    file: 'lib/condition.ts',
    from: `    for (const fut of this.#waiters) {\n      if (idx >= n) break;`,
    to: `    for (const fut of [...this.#waiters].reverse()) {\n      if (idx >= n) break;`,
    why: 'notify wakes the newest waiters first',
  },
  {
    property: 'the same seed gives the same schedule and trace',
    spec: 'spec/explore.spec.ts',
    file: 'lib/scheduler.ts',
    from: `  choose(c: readonly Candidate[]): number {\n    return Math.floor(this.#next() * c.length);`,
    to: `  choose(c: readonly Candidate[]): number {\n    return Math.floor(Math.random() * c.length);`,
    why: 'random() ignores its seed',
  },
  {
    property: 'replaying a recorded schedule gives the same trace',
    spec: 'spec/explore.spec.ts',
    file: 'lib/scheduler.ts',
    from: `    const k = ids.indexOf(d.value);\n    if (k < 0) this._missed++;`,
    to: `    const k = ids.lastIndexOf(d.value) - 1;\n    if (k < 0) this._missed++;`,
    why: 'replay picks the candidate before the one named',
  },
  {
    property: "the fifo strategy equals the kernel's own order",
    spec: 'spec/explore.spec.ts',
    file: 'lib/choice.ts',
    from: `        } else if (e instanceof Handle && !callback && !e._cancelled) {\n          callback = true;\n          cands.push(null);\n        } else continue;\n        ids.push(bids[i]!);\n        where.push(i);`,
    to: `        } else if (e instanceof Handle && !callback && !e._cancelled) {\n          callback = true;\n          cands.unshift(null);\n          ids.unshift(bids[i]!);\n          where.unshift(i);\n          continue;\n        } else continue;\n        ids.push(bids[i]!);\n        where.push(i);`,
    why: 'the first callback is offered before the tasks ahead of it',
  },
  {
    property: 'every strategy only ever picks a task that was ready',
    spec: 'spec/explore.spec.ts',
    file: 'lib/choice.ts',
    from: `      const at = where[pick]!;\n      const entry = batch[at]!;`,
    to: `      const at = where[0]!;\n      const entry = batch[where[pick]!]!;`,
    why: 'the chosen entry stays in the batch (the first one is dropped instead)',
  },
  {
    property: 'keeps the failure explore() found, though a subset of its deviations fails another way',
    spec: 'spec/explore.spec.ts',
    file: 'lib/explore.ts',
    from: `  if (!out.ok && out.sig === sig) return { rec, runs: 1 };`,
    to: `  if (!out.ok) return { rec, runs: 1 };`,
    why: 'the shrinker accepts any failure, not the same one',
  },
  {
    property: 'dfs runs every schedule of a small program once',
    spec: 'spec/explore.spec.ts',
    file: 'lib/explore.ts',
    from: `          prefix = chosen.slice(0, i);\n          prefix.push(chosen[i]! + 1);`,
    to: `          prefix = chosen.slice(0, i);\n          prefix.push(Math.min(chosen[i]! + 2, counts[i]! - 1));`,
    why: 'dfs skips every other candidate',
  },
  {
    property: 'the reduced searches see every outcome plain dfs sees',
    spec: 'spec/por.spec.ts',
    file: 'lib/footprint.ts',
    from: `  for (const k of a.w) if (b.w.has(k) || b.r.has(k) || b.c.has(k)) return true;\n  for (const k of b.w) if (a.r.has(k) || a.c.has(k)) return true;`,
    to: `  for (const k of a.w) if (b.w.has(k) || b.c.has(k)) return true;\n  for (const k of b.w) if (a.c.has(k)) return true;`,
    why: 'a read and a write of the same object are taken to commute',
  },
];

let survived = 0;
for (const m of mutants) {
  const path = join(root, m.file);
  const original = readFileSync(path, 'utf8');
  const count = original.split(m.from).length - 1;
  if (count !== 1) {
    console.log(`ERROR   ${m.property}: the text to mutate occurs ${count} times in ${m.file}`);
    survived++;
    continue;
  }
  writeFileSync(path, original.replace(m.from, m.to));
  try {
    const pattern = m.property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); // -t takes a regular expression
    const r = spawnSync('npx', ['vitest', 'run', m.spec, '-t', pattern, '--reporter=dot'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, FC_RUNS: process.env.FC_RUNS ?? '200' },
    });
    const out = `${r.stdout}\n${r.stderr}`;
    const ran = /Tests\s+.*\d+ failed/.test(out.replace(/\x1b\[[0-9;]*m/g, '')); // failed, not merely skipped
    const killed = r.status !== 0 && ran;
    if (!killed) survived++;
    const ce = out.match(/Counterexample: (.*)/);
    console.log(`${killed ? 'KILLED ' : 'SURVIVED'} ${m.property} <- ${m.why} (${m.file})${ce ? `\n         counterexample: ${ce[1].slice(0, 160)}` : ''}`);
  } finally {
    writeFileSync(path, original);
  }
}
console.log(`${mutants.length - survived} of ${mutants.length} mutants killed`);
process.exit(survived ? 1 : 0);
