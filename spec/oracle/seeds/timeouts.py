"""demos/timeouts.ts in Python: wait_for gives up on slow work (and cancels it); a timeout scope
bounds a whole block; a TaskGroup runs children together, and when one fails the others are
cancelled and the errors come back together in one ExceptionGroup. (The demo prints
JavaScript's `true`; so does this port.)"""
import asyncio


def t():
    return f"{asyncio.get_running_loop().time():.1f}"


async def fetch_page(name, secs):
    try:
        await asyncio.sleep(secs)
        return f"{name} page"
    finally:
        print(f"{t()} {name}: cleaned up")


async def broken():
    await asyncio.sleep(0.3)
    raise ValueError("broken link")


async def main():
    page = await asyncio.wait_for(fetch_page("fast", 0.2), 1)
    print(f"{t()} got: {page}")
    try:
        await asyncio.wait_for(fetch_page("slow", 5), 1)
    except TimeoutError:
        print(f"{t()} waitFor: TimeoutError (the slow fetch was cancelled)")
    scope = asyncio.timeout(0.5)
    try:
        async with scope:
            await fetch_page("first", 0.3)
            await fetch_page("second", 0.3)  # the scope's deadline passes here
    except TimeoutError:
        print(f"{t()} timeout scope expired: {str(scope.expired()).lower()}")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch_page("ok", 2))
            tg.create_task(broken())
    except ExceptionGroup as e:
        print(f"{t()} TaskGroup: {', '.join(str(x) for x in e.exceptions)}")
