"""demos/hello.ts in Python: seed 003's @asyncio.coroutine example. CPython 3.11 removed
@asyncio.coroutine, so this is the async def spelling; the behaviour is the seed's: two tasks
on one thread both say hello, sleep at the same time, and say hello again one second later."""
import asyncio
import threading


async def hello():
    print(f"Hello world! ({threading.current_thread().name})")
    await asyncio.sleep(1)
    print(f"Hello again! ({threading.current_thread().name})")


async def main():
    tasks = [asyncio.ensure_future(hello()), asyncio.ensure_future(hello())]
    await asyncio.wait(tasks)
