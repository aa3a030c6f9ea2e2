"""``OrderedExecutor``: a bounded worker pool that runs tasks in order per key, keys in parallel.

Used by the transport to run ``ConnectionHandler.on_message`` / ``on_close`` off the reactor thread: the
tasks of one key (one WebSocket connection) never run concurrently and never out of submission order, while
tasks of different keys run in parallel on up to ``max_workers`` threads.

Memory per key is zero while the key has no pending task: a key only appears in the executor's tables
between its first pending task and the completion of its last one. Threads are started lazily, up to
``max_workers``, and then kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any

LOG = logging.getLogger(__name__)


class _Task:
    __slots__ = ("fn", "args", "released")

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]):
        self.fn, self.args, self.released = fn, args, False


class ExecutorShutdown(RuntimeError):
    """Raised by ``OrderedExecutor.submit`` after ``shutdown``."""


class OrderedExecutor:
    """
    Bounded pool of worker threads running tasks serially per key and in parallel across keys.

    Scheduling: each key with pending tasks has a FIFO queue; a key is in the "ready" queue while its head
    task waits for a worker. A worker takes one ready key, runs its head task, and puts the key back at the
    end of the ready queue if more tasks are pending, so a busy key cannot starve the others (round robin,
    one task per turn). The head task stays in the key's queue while it runs, which is what prevents a
    second worker from picking the same key.

    A running task can give up its key before it ends (``release_current``): the key's next task may then start
    on another worker while it goes on (a message whose integration timed out: the gateway has answered it, the
    function runs on). Such a task no longer counts towards ``max_workers``.

    Exceptions raised by tasks are logged and otherwise ignored.
    """

    def __init__(self, max_workers: int = 16, *, name: str = "ws-worker"):
        if max_workers < 1:
            raise ValueError("max_workers must be >= 1")
        self._max_workers = max_workers
        self._name = name
        lock = threading.Lock()
        self._cond = threading.Condition(lock)  # workers wait here for ready keys
        self._idle_cond = threading.Condition(lock)  # ``wait_idle`` waits here
        self._queues: dict[Hashable, deque[_Task]] = {}
        self._ready: deque[Hashable] = deque()
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._released = 0  # running tasks that gave up their key (their workers are extra)
        self._shutdown = False
        self._running = threading.local()  # on a worker: the key and task it runs

    @property
    def max_workers(self) -> int:
        return self._max_workers

    @property
    def thread_count(self) -> int:
        """Number of worker threads started so far (never more than ``max_workers``)."""
        return len(self._threads)

    def submit(self, key: Hashable, fn: Callable[..., Any], *args: Any) -> int:
        """
        Queue ``fn(*args)`` behind every task submitted earlier for ``key``. Never blocks on the task.

        :return: the number of tasks of ``key`` queued or running, including this one
        :raises ExecutorShutdown: after ``shutdown``
        """
        with self._cond:
            if self._shutdown:
                raise ExecutorShutdown("OrderedExecutor is shut down")
            queue = self._queues.get(key)
            if queue is None:
                self._queues[key] = deque((_Task(fn, args),))
                self._make_ready(key)
                return 1
            queue.append(_Task(fn, args))
            return len(queue)

    def release_current(self) -> Callable[[], bool]:
        """On a worker: a function that, from any thread, lets the key of the task running here go on without it
        (its next task may start at once); it returns False when the task had ended already."""
        key, task = getattr(self._running, "key", None), getattr(self._running, "task", None)
        if task is None:  # not on a worker of this executor: nothing to release
            return lambda: False

        def release() -> bool:
            with self._cond:
                queue = self._queues.get(key)
                if task.released or not queue or queue[0] is not task:
                    return False
                task.released = True
                self._released += 1
                queue.popleft()
                if queue:
                    self._make_ready(key)
                else:
                    del self._queues[key]
                    if not self._queues:
                        self._idle_cond.notify_all()
                return True

        return release

    def pending(self, key: Hashable) -> int:
        """Number of tasks of ``key`` queued or running."""
        with self._cond:
            queue = self._queues.get(key)
            return len(queue) if queue else 0

    def idle(self) -> bool:
        """True when no task is queued or running."""
        with self._cond:
            return not self._queues

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no task is queued or running, at most ``timeout`` seconds. Returns ``idle()``."""
        deadline = time.monotonic() + timeout
        with self._idle_cond:
            while self._queues:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle_cond.wait(remaining)
            return True

    def shutdown(self, wait: bool = True, timeout: float | None = None) -> bool:
        """
        Refuse new tasks; with ``wait``, run the tasks already queued and wait for the workers to exit (at
        most ``timeout`` seconds). Returns True when every queued task has run.
        """
        with self._cond:
            self._shutdown = True
            self._cond.notify_all()
            threads = list(self._threads)
        if not wait:
            return self.idle()
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in threads:
            if thread is threading.current_thread():
                continue
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return self.idle()

    # internals

    def _make_ready(self, key: Hashable) -> None:
        # called with the lock held: wake an idle worker for this key unless the idle ones are all spoken for
        self._ready.append(key)
        if len(self._ready) <= self._idle:
            self._cond.notify()
        elif len(self._threads) < self._max_workers + self._released:
            self._start_worker()

    def _start_worker(self) -> None:
        # called with the lock held
        thread = threading.Thread(target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        cond = self._cond
        while True:
            with cond:
                while not self._ready:
                    if self._shutdown:
                        return
                    self._idle += 1
                    try:
                        cond.wait()
                    finally:
                        self._idle -= 1
                key = self._ready.popleft()
                queue = self._queues[key]
                task = queue[0]
            self._running.key, self._running.task = key, task
            try:
                task.fn(*task.args)
            except BaseException:
                LOG.exception("Error in task %r of %r", task.fn, key)
            with cond:
                if task.released:  # its key went on without it
                    self._released -= 1
                    continue
                queue.popleft()
                if queue:
                    self._ready.append(key)
                    # this worker takes one ready key itself; wake an idle one for any other
                    if self._idle and len(self._ready) > 1:
                        cond.notify()
                else:
                    del self._queues[key]
                    if not self._queues:
                        self._idle_cond.notify_all()
