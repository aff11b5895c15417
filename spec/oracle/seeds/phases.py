"""demos/phases.ts in Python: as_completed (seed 004). Three phases start together; the answers
come in the order the phases finish (2, 1, 0). CPython's as_completed puts what it is given in
a set, so the "in phase N" start order is a set's iteration order and changes from run to run:
compare those lines as a multiset."""
import asyncio


async def phase(i):
    print(f"in phase {i}")
    await asyncio.sleep(0.5 - 0.1 * i)
    print(f"done with phase {i}")
    return f"phase {i} result"


async def main(num_phases=3):
    print("starting main")
    phases = [phase(i) for i in range(num_phases)]
    print("waiting for phases to complete")
    results = []
    for next_to_complete in asyncio.as_completed(phases):
        answer = await next_to_complete
        print(f"received answer {answer!r}")
        results.append(answer)
    print(f"results: {results!r}")
    return results
