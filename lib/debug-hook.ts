// debug-hook.ts: the root of the effect classes. EffectBase extends this empty class, so making
// an effect costs nothing more than before; debug mode (debug.ts) swaps in a root whose
// constructor watches each effect made, and swaps this one back when no loop is in debug mode.
// Why a swap and not a flag checked in the constructor: the check cost ~2 ns per effect (a
// quarter of making one), measured; the extra empty class costs nothing measurable.

import type { DebugWatch } from './debug.js';
import type { TraceHooks } from './trace.js';

/** @internal The base of EffectBase while no loop is in debug mode. */
export class EffectRoot {}

/** What a loop's `debug` option takes besides a boolean: `debugMode` (debug.ts). */
export interface DebugMode {
  /** @internal The loop's watch (null where the host cannot watch garbage), wrapping the tracer's hooks. */
  _watch(slowStep: number | undefined, inner: TraceHooks | null): DebugWatch | null;
}

const env = globalThis as { process?: { env?: Record<string, string | undefined> } };

/** True when the environment asks for debug mode (YIELDFROM_DEBUG set, and not '0' or 'false'). @internal */
export function debugFromEnv(): boolean {
  let v: string | undefined;
  try {
    v = env.process?.env?.YIELDFROM_DEBUG;
  } catch {
    // Why: a host may refuse to show its environment (Deno without --allow-env throws
    // NotCapable); the core must still run there, without debug mode.
    return false;
  }
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}
