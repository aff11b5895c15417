"""Interprets timer programs (see spec/oracle/timer-programs.ts) on CPython's own asyncio,
with the virtual-time loop in vloop.py beside this file. Reads a JSON list of programs
on stdin and prints a JSON list of traces, one per program."""
import asyncio, json, sys

from vloop import VirtualTimeLoop

assert sys.version_info >= (3, 13), f"the oracle is CPython 3.13 or later, this is {sys.version}"


def run_program(prog):
    trace = []
    loop = VirtualTimeLoop()
    handles = {}
    tasks = {}

    def fire(a):
        trace.append(["cb", a["id"], loop.time()])
        run_actions(a.get("body", []))

    async def sleeper(a):
        try:
            for k, s in enumerate(a["sleeps"]):
                await asyncio.sleep(s)
                trace.append(["wake", a["id"], k, loop.time()])
        except asyncio.CancelledError:
            trace.append(["cancelled", a["id"], loop.time()])
            raise

    def run_actions(actions):
        for a in actions:
            op = a["op"]
            if op == "later":
                handles[a["id"]] = loop.call_later(a["delay"], fire, a)
            elif op == "at":
                handles[a["id"]] = loop.call_at(loop.time() + a["delay"], fire, a)
            elif op == "soon":
                handles[a["id"]] = loop.call_soon(fire, a)
            elif op == "cancel":
                h = handles.get(a["target"])
                if h is not None:
                    h.cancel()
            elif op == "task":
                tasks[a["id"]] = loop.create_task(sleeper(a))
            elif op == "canceltask":
                t = tasks.get(a["target"])
                if t is not None:
                    t.cancel()
            else:
                raise ValueError(op)

    async def main():
        run_actions(prog["actions"])
        await asyncio.sleep(prog["horizon"])
        trace.append(["end", loop.time()])

    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
    return trace


print(json.dumps([run_program(p) for p in json.load(sys.stdin)]))
