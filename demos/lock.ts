// demos/lock.ts: a Lock released from a callLater callback. main takes the lock first; both
// coroutines queue for it; the callback releases it and they get it in arrival order.
// coro1 uses `lock.with(...)` (TypeScript's stand-in for `async with lock`), coro2 plain
// acquire/release in try/finally.
import { ensureFuture, getRunningLoop, Lock, wait } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

function* coro1(lock: Lock) {
  console.log('coro1 waiting for the lock');
  yield* lock.with(function* () {
    console.log('coro1 acquired lock');
  });
  console.log('coro1 released lock');
}

function* coro2(lock: Lock) {
  console.log('coro2 waiting for the lock');
  yield* lock.acquire();
  try {
    console.log('coro2 acquired lock');
  } finally {
    console.log('coro2 released lock');
    lock.release();
  }
}

function* main() {
  const lock = new Lock();
  console.log('acquiring the lock before starting coroutines');
  yield* lock.acquire();
  console.log(`lock acquired: ${lock.locked() ? 'True' : 'False'}`);
  getRunningLoop().callLater(0.1, () => {
    console.log('callback releasing lock');
    lock.release();
  });
  console.log('waiting for coroutines');
  yield* wait([ensureFuture(coro1(lock)), ensureFuture(coro2(lock))]);
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
