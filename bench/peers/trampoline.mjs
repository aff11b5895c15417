// bench/peers/trampoline.mjs: a lean hand-written generator trampoline, as a floor for what a
// generator-based scheduler costs in V8 with nothing else on it: no timers, no cancellation, no
// exceptions across tasks, no tracing. A task keeps its delegation stack in an array; it yields
// a generator (delegate), a queue (get), a Put (put that may wait), a task (join) or TICK (give up
// the turn). spawn() is a plain call. Ready tasks run FIFO from an array with a head index.

class Task {
  constructor(gen) {
    this.stack = [gen];
    this.value = undefined;
    this.done = false;
    this.result = undefined;
    this.joiners = null;
  }
}
class Put {
  constructor(q, x) {
    this.q = q;
    this.x = x;
  }
}
const TICK = { tick: true };

let ready = [];
let rh = 0;
const wake = (task, value) => {
  task.value = value;
  ready.push(task);
};

class Queue {
  constructor(max = Infinity) {
    this.max = max;
    this.items = [];
    this.ih = 0;
    this.getters = [];
    this.gh = 0;
    this.putters = []; // task, item, task, item, ...
    this.ph = 0;
  }
  /** Puts x if that need not wait (to a parked getter, or into room); returns whether it did. */
  offer(x) {
    if (this.gh < this.getters.length) {
      const t = this.getters[this.gh];
      this.getters[this.gh++] = undefined;
      if (this.gh === this.getters.length) this.getters.length = this.gh = 0;
      wake(t, x);
      return true;
    }
    if (this.items.length - this.ih < this.max) {
      this.items.push(x);
      return true;
    }
    return false;
  }
}

function finish(task, result) {
  task.done = true;
  task.result = result;
  if (task.joiners !== null) for (const j of task.joiners) wake(j, result);
}

function step(task) {
  const stack = task.stack;
  let value = task.value;
  for (;;) {
    const r = stack[stack.length - 1].next(value);
    if (r.done) {
      stack.pop();
      if (stack.length === 0) return finish(task, r.value);
      value = r.value;
      continue;
    }
    const y = r.value;
    if (y instanceof Queue) {
      if (y.ih < y.items.length) {
        value = y.items[y.ih];
        y.items[y.ih++] = undefined;
        if (y.ph < y.putters.length) {
          y.items.push(y.putters[y.ph + 1]);
          wake(y.putters[y.ph], undefined);
          y.putters[y.ph] = y.putters[y.ph + 1] = undefined;
          y.ph += 2;
          if (y.ph === y.putters.length) y.putters.length = y.ph = 0;
        }
        if (y.ih === y.items.length) y.items.length = y.ih = 0;
        else if (y.ih > 1024) {
          y.items = y.items.slice(y.ih);
          y.ih = 0;
        }
        continue;
      }
      y.getters.push(task);
      return;
    }
    if (y instanceof Put) {
      if (y.q.offer(y.x)) {
        value = undefined;
        continue;
      }
      y.q.putters.push(task, y.x);
      return;
    }
    if (y instanceof Task) {
      if (y.done) {
        value = y.result;
        continue;
      }
      (y.joiners ??= []).push(task);
      return;
    }
    if (y === TICK) return wake(task, undefined);
    stack.push(y); // a generator: delegate
    value = undefined;
  }
}

function spawn(fn, ...args) {
  const t = new Task(fn(...args));
  ready.push(t);
  return t;
}
function runMain(gen) {
  ready = [];
  rh = 0;
  const main = new Task(gen);
  ready.push(main);
  while (rh < ready.length) {
    const t = ready[rh];
    ready[rh++] = undefined;
    if (rh === ready.length) ready.length = rh = 0;
    step(t);
  }
  return main.result;
}

// ---- the workloads, written for it as for yieldfrom ----
function* pinger(q1, q2, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    q1.offer(i);
    s += yield q2;
  }
  return s;
}
function* ponger(q1, q2, n) {
  for (let i = 0; i < n; i++) q2.offer(yield q1);
}
function* pingpongMain(n) {
  const q1 = new Queue();
  const q2 = new Queue();
  const a = spawn(pinger, q1, q2, n);
  const b = spawn(ponger, q1, q2, n);
  yield b;
  return yield a;
}
export const pingpong = (n) => runMain(pingpongMain(n));

function* child(i) {
  return i;
}
function* spawnMain(n) {
  const ts = new Array(n);
  for (let i = 0; i < n; i++) ts[i] = spawn(child, i);
  let s = 0;
  for (let i = 0; i < n; i++) s += yield ts[i];
  return s;
}
export const spawnJoin = (n) => runMain(spawnMain(n));

function* producer(q, base, per) {
  for (let i = 0; i < per; i++) if (!q.offer(base + i)) yield new Put(q, base + i);
  return 0;
}
function* consumer(q, per) {
  let s = 0;
  for (let i = 0; i < per; i++) s += yield q;
  return s;
}
function* fanInMain(n) {
  const q = new Queue(16);
  const per = n / 4;
  const ts = [];
  for (let k = 0; k < 4; k++) ts.push(spawn(producer, q, k * per, per), spawn(consumer, q, per));
  let s = 0;
  for (const t of ts) s += yield t;
  return s;
}
export const fanin = (n) => runMain(fanInMain(n));

function* level(q1, q2, n, depth) {
  return depth === 1 ? yield pinger(q1, q2, n) : yield level(q1, q2, n, depth - 1);
}
function* roundTripMain(n, depth) {
  const q1 = new Queue();
  const q2 = new Queue();
  const a = spawn(level, q1, q2, n, depth);
  const b = spawn(ponger, q1, q2, n);
  yield b;
  return yield a;
}
export const roundTrip = (n, depth) => runMain(roundTripMain(n, depth));

export const steps = null; // nothing to await that is already done: a plain loop
export const sleep1ms = null; // no timers

function* rProducer(q) {
  for (let i = 0; i < 5; i++) if (!q.offer(i)) yield new Put(q, i);
  return 0;
}
function* rConsumer(q) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += yield q;
  return s;
}
function* rTicker() {
  yield TICK;
}
function* repeatMain() {
  const q = new Queue(2);
  const p = spawn(rProducer, q);
  const c = spawn(rConsumer, q);
  const t = spawn(rTicker);
  yield p;
  yield t;
  return yield c;
}
export const repeatOnce = () => runMain(repeatMain());

function* rec(n) {
  return n === 0 ? 0 : 1 + (yield rec(n - 1));
}
export const depth = (d) => runMain(rec(d));
