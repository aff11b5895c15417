// bench/workloads.mjs: the workloads of the peer table: sizes, units, and the result each run must
// return (every run is checked, so no library can skip work). Each library's code is in
// bench/peers/LIB.mjs, one export per workload, written the way its strongest users write it.

export const N_PING = 200_000; // round trips
export const N_SPAWN = 100_000;
export const N_FANIN = 200_000; // items, 4 producers x 4 consumers, queue of 16
export const N_STEPS = 1_000_000;
export const N_SLEEP = 100_000; // tasks sleeping 1 ms on the real clock
export const N_RT = 50_000; // round trips at delegation depth D
export const N_RT_SLOW = 2_000; // ... for the peers whose delegation is native yield* (O(depth) per resume)
export const N_VIRTUAL = 1_000_000;
export const REPEAT_RUNS = 1000; // the repeat cell: consecutive runs of a small 3-task program
export const REPEAT_BATCH = 100;

const tri = (n) => (n * (n - 1)) / 2; // 0 + 1 + ... + (n - 1)

/**
 * name -> { what, unit, better, run(impl) -> { value, n } }. `run` calls the library's export with
 * the workload's size; `toUnit(ms, n)` turns one run's milliseconds into the unit.
 */
export const WORKLOADS = {
  pingpong: {
    what: `queue ping-pong, ${N_PING / 1000}k round trips`,
    unit: 'round trips/s',
    better: 'higher',
    n: () => N_PING,
    expect: tri,
    toUnit: (ms, n) => n / (ms / 1000),
  },
  spawn: {
    what: `spawn + join ${N_SPAWN / 1000}k tasks`,
    unit: 'tasks/s',
    better: 'higher',
    n: () => N_SPAWN,
    expect: tri,
    toUnit: (ms, n) => n / (ms / 1000),
  },
  fanin: {
    what: `fan-in 4×4 through a bounded queue of 16, ${N_FANIN / 1000}k items`,
    unit: 'items/s',
    better: 'higher',
    n: () => N_FANIN,
    expect: tri,
    toUnit: (ms, n) => n / (ms / 1000),
  },
  rt1: {
    what: 'round trip of a task at delegation depth 1 (queue ping-pong)',
    unit: 'µs/round trip',
    better: 'lower',
    depth: 1,
    n: (lib) => (SLOW_DELEGATION.has(lib) ? N_RT_SLOW : N_RT),
    expect: tri,
    toUnit: (ms, n) => (ms * 1000) / n,
  },
  rt1000: {
    what: 'round trip of a task under 1,000 levels of delegation (async/await: 1,000 awaits)',
    unit: 'µs/round trip',
    better: 'lower',
    depth: 1000,
    n: (lib) => (SLOW_DELEGATION.has(lib) ? N_RT_SLOW : N_RT),
    expect: tri,
    toUnit: (ms, n) => (ms * 1000) / n,
  },
  steps: {
    what: `${N_STEPS / 1e6}M non-blocking steps in one task (await a done future)`,
    unit: 'steps/s',
    better: 'higher',
    n: () => N_STEPS,
    expect: (n) => n,
    toUnit: (ms, n) => n / (ms / 1000),
  },
  sleep1ms: {
    what: `${N_SLEEP / 1000}k tasks sleeping 1 ms (real clock)`,
    unit: 'ms',
    better: 'lower',
    n: () => N_SLEEP,
    expect: (n) => n,
    toUnit: (ms) => ms,
  },
  virtual: {
    what: `${N_VIRTUAL / 1e6}e6 tasks sleeping in virtual time, distinct deadlines, to completion`,
    unit: 'ms',
    better: 'lower',
    n: () => N_VIRTUAL,
    expect: (n) => n,
    toUnit: (ms) => ms,
  },
};

// Peers whose delegation is native yield* (or a sub-task per level): a resume at depth 1,000 walks
// every level, so their depth cells run fewer round trips (the unit is per round trip).
// effection's delegation (native yield*) walks every level on each resume; js-csp (a goroutine per
// level) and redux-saga (call) do not, and run the full count.
export const SLOW_DELEGATION = new Set(['effection']);
