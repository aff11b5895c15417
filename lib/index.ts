// index.ts: the 'yieldfrom' entry point, the public API; re-exports only, and the options' names.
// Everything in 'yieldfrom/core' (core.ts), plus exploration and tracing; names.ts makes the
// options take names ('real', 'cpython', debug: true, YIELDFROM_DEBUG=1) as well as implementations.
import './names.js';
export * from './core.js';
export { fifo, random, pct, replay, customPolicy, encodeSchedule, decodeSchedule, Policy, type SchedulePolicy, type Candidate, type Jitter, type Deviation } from './scheduler.js';
export { Tracer, renderTimeline, toChromeTrace, type TraceEvent } from './trace.js';
export { explore, runSchedule, shrinkSchedule, type Program, type RunOptions, type ExploreOptions, type ExploreResult, type ExploreFailure, type RunOutcome } from './explore.js';
export { schedules, type Schedule, type FastCheckLike } from './schedules.js';
