// demos/bread.ts: the bread producer/consumer tutorial. Two bakers put bread on one plate (a
// Queue), two eaters take it; gather waits for the bakers, join waits until every bread was
// eaten (taskDone), then the eaters, who loop forever, are cancelled.
// With --cpython the output is CPython's byte for byte (at 1.5 s Lucy eats before Grace: CPython's
// timer heap does not keep ties in order); by default ties fire in the order they were scheduled.
import { ensureFuture, gather, getRunningLoop, Queue, sleep } from '../lib/index.js';
import { type DemoOptions, runDemo } from './options.js';

const now = (): string => getRunningLoop().time().toFixed(4);

class ConsumerProducerModel {
  constructor(
    readonly producer: string,
    readonly consumer: string,
    readonly queue: Queue<string>,
    readonly plateSize = 6,
  ) {}

  *produceBread() {
    for (let i = 0; i < this.plateSize; i++) {
      const bread = `bread ${i}`;
      yield* sleep(0.5); // baking takes time
      yield* this.queue.put(bread);
      console.log(`${now()} ${this.producer} makes ${bread}`);
    }
  }

  *consumeBread() {
    while (true) {
      const bread = yield* this.queue.get(); // waits while the plate is empty
      yield* sleep(1); // eating takes longer
      console.log(`${now()} ${this.consumer} eats ${bread}`);
      this.queue.taskDone();
    }
  }
}

function* main() {
  const queue = new Queue<string>();
  const cp1 = new ConsumerProducerModel('John', 'Grace', queue);
  const cp2 = new ConsumerProducerModel('Mike', 'Lucy', queue);
  const consumer1 = ensureFuture(cp1.consumeBread());
  const consumer2 = ensureFuture(cp2.consumeBread());
  yield* gather(cp1.produceBread(), cp2.produceBread());
  yield* queue.join(); // every bread eaten
  consumer1.cancel();
  consumer2.cancel();
}

export default (o: DemoOptions): Promise<void> => runDemo(o, main);
