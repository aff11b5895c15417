"""demos/explore.ts (the bug zoo, demos/zoo.ts) in Python: thirteen concurrency bugs, each
as a buggy program and its fix, on asyncio. asyncio has no explore(): CPython runs a program in
its one FIFO order, where each of these bugs hides. So this port prints what each program does
under CPython's order, buggy and fixed, on the oracle's virtual clock; yieldfrom's
runSchedule(program, []) must give the same results (spec/ports.spec.ts checks it). The other
orders that explore() tries, and the failures it finds there, are yieldfrom's own."""
import asyncio
import os
import re
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


# 6-7. Dining philosophers: each takes the left fork, reaches for the right one. They sit down one
#      iteration apart. The fix: the last philosopher takes the forks in the other order.
def philosophers(n, ordered):
    async def program():
        forks = [asyncio.Lock() for _ in range(n)]

        async def dine(i):
            first, second = forks[i], forks[(i + 1) % n]
            if ordered and i == n - 1:
                first, second = second, first
            await asyncio.sleep(0)  # think
            await first.acquire()
            await asyncio.sleep(0)  # reach for the other fork
            await second.acquire()
            await asyncio.sleep(0)  # eat
            second.release()
            first.release()

        diners = []
        for i in range(n):
            diners.append(asyncio.create_task(dine(i), name=f"philosopher {i}"))
            await asyncio.sleep(0)
        await join_all(diners)
        return "all ate"

    return program


# 8. A pool of 19 connections shared by 20 workers, three requests each; a request's reply and
#    its timeout are due at the same instant, and the timeout path keeps the connection.
def connection_pool(release_on_timeout):
    async def program():
        loop = asyncio.get_running_loop()
        pool = asyncio.Semaphore(19)

        async def worker():
            for _ in range(3):
                await pool.acquire()
                settled = loop.create_future()

                def reply():
                    if settled.done():
                        return
                    pool.release()
                    settled.set_result("reply")

                def timeout():
                    if settled.done():
                        return
                    if release_on_timeout:
                        pool.release()  # the bug: the timeout path keeps the connection
                    settled.set_result("timeout")

                loop.call_later(0.1, reply)
                loop.call_later(0.1, timeout)
                await settled

        workers = [asyncio.create_task(worker(), name=f"worker {i}") for i in range(20)]
        await join_all(workers)
        return "all served"

    return program


# 9. A cache entry's expiry and its refresh fall due at the same instant.
def cache_expiry(versioned):
    async def program():
        loop = asyncio.get_running_loop()
        cache = {}
        version = 0

        def put(value):
            nonlocal version
            version += 1
            v = version
            cache["k"] = (value, v)

            def expire():
                if not versioned or cache.get("k", (None, None))[1] == v:
                    cache.pop("k", None)

            loop.call_later(1, expire)

        put("v1")
        await asyncio.sleep(0)
        loop.call_later(1, lambda: put("v2"))
        await asyncio.sleep(1.5)
        return cache["k"][0] if "k" in cache else "missing"

    return program


# 10. A stale reply: the client gives up after 0.1 s and retries, then takes the next reply as the
#     answer to the retry. The server answers in 0.05 s.
def stale_reply(match_ids):
    async def program():
        requests = asyncio.Queue()
        replies = asyncio.Queue()

        async def serve():
            while True:
                rid = await requests.get()
                await asyncio.sleep(0.05)  # processing
                replies.put_nowait((rid, f"reply to {rid}"))

        server = asyncio.create_task(serve(), name="server")
        answer = "gave up"
        tries = 0
        while tries < 2 and answer == "gave up":
            tries += 1
            rid = tries
            requests.put_nowait(rid)
            try:
                while True:
                    got, body = await asyncio.wait_for(replies.get(), 0.1)
                    if match_ids and got != rid:
                        continue  # a late reply to an earlier try
                    answer = body
                    break
            except TimeoutError:
                pass
        server.cancel()
        return answer if answer == "gave up" else f"{answer}, try {tries}"

    return program


# 11. Lazy initialisation: two users find no client and both connect.
def lazy_init(once):
    async def program():
        client = None
        connecting = None
        connections = 0

        async def get_client():
            nonlocal client, connecting, connections
            if client is not None:
                return client
            if once and connecting is not None:
                await connecting.wait()
                return client
            if once:
                connecting = asyncio.Event()
            await asyncio.sleep(0)  # connecting
            connections += 1
            client = f"connection {connections}"
            if connecting is not None:
                connecting.set()
            return client

        async def user(late):
            if late:
                await asyncio.sleep(0)
            return await get_client()

        await join_all([asyncio.create_task(user(False)), asyncio.create_task(user(True))])
        return connections

    return program


# 12. A leaked lock: an early return between acquire() and release().
def leaked_lock(releases):
    async def program():
        cache = {}
        lock = asyncio.Lock()

        async def get(key):
            if key in cache:
                return cache[key]
            await lock.acquire()
            if key in cache:
                if releases:
                    lock.release()  # the bug: this return keeps the lock
                return cache[key]  # filled while we waited
            await asyncio.sleep(0)  # fetch
            cache[key] = len(key)
            lock.release()
            return cache[key]

        async def user(key, late, later):
            if late:
                await asyncio.sleep(0)
            if later:
                await asyncio.sleep(later)
            return await get(key)

        users = [
            asyncio.create_task(user("a", False, 0), name="first"),
            asyncio.create_task(user("a", True, 0), name="second"),
            asyncio.create_task(user("bb", False, 1), name="third"),
        ]
        total = 0
        for t in users:
            total += await t
        return total

    return program



# 13. A hedged request: ask the primary; if no reply has come after 0.08 s, ask a backup too, and
#     take whichever answers first. Each server charges the card before it replies; the fix
#     cancels the losing request.
def hedged_request(cancel_loser):
    async def program():
        charges = 0
        loop = asyncio.get_running_loop()

        async def server(latency, reply, name):
            nonlocal charges
            await asyncio.sleep(latency)  # the network and the work
            charges += 1
            if not reply.done():
                reply.set_result(name)

        reply = loop.create_future()
        primary = asyncio.create_task(server(0.05, reply, "primary"), name="primary")
        backup = None
        try:
            await asyncio.wait_for(asyncio.shield(reply), 0.08)
        except TimeoutError:
            backup = asyncio.create_task(server(0.05, reply, "backup"), name="backup")
        winner = await reply
        if cancel_loser:
            for t in (primary, backup):
                if t is not None and not t.done():
                    t.cancel()
        await asyncio.sleep(0.5)  # the client goes on; the loser, if still running, finishes meanwhile
        return f"{winner}, charged {charges}"

    return program

zoo = [
    ("lost-update", "two deposits without a lock", bank(False), bank(True), lambda b: b == 2),
    ("missed-notify", "a flag checked outside the Condition", handoff(False), handoff(True), None),
    ("lock-order", "two locks taken in opposite orders", transfer(False), transfer(True), None),
    ("check-then-act", "empty() then get_nowait() with two consumers", consumers(False), consumers(True), lambda n: n == 1),
    ("join-misuse", "task_done() before the helper stores the result", pipeline(False), pipeline(True), lambda n: n == 1),
    ("philosophers-5", "five philosophers", philosophers(5, False), philosophers(5, True), None),
    ("philosophers-8", "eight philosophers", philosophers(8, False), philosophers(8, True), None),
    ("connection-pool", "20 workers, 19 connections", connection_pool(False), connection_pool(True), None),
    ("cache-expiry", "an expiry and a refresh due at the same instant", cache_expiry(False), cache_expiry(True), lambda v: v == "v2"),
    ("stale-reply", "a late reply taken as the answer to the retry", stale_reply(False), stale_reply(True), lambda r: r == "gave up" or re.fullmatch(r"reply to (\d+), try \1", r) is not None),
    ("lazy-init", "two users both connect", lazy_init(False), lazy_init(True), lambda n: n == 1),
    ("leaked-lock", "an early return that keeps a lock", leaked_lock(False), leaked_lock(True), None),
    ("hedged-request", "a hedged request whose loser is not cancelled charges twice", hedged_request(False), hedged_request(True), lambda r: r.endswith("charged 1")),
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
