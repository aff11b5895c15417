// garbage-watch.ts: things watched weakly until they are cleared. Each one still watched is
// handed to `onGarbage` when it is collected (a FinalizationRegistry), or returned by take(),
// whichever comes first. Used for unretrieved task failures and by debug mode.

/** @internal `info` must not refer to its thing, or the thing is never collected. */
export class GarbageWatch<T extends object, I extends object> {
  readonly #infos = new Set<I>();
  readonly #byThing = new WeakMap<T, I>();
  readonly #registry: FinalizationRegistry<I>;

  constructor(onGarbage: (info: I) => void) {
    this.#registry = new FinalizationRegistry((info: I) => {
      if (this.#infos.delete(info)) onGarbage(info);
    });
  }

  add(thing: T, info: I): void {
    this.#infos.add(info);
    this.#byThing.set(thing, info);
    this.#registry.register(thing, info, info);
  }

  /** Stops watching `thing`; its info, if it was watched. */
  clear(thing: T): I | undefined {
    const info = this.#byThing.get(thing);
    if (info !== undefined && this.#infos.delete(info)) this.#registry.unregister(info);
    return info;
  }

  /** True while `info` is watched. */
  has(info: I): boolean {
    return this.#infos.has(info);
  }

  /** Everything still watched, oldest first; it is watched no more. */
  take(): I[] {
    const all = [...this.#infos];
    for (const info of all) this.#registry.unregister(info);
    this.#infos.clear();
    return all;
  }
}

/** True where the host can say that an object was collected. @internal */
export const canWatchGarbage = typeof FinalizationRegistry === 'function' && typeof WeakRef === 'function';
