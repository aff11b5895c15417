"""demos/executor.ts in Python: blocking work on a pool of worker threads, after the
run_in_executor tutorial. Three count_downs that block their thread (1 s, 0.8 s, 0.5 s per
step) run on a pool of three and finish in about the longest one's time, not the sum.
Threads run on real time (no virtual clock here): by default the delays are scaled by 0.1;
--real uses them as they are. spec/ports.spec.ts runs it on CPython beside the demo."""
import asyncio
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def count_down(name, delay):
    """Counts down from 3, blocking `delay` seconds before each step; returns the lines and how long it took."""
    t0 = time.perf_counter()
    lines = []
    for n in range(3, 0, -1):
        time.sleep(delay)
        lines.append(f"{name} = {n}")
    return lines, time.perf_counter() - t0


def warm_up():
    """Holds a worker for a moment, so that warming the pool with one call per thread starts every thread."""
    time.sleep(0.05)


async def main(real=False):
    scale = 1 if real else 0.1
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=3) as pool:
        # Starting a thread takes a while; warm all three first, so that only the work is timed.
        await asyncio.gather(*(loop.run_in_executor(pool, warm_up) for _ in range(3)))
        t0 = time.perf_counter()
        jobs = [("A", 1), ("B", 0.8), ("C", 0.5)]
        results = await asyncio.gather(*(loop.run_in_executor(pool, count_down, name, delay * scale) for name, delay in jobs))
        wall = time.perf_counter() - t0
    for lines, _ in results:
        print(", ".join(lines))
    # Each job timed itself. One after another they would take the sum; side by side, the longest.
    total = sum(seconds for _, seconds in results)
    longest = max(seconds for _, seconds in results)
    if wall < (total + longest) / 2:
        verdict = "nearer the longest job than the sum: they ran side by side"
    else:
        verdict = "nearer the sum than the longest job: they ran one after another"
    print(f"three count_downs on three threads took {wall:.2f} s; the longest took {longest:.2f} s, all three {total:.2f} s: {verdict}")


if __name__ == "__main__":
    asyncio.run(main("--real" in sys.argv))
