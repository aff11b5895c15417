// demos/explore.ts: exploration. Each bug of the zoo (demos/zoo.ts) passes under CPython's
// FIFO order; explore() runs it under other legal schedules, finds the race, shrinks the
// schedule to the picks that matter, and gives a replay token; the fixed version passes.
export { default } from './zoo.js';
