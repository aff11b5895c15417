"""demos/countdown.ts in Python: three count_downs sharing one clock (seed 001). The tasks wait
at the same time, so the total is the longest countdown (3 s), not the sum (6.9 s)."""
import asyncio


async def count_down(name, delay, start):
    indents = "\t" * (ord(name) - ord("A"))
    n = 3
    while n:
        await asyncio.sleep(delay)  # give up the loop until the delay has passed
        duration = asyncio.get_running_loop().time() - start
        print("-" * 40)
        print(f"{duration:.4f} \t{indents}{name} = {n}")
        n -= 1


async def main():
    start = asyncio.get_running_loop().time()
    tasks = [asyncio.create_task(count_down(name, delay, start)) for name, delay in (("A", 1), ("B", 0.8), ("C", 0.5))]
    for t in tasks:  # wait for all three
        await t
    print("-" * 40)
    print("Done")
