"""demos/condition.ts in Python: a Condition hands work from a producer to two consumers. Each
consumer waits (releasing the lock) until there is an item; notify() wakes one, FIFO; wait_for
re-checks the predicate after every wake-up."""
import asyncio


def t():
    return f"{asyncio.get_running_loop().time():.1f}"


async def main():
    cond = asyncio.Condition()
    items = []

    async def consumer(name):
        for _ in range(2):
            async with cond:
                await cond.wait_for(lambda: len(items) > 0)
                item = items.pop(0)
            print(f"{t()} {name} got {item}")

    consumers = [asyncio.create_task(consumer(name)) for name in ("c1", "c2")]
    for i in range(4):
        await asyncio.sleep(0.5)
        async with cond:
            items.append(f"item {i}")
            print(f"{t()} producer put item {i}, notify one")
            cond.notify()
    for c in consumers:
        await c
