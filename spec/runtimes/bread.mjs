// spec/runtimes/bread.mjs: the bread demo in plain JavaScript on the built core, for the
// runtime smoke tests (Node, Deno, Bun; QuickJS gets it bundled). Prints CPython's transcript
// with timers: 'cpython'. `makeBread(y, log)` takes the library and a print function, so the
// same program runs wherever the host provides them.
export function makeBread(y, log, options = { timers: 'cpython' }) {
  const { Queue, ensureFuture, gather, getRunningLoop, sleep } = y;
  const now = () => getRunningLoop().time().toFixed(4);
  function model(producer, consumer, queue) {
    return {
      *produceBread() {
        for (let i = 0; i < 6; i++) {
          const bread = `bread ${i}`;
          yield* sleep(0.5);
          yield* queue.put(bread);
          log(`${now()} ${producer} makes ${bread}`);
        }
      },
      *consumeBread() {
        while (true) {
          const bread = yield* queue.get();
          yield* sleep(1);
          log(`${now()} ${consumer} eats ${bread}`);
          queue.taskDone();
        }
      },
    };
  }
  return function* main() {
    const queue = new Queue();
    const cp1 = model('John', 'Grace', queue);
    const cp2 = model('Mike', 'Lucy', queue);
    const c1 = ensureFuture(cp1.consumeBread());
    const c2 = ensureFuture(cp2.consumeBread());
    yield* gather(cp1.produceBread(), cp2.produceBread());
    yield* queue.join();
    c1.cancel();
    c2.cancel();
  };
}
