"""Connect/close soak for ``make bench``: LocalStack's threads, file descriptors and memory must not grow from one
round of connections to the next once it is warm.

Each cycle opens a connection to a Lambda proxy route; every 5th sends a message and waits for the function's
answer, every 3rd is dropped without a close frame (the TCP connection just ends), the others close cleanly.
Cycles run 50 at a time; loopback only; every round is bounded in count and time.
"""

import asyncio
import dataclasses
import os
import socket
import time

import psutil
from websockets.asyncio.client import connect

CONCURRENCY = 50
# The warm-up runs twice as many connections at once as a round: the thread pools that serve connections (twisted's
# for LocalStack's handlers, the extension's workers) start threads only when all theirs are busy and keep them,
# up to their bounds; warmed up at a higher peak, they need none in the rounds, and what is left to grow is a leak.
WARM_UP_CONCURRENCY = 2 * CONCURRENCY
ROUND_TIME_LIMIT = 600  # seconds per round at most


@dataclasses.dataclass(frozen=True)
class Usage:
    threads: int
    fds: int
    rss_kb: int


def usage(pid: int) -> Usage:
    process = psutil.Process(pid)
    return Usage(process.num_threads(), len(os.listdir(f"/proc/{pid}/fd")), process.memory_info().rss // 1024)


async def _cycle(url: str, index: int, errors: list[str]) -> None:
    try:
        ws = await connect(url, open_timeout=30, close_timeout=10, ping_interval=None)
    except Exception as error:  # counted and reported: the soak's result, not a crash of the bench
        errors.append(f"cycle {index}: connect: {type(error).__name__}: {error}")
        return
    try:
        if index % 5 == 0:
            await ws.send(f"soak {index}")
            await asyncio.wait_for(ws.recv(), 30)
    except Exception as error:
        errors.append(f"cycle {index}: message: {type(error).__name__}: {error}")
    finally:
        if index % 3 == 0:
            # the TCP connection ends (RST) without a close frame
            ws.transport.get_extra_info("socket").setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            ws.transport.abort()
        else:
            await ws.close()


async def _round(url: str, cycles: int, concurrency: int = CONCURRENCY) -> list[str]:
    errors: list[str] = []
    indexes = iter(range(cycles))

    async def worker():
        for index in indexes:
            await _cycle(url, index, errors)

    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), ROUND_TIME_LIMIT)
    return errors


def soak(
    url: str, pid: int, rounds: int = 3, cycles: int = 5000, warm_up: int = 1000, settle: float = 3.0
) -> dict:
    """Runs a warm-up, then ``rounds`` rounds of ``cycles``; the usage after each (after ``settle`` seconds)."""
    asyncio.run(_round(url, warm_up, WARM_UP_CONCURRENCY))
    time.sleep(settle)
    after_rounds, errors, seconds = [usage(pid)], [], []
    for _ in range(rounds):
        started = time.perf_counter()
        errors += asyncio.run(_round(url, cycles))
        seconds.append(time.perf_counter() - started)
        time.sleep(settle)
        after_rounds.append(usage(pid))
    return {"usage": after_rounds, "errors": errors, "seconds": seconds}


def grows(
    usages: list[Usage], rss_slack_kb: int = 4096, fd_slack: int = 8, thread_slack: int = 4
) -> list[str]:
    """What grew from round to round beyond transient slack (pools settling, a connection still closing)."""
    grown = []
    first, last = usages[1], usages[-1]  # usages[0] is after the warm-up only
    if last.fds > first.fds + fd_slack:
        grown.append(f"fds {first.fds} -> {last.fds}")
    if last.threads > first.threads + thread_slack:
        grown.append(f"threads {first.threads} -> {last.threads}")
    per_round = (last.rss_kb - first.rss_kb) / max(1, len(usages) - 2)
    if per_round > rss_slack_kb:
        grown.append(f"RSS +{per_round:.0f} KB per round")
    return grown
