// send.ts: send/receive, a rendezvous that lifts the generator send() protocol to live tasks.
// The target alternates like a generator: receive(reply) hands `reply` to the sender waiting
// for it (Python's `yield r`), then waits for the next sent value (`n = yield ...`). The first
// send primes, as Python's c.send(None): it must send undefined and gets the first reply.
// Senders queue FIFO; when the target finishes, every waiting sender gets its outcome.

import { CancelledError, RuntimeError, StopIteration } from './errors.js';
import { CANCELLED, FAILED, short } from './future.js';
import type { EventLoop } from './loop.js';
import { SUSPEND, Task, type Waitable } from './task.js';
import { EffectBase } from './effects.js';
import { registerKernelEffect } from './loop.js';
import { NEXT, THROW } from './trampoline.js';

// Plain { type: 'send' } / { type: 'receive' } objects reach the same handlers through the loop's
// table. Why a "pure" call referenced from the effects' constructors: a bundle that never makes
// a send or receive effect leaves all of this file out (a bare top-level call would keep it).
const registered = /* @__PURE__ */ registerHandlers();

function registerHandlers(): true {
  registerKernelEffect('send', (e, task, loop) => handleSend(e as SendEffect, task, loop));
  registerKernelEffect('receive', (e, task, loop) => handleReceive(e as ReceiveEffect, task, loop));
  return true;
}

/**
 * `{ type: 'send', task, value }`: deliver `value` to the task's pending `receive`, and wait for its next reply.
 * @example
 * const reply = yield* send(consumer, 1); // yields { type: 'send', task: consumer, value: 1 }
 */
export class SendEffect<R = unknown> extends EffectBase<R> {
  readonly type = 'send' as const;
  constructor(
    readonly task: Task<unknown>,
    readonly value: unknown,
  ) {
    super();
    void registered;
  }
  override toString(): string {
    return `send(${String(this.task)}, ${short(this.value)})`;
  }
  /** @internal */
  override _handle(task: Task, loop: EventLoop): unknown {
    return handleSend(this, task, loop);
  }
}

/**
 * `{ type: 'receive', reply }`: hand `reply` to the current sender, then wait for the next sent value.
 * @example
 * const n = yield* receive<number>('ready'); // yields { type: 'receive', reply: 'ready' }
 */
export class ReceiveEffect<V = unknown> extends EffectBase<V> {
  readonly type = 'receive' as const;
  constructor(readonly reply: unknown) {
    super();
    void registered;
  }
  override toString(): string {
    return `receive(${short(this.reply)})`;
  }
  /** @internal */
  override _handle(task: Task, loop: EventLoop): unknown {
    return handleReceive(this, task, loop);
  }
}

/**
 * Sends `value` to a live task, the generator `send()` protocol lifted to tasks: the value
 * becomes the result of the target's pending `receive(...)`, and the sender resumes with the
 * reply the target passes to its next `receive(reply)`. The first send primes the target (as
 * Python's `c.send(None)`): it must send `undefined` and evaluates to the target's first reply.
 * When the target finishes, the sender gets StopIteration carrying its return value (its
 * exception if it failed, CancelledError if it was cancelled).
 * @example
 * const r = yield* send(consumerTask, 1); // '200 OK'
 */
export function send<R = unknown>(task: Task<unknown>, value: unknown): SendEffect<R> {
  return new SendEffect<R>(task, value);
}

/**
 * The target side of `send`: passes `reply` to the task that is waiting for it, then waits for
 * the next value sent to this task and evaluates to it (Python's `n = yield r`).
 * @example
 * function* consumer() { let r = ''; for (;;) { const n = yield* receive<number>(r); if (!n) return; r = '200 OK'; } }
 */
export function receive<V = unknown>(reply?: unknown): ReceiveEffect<V> {
  return new ReceiveEffect<V>(reply);
}


/** The send/receive state of one target task. @internal */
export class Mailbox implements Waitable {
  readonly owner: Task;
  /** A first send (the priming one) has been made. */
  primed = false;
  /** The owner reached its first receive before anyone primed it: its reply waits here. */
  hasOffer = false;
  offer: unknown = undefined;
  /** The owner is blocked in receive(), waiting for a value. */
  parked = false;
  /** The sender that gets the owner's next reply. */
  replyTo: Task | null = null;
  /** Senders waiting to deliver a value, FIFO. */
  readonly queue: { sender: Task; value: unknown }[] = [];

  constructor(owner: Task) {
    this.owner = owner;
  }

  _cancelWait(task: Task, msg: string | undefined): boolean {
    if (task === this.owner) {
      this.parked = false;
    } else if (task === this.replyTo) {
      this.replyTo = null; // the owner's next reply has no taker any more: it is dropped
    } else {
      const i = this.queue.findIndex((q) => q.sender === task);
      if (i >= 0) this.queue.splice(i, 1); // its value is never delivered
    }
    task._wake(THROW, new CancelledError(msg ?? ''));
    return true;
  }

  /** The owner finished: every waiting sender gets StopIteration(value), or its error. */
  ownerDone(): void {
    const waiting = this.replyTo === null ? [] : [this.replyTo];
    for (const q of this.queue) waiting.push(q.sender);
    this.replyTo = null;
    this.queue.length = 0;
    for (const s of waiting) {
      if (s._waitOn === this) s._wake(THROW, finishedError(this.owner));
    }
  }
}

function finishedError(target: Task): unknown {
  const s = target._state;
  if (s === CANCELLED) return target._makeCancelledError();
  if (s === FAILED) {
    target._retrieved();
    return target._value;
  }
  return new StopIteration(target._value, `send(): task ${JSON.stringify(target.getName())} finished`);
}

/** Handler for `send(task, value)`. @internal */
export function handleSend(effect: SendEffect, sender: Task, _loop: EventLoop): unknown {
  const target = effect.task;
  const value = effect.value;
  if (!(target instanceof Task)) throw new TypeError(`send(): expected a Task to send to, got ${short(target)}`);
  if (target === sender) throw new RuntimeError(`send(): task ${JSON.stringify(sender.getName())} cannot send to itself`);
  if (target.done()) throw finishedError(target);
  const ext = target._extras();
  const mb = (ext.mailbox ??= new Mailbox(target));
  if (!mb.primed) {
    if (value !== undefined) {
      throw new TypeError(
        `send(): can't send ${short(value)} to task ${JSON.stringify(target.getName())} before priming it; the first send must send undefined (as Python's c.send(None))`,
      );
    }
    mb.primed = true;
    if (mb.hasOffer) {
      const reply = mb.offer;
      mb.hasOffer = false;
      mb.offer = undefined;
      return reply;
    }
    mb.replyTo = sender;
  } else if (mb.parked && mb.replyTo === null) {
    mb.parked = false;
    mb.replyTo = sender;
    target._wake(NEXT, value);
  } else {
    mb.queue.push({ sender, value });
  }
  sender._waitOn = mb;
  return SUSPEND;
}

/** Handler for `receive(reply)`. @internal */
export function handleReceive(effect: ReceiveEffect, task: Task, _loop: EventLoop): unknown {
  const ext = task._extras();
  const mb = (ext.mailbox ??= new Mailbox(task));
  const reply = effect.reply;
  const to = mb.replyTo;
  if (to !== null) {
    mb.replyTo = null;
    to._wake(NEXT, reply);
  } else if (!mb.primed) {
    mb.hasOffer = true;
    mb.offer = reply;
  }
  const next = mb.queue.shift();
  if (next !== undefined) {
    // A sender is already waiting: take its value without giving up the turn.
    mb.replyTo = next.sender;
    return next.value;
  }
  mb.parked = true;
  task._waitOn = mb;
  return SUSPEND;
}
