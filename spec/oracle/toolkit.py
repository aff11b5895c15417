"""Interprets toolkit programs (see spec/oracle/toolkit-programs.ts) on CPython 3.13's asyncio
with the virtual-time loop in vloop.py beside this file. Reads a JSON list of programs on
stdin, prints a JSON list of traces. The yieldfrom interpreter mirrors this file op for op."""
import asyncio, json, sys

from vloop import VirtualTimeLoop

assert sys.version_info >= (3, 13), f"the oracle is CPython 3.13 or later, this is {sys.version}"

QUEUE_KINDS = {"Queue": asyncio.Queue, "LifoQueue": asyncio.LifoQueue, "PriorityQueue": asyncio.PriorityQueue}


def run_program(prog):
    trace = []
    loop = VirtualTimeLoop()
    asyncio.set_event_loop(loop)
    if prog.get("eager"):
        loop.set_task_factory(asyncio.eager_task_factory)

    def log(*ev):
        trace.append([*ev, loop.time()])

    async def main():
        queues = [QUEUE_KINDS[q["kind"]](q["maxsize"]) for q in prog["queues"]]
        locks = [asyncio.Lock() for _ in range(prog["locks"])]
        sems = [(asyncio.BoundedSemaphore if s["bounded"] else asyncio.Semaphore)(s["value"]) for s in prog["semaphores"]]
        events = [asyncio.Event() for _ in range(prog["events"])]
        conds = [asyncio.Condition() for _ in range(prog["conditions"])]
        barriers = [asyncio.Barrier(p) for p in prog["barriers"]]
        tasks = []

        async def run_ops(t, ops):
            for i, op in enumerate(ops):
                k = op["op"]
                try:
                    if k == "sleep":
                        await asyncio.sleep(op["s"])
                        log("slept", t, i)
                    elif k == "put":
                        await queues[op["q"]].put(op["item"])
                        log("put", t, i, op["item"])
                    elif k == "get":
                        log("got", t, i, await queues[op["q"]].get())
                    elif k == "putNowait":
                        queues[op["q"]].put_nowait(op["item"])
                        log("put", t, i, op["item"])
                    elif k == "getNowait":
                        log("got", t, i, queues[op["q"]].get_nowait())
                    elif k == "taskDone":
                        queues[op["q"]].task_done()
                        log("taskDone", t, i)
                    elif k == "join":
                        await queues[op["q"]].join()
                        log("joined", t, i)
                    elif k == "shutdown":
                        queues[op["q"]].shutdown(op["immediate"])
                        log("shutdown", t, i)
                    elif k == "acquire":
                        await locks[op["l"]].acquire()
                        log("acquired", t, i)
                    elif k == "release":
                        locks[op["l"]].release()
                        log("released", t, i)
                    elif k == "semAcquire":
                        await sems[op["s"]].acquire()
                        log("semAcquired", t, i)
                    elif k == "semRelease":
                        sems[op["s"]].release()
                        log("semReleased", t, i)
                    elif k == "set":
                        events[op["e"]].set()
                        log("set", t, i)
                    elif k == "clear":
                        events[op["e"]].clear()
                        log("clear", t, i)
                    elif k == "wait":
                        await events[op["e"]].wait()
                        log("waited", t, i)
                    elif k == "condWait":
                        async with conds[op["c"]]:
                            await conds[op["c"]].wait()
                            log("notified", t, i)
                    elif k == "notify":
                        async with conds[op["c"]]:
                            conds[op["c"]].notify(op["n"])
                            log("notify", t, i)
                    elif k == "barrier":
                        log("passed", t, i, await barriers[op["b"]].wait())
                    elif k == "abort":
                        await barriers[op["b"]].abort()
                        log("aborted", t, i)
                    elif k == "cancel":
                        log("cancel", t, i, op["target"], tasks[op["target"]].cancel() if op["target"] < len(tasks) else None)
                    elif k == "waitFor":
                        log("waitFor", t, i, await asyncio.wait_for(run_ops(t * 100 + i, op["body"]), op["timeout"]))
                    elif k == "gather":
                        res = await asyncio.gather(*[run_ops(t * 100 + i * 10 + j, b) for j, b in enumerate(op["bodies"])], return_exceptions=op["returnExceptions"])
                        log("gathered", t, i, [type(r).__name__ if isinstance(r, BaseException) else r for r in res])
                    else:
                        raise ValueError(k)
                except asyncio.CancelledError:
                    log("cancelled", t, i)
                    raise
                except Exception as e:
                    log("error", t, i, type(e).__name__)
            return t

        for t, ops in enumerate(prog["tasks"]):
            tasks.append(asyncio.ensure_future(run_ops(t, ops)))
        await asyncio.sleep(prog["horizon"])
        log("end", [("cancelled" if x.cancelled() else "failed" if x.exception() else "done") if x.done() else "pending" for x in tasks],
            [q.qsize() for q in queues], [l.locked() for l in locks], [e.is_set() for e in events])
        for x in tasks:
            x.cancel()
        await asyncio.sleep(0)

    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
    return trace


print(json.dumps([run_program(p) for p in json.load(sys.stdin)]))
