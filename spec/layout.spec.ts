import { describe, expect, it } from 'vitest';
import { EventLoop, sleep } from '../lib/index.js';

// Memory layout: a task keeps the properties it was created with for its whole life. A property
// added later (when it finishes, sleeps, ...) changes its hidden class and costs an out-of-object
// property array per task, which the memory benchmarks measure.
describe('Task layout', () => {
  it('a finished, a failed and a sleeping task have the own properties of a new task', () => {
    const loop = new EventLoop();
    const fresh = Object.keys(loop.createTask(function* () {}));
    const done = loop.createTask(function* () {
      return 1;
    });
    const failed = loop.createTask(function* () {
      throw new Error('x');
    });
    const sleeping = loop.createTask(function* () {
      yield* sleep(10);
    });
    const deep = loop.createTask(function* () {
      yield function* () {
        return 2;
      }.call(null);
    });
    loop.runOnce();
    loop.runOnce();
    expect(done.result()).toBe(1);
    expect(failed.exception()).toBeInstanceOf(Error);
    expect(deep.done()).toBe(true);
    for (const t of [done, failed, sleeping, deep]) expect(Object.keys(t)).toEqual(fresh);
    loop.runUntilComplete(sleeping);
    expect(Object.keys(sleeping)).toEqual(fresh);
  });
});

describe('Task ids', () => {
  it('an id too large for the flags word (or not positive) is kept in the extras: names and traces are unchanged', async () => {
    const { Task } = await import('../lib/index.js');
    const loop = new EventLoop();
    for (const id of [0, -3, 1, 2 ** 26 - 1, 2 ** 26, 2 ** 31 + 7, 2 ** 40]) {
      const t = new Task(loop, (function* () {})(), null, id);
      expect(t._id).toBe(id);
      expect(t.getName()).toBe(`Task-${id}`);
      t.cancel('m'); // flags change: the id must survive
      expect(t._id).toBe(id);
      expect(t.getName()).toBe(`Task-${id}`);
    }
  });
});

describe('Ready queue after a burst', () => {
  it('gives its buffer back when drained and keeps FIFO order as it grows again', () => {
    const loop = new EventLoop();
    const order: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10_000; i++) loop.callSoon(() => order.push(round * 10_000 + i));
      loop.runOnce();
    }
    expect(order).toEqual(Array.from({ length: 30_000 }, (_, i) => i));
  });
});

describe('Live tasks', () => {
  it('allTasks() lists the live tasks in creation order, however they finish (swap-removal inside)', () => {
    const loop = new EventLoop();
    const ts = Array.from({ length: 40 }, (_, i) =>
      loop.createTask(function* () {
        yield* sleep((i * 7) % 11);
      }),
    );
    const alive = (): string[] => ts.filter((t) => !t.done()).map((t) => t.getName());
    for (let k = 0; k < 12; k++) {
      expect(loop.allTasks().map((t) => t.getName())).toEqual(alive());
      loop.runOnce();
    }
    loop.runUntilComplete(loop.createTask(function* () {
      yield* sleep(20);
    }));
    expect(loop.allTasks()).toEqual([]);
  });
});
