// resident.ts: one instance of each hot class, kept for the life of the program.
// Why: V8 frees a hidden class (map) once the last object that has it dies, and throws away
// the optimized code built for it. A loop's objects die with the loop, so with a full GC between
// two loops (a test suite, explore(), any long-lived host), every loop would start from cold
// code: measured, 150-200 deoptimizations over 10 ping-pong runs. One resident instance per
// class keeps each map, and so the code, alive. The residents are made where their class is
// defined, so a class that is tree-shaken away takes its resident with it.

const residents: unknown[] = [];

/** Keeps `objects` alive for the life of the program (see above). @internal */
export function keepResident(...objects: unknown[]): void {
  for (const o of objects) residents.push(o);
}

/** True for an object kept by keepResident (debug mode does not warn about those). @internal */
export function isResident(o: unknown): boolean {
  return residents.includes(o);
}
