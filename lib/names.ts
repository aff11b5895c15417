// names.ts: the options' names, as sugar. With it, `clock: 'real'`, `timers: 'cpython'`,
// `debug: true` and YIELDFROM_DEBUG=1 work as they always have; it imports every implementation
// they name, so it belongs to the 'yieldfrom' entry point only. A program that imports
// 'yieldfrom/core' passes the implementations (realClock, cpythonTimers, debugMode) and bundles
// only those it uses.

import { realClock } from './real-clock.js';
import { cpythonTimers } from './timer-heap.js';
import { debugMode } from './debug.js';
import { optionNames } from './loop.js';

optionNames.clock.real = realClock;
optionNames.timers.cpython = cpythonTimers;
optionNames.debug = debugMode;
