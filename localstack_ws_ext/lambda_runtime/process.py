"""One running function process and the pipes to it.

The messages are those of LocalStack's executor endpoint (invoke; ready / init error; response / error; logs),
carried over two pipes instead of HTTP loopback calls: the child reads ``invoke`` messages from one and writes
replies to the other (their fd numbers are in ``_LOCALSTACK_RUNTIME_FDS="<in>,<out>"``, which the bootstraps
remove from the function's environment), one JSON object per line; its stdout and stderr, merged as in
CloudWatch, are the log stream.
A pipe costs no port, no server in the child and no trip through LocalStack's HTTP handler chain per message,
and a dead child shows up at once as end-of-file.

Everything is read on the calling thread with a selector: an idle environment holds no thread.
"""

import contextlib
import json
import logging
import os
import selectors
import signal
import subprocess
import threading
import time
import weakref
from collections import deque

LOG = logging.getLogger(__name__)

CONTROL_FDS_VARIABLE = "_LOCALSTACK_RUNTIME_FDS"
RECENT_OUTPUT_LIMIT = 64 * 1024

_live_processes: "weakref.WeakSet[RuntimeProcess]" = weakref.WeakSet()
_live_lock = threading.Lock()


class ProcessExited(Exception):
    """The child ended before it answered; ``exit_code`` is its exit status."""

    def __init__(self, exit_code: int | None):
        super().__init__(f"Runtime exited with error: exit status {exit_code}")
        self.exit_code = exit_code


class ReplyTimeout(Exception):
    """No answer before the deadline."""


class RuntimeProcess:
    """A function process speaking the pipe protocol; not thread-safe (one invoke at a time, as LocalStack does)."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str):
        self._to_child_read, self._to_child = os.pipe()
        self._from_child, self._from_child_write = os.pipe()
        env = {**env, CONTROL_FDS_VARIABLE: f"{self._to_child_read},{self._from_child_write}"}
        self.process = subprocess.Popen(
            argv,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(self._to_child_read, self._from_child_write),
            # its own process group: everything the function spawns is killed together with it
            start_new_session=True,
        )
        os.close(self._to_child_read)
        os.close(self._from_child_write)
        self._output_fd = self.process.stdout.fileno()
        os.set_blocking(self._output_fd, False)
        os.set_blocking(self._from_child, False)
        self._message_buffer = b""
        self._messages: deque[dict] = deque()
        self._output = bytearray()
        self.recent_output: deque[bytes] = deque()
        self._recent_size = 0
        self._closed = False
        self._receiving = False
        self._fds_closed = False
        self._fd_lock = threading.Lock()
        with _live_lock:
            _live_processes.add(self)

    @property
    def pid(self) -> int:
        return self.process.pid

    def is_alive(self) -> bool:
        return not self._closed and self.process.poll() is None

    def send(self, message: dict) -> None:
        data = (json.dumps(message) + "\n").encode()
        try:
            while data:
                data = data[os.write(self._to_child, data) :]
        except (BrokenPipeError, OSError):
            raise ProcessExited(self.process.poll()) from None

    @contextlib.contextmanager
    def in_use(self):
        """Marks a conversation with the child (send, receive, take_output): a ``kill`` from another thread
        meanwhile ends the child, but the pipes stay open until the conversation is over. Closing them under a
        waiting selector would leave it waiting, and their numbers could be reused by another file."""
        with self._fd_lock:
            if self._fds_closed:
                raise ProcessExited(self.process.poll())
            self._receiving = True
        try:
            yield self
        finally:
            with self._fd_lock:
                self._receiving = False
            if self._closed:
                self._close_fds()

    def receive(self, deadline: float) -> dict:
        """The next message from the child, reading its output meanwhile; raises ReplyTimeout or ProcessExited."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._from_child, selectors.EVENT_READ)
            selector.register(self._output_fd, selectors.EVENT_READ)
            while not self._messages:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ReplyTimeout()
                for key, _ in selector.select(remaining):
                    if key.fd == self._output_fd:
                        if not self._read_output():
                            selector.unregister(self._output_fd)
                    elif not self._read_messages():
                        self._read_output()
                        raise ProcessExited(self._wait_exit_code())
        return self._messages.popleft()

    def take_output(self) -> str:
        """What the child wrote since the last call. The child writes its output before its reply, so
        everything of an invocation is already in the pipe when the reply has arrived."""
        while self._read_output():
            pass
        output, self._output = bytes(self._output), bytearray()
        return output.decode("utf-8", errors="replace")

    def recent_logs(self) -> str:
        return b"".join(self.recent_output).decode("utf-8", errors="replace")

    def max_memory_used_mb(self) -> int:
        """The process's peak resident memory (Linux's VmHWM, what AWS's "Max Memory Used" reports), from one
        read of /proc per invocation."""
        try:
            fd = os.open(f"/proc/{self.pid}/status", os.O_RDONLY)
            try:
                status = os.read(fd, 8192)
            finally:
                os.close(fd)
            kilobytes = int(status.split(b"VmHWM:", 1)[1].split(None, 1)[0])
            return max(1, kilobytes // 1024)
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        """Ends the child and everything it started, at once. Safe from any thread: a thread waiting in
        ``receive`` sees the end of the pipe and raises ProcessExited (the pipes are closed after it left,
        never under it: a closed descriptor would just vanish from its selector)."""
        if self._closed:
            return
        self._closed = True
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            LOG.warning("Lambda runtime process %s did not exit after SIGKILL", self.pid)
        self._close_fds()
        with _live_lock:
            _live_processes.discard(self)

    def _close_fds(self) -> None:
        with self._fd_lock:
            if self._fds_closed or self._receiving:
                return  # already done, or the receiving thread does it when it leaves
            self._fds_closed = True
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self.process.stdout.close()

    def _wait_exit_code(self) -> int | None:
        try:
            return self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return None

    def _read_output(self) -> bool:
        try:
            chunk = os.read(self._output_fd, 65536)
        except BlockingIOError:
            return False
        except (OSError, ValueError):
            return False
        if not chunk:
            return False
        self._output += chunk
        self.recent_output.append(chunk)
        self._recent_size += len(chunk)
        while self._recent_size > RECENT_OUTPUT_LIMIT and len(self.recent_output) > 1:
            self._recent_size -= len(self.recent_output.popleft())
        return True

    def _read_messages(self) -> bool:
        """Reads what is there; False at end-of-file (the child is gone)."""
        try:
            chunk = os.read(self._from_child, 65536)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        self._message_buffer += chunk
        *lines, self._message_buffer = self._message_buffer.split(b"\n")
        for line in lines:
            if line.strip():
                self._messages.append(json.loads(line))
        return True


def kill_all() -> int:
    """Kills every function process still running (LocalStack shutdown); returns how many there were."""
    with _live_lock:
        processes = list(_live_processes)
    for process in processes:
        process.kill()
    return len(processes)
