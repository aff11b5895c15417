// bench/peers/yieldfrom-eager.mjs: yieldfrom with eager tasks (EventLoop({ eagerTasks: true }),
// asyncio's eager_task_factory), an opt-in mode: a task created while the loop runs takes its
// first step at once. The workloads are the yieldfrom peer's own coroutines (bench/peers/yieldfrom.mjs);
// only the loop option differs. The other cells are n/a.
import { runSync } from '../../dist/index.js';
import { fanInMain, pingpongMain, spawnMain } from './yieldfrom.mjs';

const EAGER = { eagerTasks: true };

export const pingpong = (n) => runSync(pingpongMain(n), EAGER);
export const spawnJoin = (n) => runSync(spawnMain(n), EAGER);
export const fanin = (n) => runSync(fanInMain(n), EAGER);
