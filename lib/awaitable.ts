// awaitable.ts: effects as awaitables. Where asyncio makes a task of a coroutine (create_task,
// gather, shield...), yieldfrom also takes an effect (`spawn(q.get())`): the task runs a small
// coroutine that yields the effect once. Internal; the types (EffectLike) live with the effects.

import { EffectBase, type EffectLike } from './effects.js';

/** True for an effect: a built-in one, or any object with a string `type` (an embedder's). @internal */
export function isEffect(v: unknown): v is EffectLike {
  return v instanceof EffectBase || (typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string');
}

/**
 * The coroutine of a task made from an effect (`spawn(q.get())`, `gather(sleep(1, 'x'))`): yields
 * it once and returns its result. Why module level: see the note on generator closures in timeout.ts.
 * @internal
 */
export function* runEffect<T>(effect: EffectLike<T>): Generator<unknown, T, any> {
  return (yield effect) as T;
}
