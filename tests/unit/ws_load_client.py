"""
Load-test client, run as a separate process by ``test_transport.py`` so that its sockets and memory don't
count in the server process: opens N WebSocket connections (``websockets`` asyncio client, one thread),
prints ``OPEN <n>``, waits for a line on stdin, closes them all (code 1000), prints ``CLOSED <n>``.
Everything is bounded in time; loopback only.

usage: python ws_load_client.py URL N
"""

import asyncio
import resource
import sys

from websockets.asyncio.client import connect


def raise_fd_limit(n: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = n + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))


async def main(url: str, n: int) -> None:
    semaphore = asyncio.Semaphore(64)  # handshakes in flight

    async def open_one():
        async with semaphore:
            return await connect(url, ping_interval=None, open_timeout=30, close_timeout=10)

    connections = await asyncio.gather(*(open_one() for _ in range(n)))
    print(f"OPEN {len(connections)}", flush=True)
    await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline), 120)
    await asyncio.gather(*(c.close() for c in connections))
    print(f"CLOSED {len(connections)}", flush=True)


if __name__ == "__main__":
    url, count = sys.argv[1], int(sys.argv[2])
    raise_fd_limit(count)
    asyncio.run(asyncio.wait_for(main(url, count), 180))
