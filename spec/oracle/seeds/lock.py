"""demos/lock.ts in Python: a Lock released by a call_later callback (seed 004). main takes the
lock first; both coroutines queue for it; the callback releases it and they get it in arrival
order. coro1 uses `async with`, coro2 acquire/release in try/finally."""
import asyncio


async def coro1(lock):
    print("coro1 waiting for the lock")
    async with lock:
        print("coro1 acquired lock")
    print("coro1 released lock")


async def coro2(lock):
    print("coro2 waiting for the lock")
    await lock.acquire()
    try:
        print("coro2 acquired lock")
    finally:
        print("coro2 released lock")
        lock.release()


async def main():
    lock = asyncio.Lock()
    print("acquiring the lock before starting coroutines")
    await lock.acquire()
    print(f"lock acquired: {lock.locked()}")

    def unlock():
        print("callback releasing lock")
        lock.release()

    asyncio.get_running_loop().call_later(0.1, unlock)
    print("waiting for coroutines")
    await asyncio.wait([asyncio.ensure_future(coro1(lock)), asyncio.ensure_future(coro2(lock))])
