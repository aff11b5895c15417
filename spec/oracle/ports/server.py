"""demos/server.ts in Python: the aiohttp tutorial's server, `/` and `/hello/{name}`, each
request handled by a coroutine. aiohttp is not in the standard library, so this port speaks
just enough HTTP/1.1 over asyncio streams. It prints its URL and serves until stopped (Ctrl-C);
with --once it answers one request from a built-in client and exits, as the demo does."""
import asyncio
import html
import re
import sys


async def index(params):
    await asyncio.sleep(0.5)
    return "<h1>Index</h1>"


async def hello(params):
    await asyncio.sleep(0.5)
    return f"<h1>hello, {html.escape(params['name'])}!</h1>"


routes = [("GET", re.compile(r"^/$"), index), ("GET", re.compile(r"^/hello/(?P<name>[^/]+)$"), hello)]


async def handle(reader, writer):
    """One connection, one request: route it, run its handler, send the answer."""
    request_line = (await reader.readline()).decode("latin-1").split()
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
        pass  # headers: not needed here
    method, path = request_line[0], request_line[1]
    status, body = 404, "not found"
    for m, pattern, handler in routes:
        match = pattern.match(path)
        if m == method and match:
            status, body = 200, await handler(match.groupdict())
            break
    data = body.encode()
    kind = "text/html" if status == 200 else "text/plain"
    writer.write(f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\ncontent-type: {kind}; charset=utf-8\r\ncontent-length: {len(data)}\r\nconnection: close\r\n\r\n".encode() + data)
    await writer.drain()
    writer.close()


async def fetch(url):
    """A tiny client: GET url, return (status, body)."""
    host, port, path = re.match(r"http://([^:/]+):(\d+)(/.*)", url).groups()
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(f"GET {path} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n".encode())
    answer = await reader.read()
    writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode()


async def main(once=False):
    server = await asyncio.start_server(handle, "127.0.0.1", 0 if once else 8000)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    print(f"Server started at {url}...")
    if once:
        status, body = await fetch(f"{url}/hello/yieldfrom")
        print(f"GET /hello/yieldfrom -> {status} {body}")
        server.close()
        await server.wait_closed()
        return
    async with server:
        try:
            await server.serve_forever()
        except asyncio.CancelledError:
            print("stopping")


if __name__ == "__main__":
    try:
        asyncio.run(main("--once" in sys.argv))
    except KeyboardInterrupt:
        pass
