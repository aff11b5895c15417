// footprint.ts: what one step touched, for partial-order reduction (explore's `reduce`). Under the
// reduction's assumption (tasks share mutable state only through yieldfrom's objects), two steps
// that touch no object in common, or only read it, commute: running them in either order gives
// the same state. So a step's footprint is the set of yieldfrom objects it read or wrote.
//
// Why by wrapping methods, and only while a reduced search runs: every way a task reaches a
// queue, lock, event, condition, semaphore, barrier, future or task goes through a method of
// its class (an effect's handler, putNowait, set(), setResult, release, cancel...), so wrapping
// those methods sees every access, and costs nothing at all when no reduced search runs (the
// prototypes are the plain ones then: no flag, no check). The wrappers record into the
// footprint of the step running now, and do nothing between steps.
//
// What cannot be classified is dependent with everything (`any`): a callback or timer callback
// (plain JS code), an effect with an embedder's handler, send/receive, a wake from a plain Future
// (a combinator's: gather, TaskGroup, timeouts), a call to loop.stop().

import { Barrier } from './barrier.js';
import { Condition } from './condition.js';
import { AwaitEffect, EffectBase, SleepEffect, SpawnEffect } from './effects.js';
import { Event } from './event.js';
import { Future } from './future.js';
import { GatheringFuture } from './gather.js';
import { Handle, TimerHandle } from './handle.js';
import { Lock } from './lock.js';
import { EventLoop } from './loop.js';
import { GetEffect, LifoQueue, PriorityQueue, PutEffect, Queue } from './queue.js';
import { BoundedSemaphore, Semaphore } from './semaphore.js';
import { Mailbox, ReceiveEffect, SendEffect } from './send.js';
import { Task } from './task.js';
import { TaskGroup } from './task-group.js';
import { Timeout } from './timeout.js';
import { labelOf } from './waiters.js';

/**
 * What one step touched: the objects it read, wrote, or updated commutatively (a task finishing
 * updates the loop's set of live tasks; two such updates commute, a read of the set does not),
 * or `any`: it may touch anything. @internal
 */
export class Footprint {
  any = false;
  /** The objects, by name (see nameOf). */
  readonly r = new Set<number>();
  readonly w = new Set<number>();
  readonly c = new Set<number>();
  /** How many objects the run had named when the step began: names from here on were new to the run then. */
  from = 0;
}

/** True if two steps of one run may not commute: a common object that one of them writes, or `any`. @internal */
export function dependent(a: Footprint, b: Footprint): boolean {
  if (a.any || b.any) return true;
  for (const k of a.w) if (b.w.has(k) || b.r.has(k) || b.c.has(k)) return true;
  for (const k of b.w) if (a.r.has(k) || a.c.has(k)) return true;
  for (const k of a.r) if (b.c.has(k)) return true;
  for (const k of a.c) if (b.r.has(k)) return true;
  return false;
}

/**
 * `dependent` for a step `a` of an earlier run (a sleep set's step, recorded when it ran from the
 * same point of the same schedule) and a step `b` of this run. Objects are named by when their
 * run first touched them, so those touched before that point have the same names in both runs;
 * an object `a` touched first may have another name here, so if both touch objects new since
 * that point, they are taken as dependent. @internal
 */
export function dependentAcross(a: Footprint, b: Footprint): boolean {
  if (a.any || b.any) return true;
  if (newSince(a, a.from) && newSince(b, a.from)) return true;
  return dependent(a, b);
}

function newSince(f: Footprint, from: number): boolean {
  for (const set of [f.r, f.w, f.c]) for (const n of set) if (n >= from) return true;
  return false;
}

// The footprint of the step running now (null between steps, or when no reduced search runs).
let cur: Footprint | null = null;
// Objects are named by the order in which the run first touched them: the same prefix of a
// schedule names the same objects alike in every run (each run makes its own objects).
let names = new WeakMap<object, number>();
let named = 0;

/** @internal Where touches go from now on (null: nowhere). A new footprint notes how many objects were named before it. */
export function _setFootprint(f: Footprint | null): void {
  cur = f;
  if (f !== null) f.from = named;
}

/** @internal A new run: its objects are named afresh. */
export function _newRun(): void {
  names = new WeakMap();
  named = 0;
}

function nameOf(k: object): number {
  let n = names.get(k);
  if (n === undefined) names.set(k, (n = named++));
  return n;
}

// Facets: parts of one object's state that are touched apart. A future's result and its list of
// callbacks (awaiting a pending task adds a callback but reads no result), and a task's control
// (wake, cancel: what its next step does) and name.
type Facet = 'state' | 'cb' | 'ctl' | 'name';
const facets: Record<Exclude<Facet, 'state'>, WeakMap<object, object>> = { cb: new WeakMap(), ctl: new WeakMap(), name: new WeakMap() };

function keyOf(o: object, f: Facet): object {
  if (f === 'state') return o;
  const m = facets[f];
  let k = m.get(o);
  if (k === undefined) m.set(o, (k = {}));
  return k;
}

/** Loop-wide pseudo-objects: the task counter (spawn order names tasks), the callback queue (callbacks keep their FIFO order), the set of live tasks. */
const SPAWN = {};
const CALLBACKS = {};
const LIVE = {};

/** @internal Records that the running step touched `o` (mode 'r', 'w' or 'c'). */
export function touch(o: object, mode: 'r' | 'w' | 'c', f: Facet = 'state'): void {
  const fp = cur;
  if (fp === null) return;
  (mode === 'r' ? fp.r : mode === 'w' ? fp.w : fp.c).add(nameOf(keyOf(o, f)));
}

/** @internal The running step may touch anything. */
export function touchAny(): void {
  if (cur !== null) cur.any = true;
}

/**
 * @internal A task's step starts: it resumes from what it waited on. The rest of a primitive's
 * generator method (Lock.acquire after its waiter woke, Event.wait, a queue's join) runs in this
 * step without a method call, so the wait's owner is touched here.
 */
export function touchResume(task: Task): void {
  if (cur === null) return;
  touch(task, 'r', 'ctl');
  const w = task._waitOn;
  if (w === null || typeof w === 'number' || w instanceof Task) return; // a number: a sleep (its timer's arrival number)
  const label = labelOf(w);
  if (label !== undefined) touch(label.owner, 'w');
  else cur.any = true; // a plain Future (gather, TaskGroup, a timeout's) or a mailbox: not classified
}

// A rule: for a method, what it touches. `self` is the object the method was called on.
type Rule = (self: any, args: IArguments) => void;
const R: Rule = (s) => touch(s, 'r');
const W: Rule = (s) => touch(s, 'w');
const ANY: Rule = () => touchAny();
const NONE: Rule = () => {};
const on = (f: Facet, mode: 'r' | 'w'): Rule => (s) => touch(s, mode, f);
const ALL: Rule = (s) => {
  touch(s, 'w');
  touch(s, 'w', 'cb');
  touch(s, 'w', 'ctl');
};

interface Spec {
  cls: { prototype: object };
  /** Rules by method name; a method not listed gets `dflt`. */
  rules: Record<string, Rule>;
  dflt: Rule;
}

const queueReads = { qsize: R, maxsize: R, empty: R, full: R, isShutdown: R, toString: R };
const onQueue: Rule = (s) => touch(s.queue, 'w');

function specs(): Spec[] {
  return [
    {
      cls: Future,
      rules: {
        getLoop: NONE, done: R, cancelled: R, result: R, exception: R, _eager: R, toString: R, _cancelMessage: R, _api: NONE, _doneMessage: NONE, _boundLoop: NONE, _retrieved: R,
        setResult: W, setException: W, cancel: W, _makeCancelledError: W, _cancelWait: W,
        addDoneCallback: (s) => (touch(s, 'r'), touch(s, 'w', 'cb')),
        removeDoneCallback: on('cb', 'w'), _addWaiter: on('cb', 'w'), _addCallback: on('cb', 'w'), _removeCallback: on('cb', 'w'), _scheduleCallbacks: on('cb', 'w'), _runCallback: on('cb', 'w'),
      },
      dflt: ALL,
    },
    {
      cls: Task,
      rules: {
        _id: NONE, _liveIdx: NONE, _start: on('ctl', 'r'), _extras: on('ctl', 'r'), getName: on('name', 'r'), setName: on('name', 'w'), getCoro: on('ctl', 'r'), getStackDepth: on('ctl', 'r'),
        cancel: on('ctl', 'w'), _cancelWait: on('ctl', 'w'), _cancelMessage: on('ctl', 'r'), cancelling: on('ctl', 'r'), uncancel: on('ctl', 'w'),
        setResult: NONE, setException: NONE, toString: (s: object) => (touch(s, 'r'), touch(s, 'r', 'name')),
        _wake: on('ctl', 'w'), _wakeFromFuture: on('ctl', 'w'), _isScheduled: on('ctl', 'r'),
        // The task as its own sleep timer: what SleepTimer did, touching only the task's control.
        _cancelSleep: on('ctl', 'w'), _stale: on('ctl', 'r'), _unscheduled: NONE, _sleepDue: on('ctl', 'w'), _sleepFired: on('ctl', 'w'),
        _run: on('ctl', 'r'), _suspended: on('ctl', 'r'), _succeed: W, _fail: W, _done: W,
      },
      dflt: ALL,
    },
    { cls: GatheringFuture, rules: { cancel: W }, dflt: ALL },
    { cls: Queue, rules: queueReads, dflt: W },
    { cls: PriorityQueue, rules: {}, dflt: W },
    { cls: LifoQueue, rules: {}, dflt: W },
    { cls: Lock, rules: { locked: R, toString: R }, dflt: W },
    { cls: Event, rules: { isSet: R, toString: R }, dflt: W },
    { cls: Condition, rules: { locked: R, toString: R }, dflt: W },
    { cls: Semaphore, rules: { locked: R, value: R, toString: R }, dflt: W },
    { cls: BoundedSemaphore, rules: {}, dflt: W },
    { cls: Barrier, rules: { parties: R, nWaiting: R, broken: R, toString: R }, dflt: W },
    { cls: TaskGroup, rules: { toString: R }, dflt: W },
    { cls: Timeout, rules: { when: R, expired: R, toString: R }, dflt: W },
    { cls: Handle, rules: { cancel: W, cancelled: R, toString: R, _run: ANY }, dflt: W },
    { cls: TimerHandle, rules: { cancel: W, toString: R, _run: ANY }, dflt: W },
    { cls: Mailbox, rules: {}, dflt: ANY },
    { cls: GetEffect, rules: { toString: NONE, _waitLabel: NONE }, dflt: onQueue },
    { cls: PutEffect, rules: { toString: NONE, _waitLabel: NONE }, dflt: onQueue },
    { cls: SendEffect, rules: { toString: NONE }, dflt: ANY },
    { cls: ReceiveEffect, rules: { toString: NONE }, dflt: ANY },
    // await, spawn and sleep touch what their handlers touch (a future's methods, the loop's _spawn, a wake).
    { cls: AwaitEffect, rules: {}, dflt: NONE },
    { cls: SpawnEffect, rules: {}, dflt: NONE },
    { cls: SleepEffect, rules: {}, dflt: NONE },
    {
      cls: EventLoop,
      rules: {
        _spawn: () => touch(SPAWN, 'w'),
        createTask: () => touch(SPAWN, 'w'),
        callSoon: () => touch(CALLBACKS, 'w'),
        allTasks: () => touch(LIVE, 'r'),
        _taskDone: () => touch(LIVE, 'c'),
        stop: ANY,
        // Built-in effects reach the table through their own handlers (recorded there); an embedder's effect is not classified.
        _dispatchByType: (_s, args) => {
          const y = args[1] as { type?: unknown } | null;
          if (!(y instanceof EffectBase) || !['await', 'spawn', 'sleep', 'put', 'get'].includes(y.type as string)) touchAny();
        },
      },
      dflt: NONE, // the loop's other methods (time, callLater, ...) touch nothing another step can see, but through the objects above
    },
  ];
}

/** @internal The classes whose methods a reduced search records (a spec checks that every exported class is here or said to touch nothing shared). */
export function recordedClasses(): object[] {
  return specs().map((s) => s.cls);
}

let installed = 0;
let undo: (() => void)[] = [];

/**
 * @internal Wraps the methods of yieldfrom's classes so that each call records what it touched
 * into the running step's footprint; returns the function that unwraps them. Nested installs
 * share one wrapping.
 */
export function instrument(): () => void {
  if (installed++ === 0) {
    for (const s of specs()) wrapClass(s);
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--installed === 0) {
      for (const u of undo.reverse()) u();
      undo = [];
    }
  };
}

function wrapClass(s: Spec): void {
  const proto = s.cls.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === 'constructor') continue;
    const d = Object.getOwnPropertyDescriptor(proto, name)!;
    if (!d.configurable) continue;
    const rule = Object.prototype.hasOwnProperty.call(s.rules, name) ? s.rules[name]! : s.dflt;
    if (rule === NONE) continue;
    const wrapped: PropertyDescriptor = { ...d };
    if (typeof d.value === 'function') {
      const f = d.value as (...a: unknown[]) => unknown;
      wrapped.value = function (this: unknown, ...a: unknown[]) {
        if (cur !== null) rule(this, arguments);
        return f.apply(this, a);
      };
    } else if (d.get !== undefined || d.set !== undefined) {
      const g = d.get;
      const st = d.set;
      if (g !== undefined) wrapped.get = function (this: unknown) {
        if (cur !== null) rule(this, arguments);
        return g.call(this);
      };
      if (st !== undefined) wrapped.set = function (this: unknown, v: unknown) {
        if (cur !== null) touch(this as object, 'w');
        st.call(this, v);
      };
    } else continue;
    Object.defineProperty(proto, name, wrapped);
    undo.push(() => Object.defineProperty(proto, name, d));
  }
}
