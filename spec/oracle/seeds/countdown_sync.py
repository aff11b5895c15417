"""demos/countdown-sync.ts in Python: the same three count_downs one after another (seed 001's
"before" picture): each await runs a whole countdown before the next starts, so the total is
the sum of the delays, 6.9 s."""
import asyncio

from countdown import count_down


async def main():
    start = asyncio.get_running_loop().time()
    for name, delay in (("A", 1), ("B", 0.8), ("C", 0.5)):
        await count_down(name, delay, start)  # delegate: run it to the end, then go on
    print("-" * 40)
    print(f"Done in {asyncio.get_running_loop().time() - start:.4f} s (the sum of the delays)")
