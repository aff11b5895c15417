// bench/promise-queue.mjs: the minimal promise-based bounded queue that the async/await (and co)
// peers use in the benchmarks: getters and putters wait on plain promises, FIFO.
export class PromiseQueue {
  constructor(max = Infinity) {
    this.max = max;
    this.items = [];
    this.head = 0;
    this.getters = [];
    this.putters = [];
  }
  size() {
    return this.items.length - this.head;
  }
  async put(x) {
    while (this.size() >= this.max) await new Promise((r) => this.putters.push(r));
    this.items.push(x);
    this.getters.shift()?.();
  }
  async get() {
    while (this.size() === 0) await new Promise((r) => this.getters.push(r));
    const x = this.items[this.head++];
    if (this.head > 1024) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.putters.shift()?.();
    return x;
  }
}
