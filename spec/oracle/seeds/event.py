"""demos/event.ts in Python: an Event set by a call_later callback wakes every coroutine waiting
on it (seed 004)."""
import asyncio


async def coro(name, event):
    print(f"{name} waiting for event")
    await event.wait()
    print(f"{name} triggered")


async def main():
    event = asyncio.Event()
    print(f"event start state: {event.is_set()}")

    def set_event():
        print("setting event in callback")
        event.set()

    asyncio.get_running_loop().call_later(0.1, set_event)
    await asyncio.wait([asyncio.ensure_future(coro("coro1", event)), asyncio.ensure_future(coro("coro2", event))])
    print(f"event end state: {event.is_set()}")
