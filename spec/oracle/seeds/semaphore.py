"""demos/semaphore.ts in Python: a Semaphore(2) lets at most two downloads run at once; the
others wait their turn, FIFO."""
import asyncio


def t():
    return f"{asyncio.get_running_loop().time():.1f}"


async def main():
    sem = asyncio.Semaphore(2)
    running = 0

    async def download(name, secs):
        nonlocal running
        async with sem:
            running += 1
            print(f"{t()} {name} starts ({running} running)")
            await asyncio.sleep(secs)
            running -= 1
            print(f"{t()} {name} done")

    tasks = [asyncio.create_task(download(name, secs)) for name, secs in (("a", 1), ("b", 0.5), ("c", 1), ("d", 0.5))]
    for task in tasks:
        await task
