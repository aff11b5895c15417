"""demos/barrier.ts in Python: three runners wait for each other at a Barrier; the last to
arrive lets all three through at once, each with its own index."""
import asyncio


def t():
    return f"{asyncio.get_running_loop().time():.1f}"


async def main():
    barrier = asyncio.Barrier(3)

    async def runner(name, secs):
        await asyncio.sleep(secs)
        print(f"{t()} {name} arrives")
        index = await barrier.wait()
        print(f"{t()} {name} passes (index {index})")

    tasks = [asyncio.create_task(runner(name, secs)) for name, secs in (("ann", 0.3), ("bob", 1), ("cyd", 0.6))]
    for task in tasks:
        await task
