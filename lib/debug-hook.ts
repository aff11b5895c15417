// debug-hook.ts: the root of the effect classes. EffectBase extends this empty class, so making
// an effect costs nothing more than before; debug mode (debug.ts) swaps in a root whose
// constructor watches each effect made, and swaps this one back when no loop is in debug mode.
// Why a swap and not a flag checked in the constructor: the check cost ~2 ns per effect (a
// quarter of making one), measured; the extra empty class costs nothing measurable.

/** @internal The base of EffectBase while no loop is in debug mode. */
export class EffectRoot {}
