"""Timers that share one thread: ``threading.Timer``'s interface without a thread per timer.

A timer per Lambda invocation (an environment's keep-alive) or per message (an integration's deadline) would start
a thread each time, and in a busy LocalStack ``Thread.start`` alone waited about 1.4 ms for the GIL. Here one daemon
thread keeps every deadline in a heap and wakes only for the earliest one; cancelled timers just stay in the heap
until they are due (or until a periodic sweep). A timer that fires runs its callback on a thread of its own, as
``threading.Timer`` does, so that a slow callback holds back no other timer.
"""

import heapq
import itertools
import threading
import time
from collections.abc import Callable


class _Scheduler:
    """One daemon thread that fires due timers, each callback on a thread of its own (as Timer does)."""

    def __init__(self):
        self._due: list[tuple[float, int, SharedTimer]] = []
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def schedule(self, timer: "SharedTimer") -> None:
        with self._changed:
            order = next(self._order)
            if order % 1024 == 0:  # cancelled timers (most keepalives) wait in the heap until due: drop them
                self._due = [entry for entry in self._due if not entry[2].cancelled]
                heapq.heapify(self._due)
            entry = (time.monotonic() + timer.interval, order, timer)
            heapq.heappush(self._due, entry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="lambda-shared-timer", daemon=True)
                self._thread.start()
            if (
                self._due[0] is entry
            ):  # only an earlier deadline changes the thread's wait (a wake costs the GIL)
                self._changed.notify()

    def _run(self) -> None:
        while True:
            with self._changed:
                while self._due and self._due[0][2].cancelled:
                    heapq.heappop(self._due)
                if not self._due:
                    self._changed.wait()
                    continue
                delay = self._due[0][0] - time.monotonic()
                if delay > 0:
                    self._changed.wait(delay)
                    continue
                _, _, timer = heapq.heappop(self._due)
            timer.fire()


_scheduler = _Scheduler()


class SharedTimer:
    """``threading.Timer``'s interface (``start``, ``cancel``, ``is_alive``) without a thread per timer."""

    def __init__(self, interval: float, function: Callable, args=None, kwargs=None):
        self.interval = interval
        self.function = function
        self.args = args or []
        self.kwargs = kwargs or {}
        self.cancelled = False
        self._state = "new"  # new -> waiting -> fired

    def start(self) -> None:
        if self._state != "new":
            raise RuntimeError("timers can only be started once")
        self._state = "waiting"
        _scheduler.schedule(self)

    def cancel(self) -> None:
        self.cancelled = True

    def is_alive(self) -> bool:
        return self._state == "waiting" and not self.cancelled

    def fire(self) -> None:
        self._state = "fired"
        if not self.cancelled:
            threading.Thread(
                target=self.function, args=self.args, kwargs=self.kwargs, name="lambda-timer", daemon=True
            ).start()
