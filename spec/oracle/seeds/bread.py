"""demos/bread.ts in Python: the bread producer/consumer tutorial (seed 000, 002). Two bakers
put bread on one plate (an asyncio.Queue), two eaters take it; gather waits for the bakers,
join() waits until every bread was eaten (task_done), then the eaters, who loop forever, are
cancelled. At 1.5 s Lucy eats before Grace: CPython's timer heap does not keep ties in order."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.4f}"


class ConsumerProducerModel:
    def __init__(self, producer, consumer, queue, plate_size=6):
        self.producer = producer
        self.consumer = consumer
        self.queue = queue
        self.plate_size = plate_size

    async def produce_bread(self):
        for i in range(self.plate_size):
            bread = f"bread {i}"
            await asyncio.sleep(0.5)  # baking takes time
            await self.queue.put(bread)
            print(f"{now()} {self.producer} makes {bread}")

    async def consume_bread(self):
        while True:
            bread = await self.queue.get()  # waits while the plate is empty
            await asyncio.sleep(1)  # eating takes longer
            print(f"{now()} {self.consumer} eats {bread}")
            self.queue.task_done()


async def main():
    queue = asyncio.Queue()
    cp1 = ConsumerProducerModel("John", "Grace", queue)
    cp2 = ConsumerProducerModel("Mike", "Lucy", queue)
    consumer1 = asyncio.ensure_future(cp1.consume_bread())
    consumer2 = asyncio.ensure_future(cp2.consume_bread())
    await asyncio.gather(cp1.produce_bread(), cp2.produce_bread())
    await queue.join()  # every bread eaten
    consumer1.cancel()
    consumer2.cancel()
