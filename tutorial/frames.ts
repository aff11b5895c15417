// tutorial/frames.ts: the embedding example. yieldfrom knows nothing about animation frames;
// the page (the host) adds an effect of its own, nextFrame, with loop.addEffectHandler, and
// resolves it from its frame loop (tutorial/host.ts). Three balls roll to the end of a track,
// each at its own speed, one frame at a time; the slow one rests halfway with an ordinary sleep.
// The same program runs under Run (virtual frames, 60 per second of loop time) and under Play,
// where requestAnimationFrame moves the stepped clock with advance() and calls runOnce().
import { createTask, getRunningLoop, sleep, type Task } from '../lib/index.js';

/** The host's effect: plain data, like every effect. */
export interface NextFrame {
  readonly type: 'nextFrame';
}

/** Waits for the host's next animation frame; evaluates to its time (loop seconds). */
export function* nextFrame(): Generator<NextFrame, number, number> {
  return yield { type: 'nextFrame' };
}

/** Where the page draws: a ball's position on its track, from 0 to 1. */
export type Draw = (name: string, x: number) => void;

const t = (): string => getRunningLoop().time().toFixed(3);

function* roll(name: string, speed: number, draw: Draw, rest: number) {
  let x = 0;
  let last = yield* nextFrame();
  console.log(`${t()} ${name} starts`);
  while (x < 1) {
    const now = yield* nextFrame(); // one frame: move by speed × the time it took
    x = Math.min(1, x + speed * (now - last));
    last = now;
    draw(name, x);
    if (rest > 0 && x >= 0.5) {
      console.log(`${t()} ${name} rests ${rest} s halfway`);
      yield* sleep(rest); // timers and frames mix: the loop wakes for whichever comes first
      last = yield* nextFrame();
      rest = 0;
    }
  }
  console.log(`${t()} ${name} arrives`);
}

export function* main(draw: Draw) {
  const balls: Task[] = [];
  for (const [name, speed, rest] of [['red', 1, 0], ['green', 0.6, 0], ['blue', 1.5, 0.5]] as const) {
    balls.push(createTask(roll(name, speed, draw, rest), { name }));
  }
  for (const b of balls) yield* b;
  console.log(`${t()} all three arrived`);
}
