"""demos/explore.ts (the bug zoo, demos/zoo.ts) in Python: five classic concurrency bugs, each
as a buggy program and its fix, on asyncio. asyncio has no explore(): CPython runs a program in
its one FIFO order, where each of these bugs hides. So this port prints what each program does
under CPython's order, buggy and fixed, on the oracle's virtual clock; yieldfrom's
runSchedule(program, []) must give the same results (spec/ports.spec.ts checks it). The other
orders that explore() tries, and the failures it finds there, are yieldfrom's own."""
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from vloop import VirtualTimeLoop  # noqa: E402


async def join_all(tasks):
    for t in tasks:
        await t


# 1. Lost update: read, yield, write back — without a lock two deposits can read the same balance.
def bank(with_lock):
    async def program():
        balance = 0
        lock = asyncio.Lock()

        async def deposit(early):
            nonlocal balance
            if not early:
                await asyncio.sleep(0)  # arrives a little later

            async def body():
                nonlocal balance
                b = balance
                await asyncio.sleep(0)  # e.g. an await on a database
                balance = b + 1

            if with_lock:
                async with lock:
                    await body()
            else:
                await body()

        await join_all([asyncio.create_task(deposit(True)), asyncio.create_task(deposit(False))])
        return balance

    return program


# 2. Missed notify: the flag is checked outside the condition's lock, so the notify can come
#    between the check and the wait, and the consumer waits forever.
def handoff(correct):
    async def program():
        cond = asyncio.Condition()
        ready = False

        async def consume():
            if correct:
                await asyncio.sleep(0)
                async with cond:
                    await cond.wait_for(lambda: ready)
            elif not ready:
                await asyncio.sleep(0)
                async with cond:
                    await cond.wait()

        consumer = asyncio.create_task(consume(), name="consumer")

        async def produce():
            nonlocal ready
            await asyncio.sleep(0)
            ready = True
            async with cond:
                cond.notify()

        producer = asyncio.create_task(produce(), name="producer")
        await join_all([consumer, producer])
        return "handed off"

    return program


# 3. Lock-order deadlock: two tasks take two locks in opposite orders.
def transfer(same_order):
    async def program():
        a = asyncio.Lock()
        b = asyncio.Lock()

        async def take(first, second, late):
            if late:
                await asyncio.sleep(0)
            async with first:
                await asyncio.sleep(0)
                async with second:
                    pass

        t1 = asyncio.create_task(take(a, b, False), name="t1")
        t2 = asyncio.create_task(take(a, b, True) if same_order else take(b, a, True), name="t2")
        await join_all([t1, t2])
        return "transferred"

    return program


# 4. Check-then-act on a queue: empty() says there is an item, but another consumer takes it
#    before get_nowait() runs.
def consumers(atomic):
    async def program():
        q = asyncio.Queue()
        q.put_nowait(1)
        got = []

        async def consume(late):
            if late:
                await asyncio.sleep(0)
            if atomic:
                try:
                    got.append(q.get_nowait())
                except asyncio.QueueEmpty:
                    pass
            elif not q.empty():
                await asyncio.sleep(0)  # e.g. logging that awaits
                got.append(q.get_nowait())  # QueueEmpty if the other consumer was first

        await join_all([asyncio.create_task(consume(False)), asyncio.create_task(consume(True))])
        return len(got)

    return program


# 5. task_done/join misuse: the worker hands each item to a helper task and marks it done at
#    once, before the helper has stored the result, so join() can return too early.
def pipeline(done_last):
    async def program():
        q = asyncio.Queue()
        results = []

        async def work():
            while True:
                x = await q.get()

                async def store():
                    results.append(x * 10)
                    if done_last:
                        q.task_done()  # the fix: done when the work is done

                asyncio.create_task(store())
                if not done_last:
                    q.task_done()  # the bug: done before the helper has run

        worker = asyncio.create_task(work())
        await asyncio.sleep(0)
        q.put_nowait(1)
        await q.join()
        stored = len(results)
        worker.cancel()
        return stored

    return program


zoo = [
    ("lost-update", "two deposits without a lock", bank(False), bank(True), lambda b: b == 2),
    ("missed-notify", "a flag checked outside the Condition", handoff(False), handoff(True), None),
    ("lock-order", "two locks taken in opposite orders", transfer(False), transfer(True), None),
    ("check-then-act", "empty() then get_nowait() with two consumers", consumers(False), consumers(True), lambda n: n == 1),
    ("join-misuse", "task_done() before the helper stores the result", pipeline(False), pipeline(True), lambda n: n == 1),
]


def run_fifo(program, check):
    """Runs a program in CPython's own order; returns what it returned and whether it passes."""
    result = asyncio.run(program(), loop_factory=VirtualTimeLoop)
    return result, check is None or check(result)


def main():
    for name, what, buggy, fixed, check in zoo:
        print(f"--- {name}: {what}")
        for label, program in (("under FIFO", buggy), ("the fix under FIFO", fixed)):
            result, ok = run_fifo(program, check)
            print(f"{label}: returns {result} ({'passes' if ok else 'fails'})")


if __name__ == "__main__":
    main()
