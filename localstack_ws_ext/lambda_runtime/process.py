"""One running function process and the pipes to it.

The messages are those of LocalStack's executor endpoint (invoke; ready / init error; response / error; logs),
carried over two pipes instead of HTTP loopback calls: the child reads ``invoke`` messages from one and writes
replies to the other (their fd numbers are in ``_LOCALSTACK_RUNTIME_FDS="<in>,<out>"``, which the bootstraps
remove from the function's environment), one JSON object per line; its stdout and stderr, merged as in
CloudWatch, are the log stream.
A pipe costs no port, no server in the child and no trip through LocalStack's HTTP handler chain per message,
and a dead child shows up at once as end-of-file.

Everything is read on the calling thread with the process's selector (made once: making, filling and closing
one per invocation was about 6% of the invoking thread's profile samples): an idle environment holds no thread.
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
MESSAGE_TYPES = frozenset({"ready", "init_error", "response", "error"})
# how every message of the bootstraps starts (Python's json.dumps and JavaScript's JSON.stringify put "type" first)
MESSAGE_START = b'{"type"'
# a line on the control pipe may be this long (a response carries the function's answer, which AWS caps at 6 MB,
# JSON-escaped); beyond that, what has no newline yet is garbage the function wrote there
MESSAGE_BUFFER_LIMIT = 64 * 1024 * 1024

# Go's names of the signals (os.ProcessState.String() on AWS: "Runtime exited with error: signal: killed")
SIGNAL_NAMES = {
    1: "hangup",
    2: "interrupt",
    3: "quit",
    4: "illegal instruction",
    5: "trace/breakpoint trap",
    6: "aborted",
    7: "bus error",
    8: "floating point exception",
    9: "killed",
    10: "user defined signal 1",
    11: "segmentation fault",
    12: "user defined signal 2",
    13: "broken pipe",
    14: "alarm clock",
    15: "terminated",
    24: "CPU time limit exceeded",
    25: "file size limit exceeded",
    31: "bad system call",
}

_live_processes: "weakref.WeakSet[RuntimeProcess]" = weakref.WeakSet()
_live_lock = threading.Lock()


def exit_status(exit_code: int | None) -> str:
    """How AWS's init describes a process's end (Go's ``os.ProcessState``): ``exit status 3``, or for a process
    ended by a signal (``Popen.returncode`` -N) ``signal: killed``, ``signal: segmentation fault``, ..."""
    if exit_code is None:
        return "exit status unknown"
    if exit_code < 0:
        return f"signal: {SIGNAL_NAMES.get(-exit_code, f'signal {-exit_code}')}"
    return f"exit status {exit_code}"


class ProcessExited(Exception):
    """The child ended before it answered; ``exit_code`` is its exit status (``Popen.returncode``)."""

    def __init__(self, exit_code: int | None):
        super().__init__(f"Runtime exited with error: {exit_status(exit_code)}")
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
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._from_child, selectors.EVENT_READ)
        self._selector.register(self._output_fd, selectors.EVENT_READ)
        self._message_buffer = bytearray()  # the start of a line, without its newline yet
        self._messages: deque[dict] = deque()
        self._garbage_reported = False
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
        selector = self._selector
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
        """The process's peak resident memory (Linux's VmHWM, what AWS's "Max Memory Used" reports), read from /proc
        when the bootstrap's answer did not report it (the process ended, or the deadline came first)."""
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
        self._selector.close()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self.process.stdout.close()

    def _wait_exit_code(self) -> int | None:
        """The exit status of a child whose control pipe ended; one that lives on without it (it closed the
        pipe) is of no use any more and is killed."""
        try:
            return self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            return self.process.wait(timeout=5)
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
        end = chunk.rfind(b"\n")
        if end < 0:  # the middle of a (long) line
            self._message_buffer += chunk
            if len(self._message_buffer) > MESSAGE_BUFFER_LIMIT:
                # no message is that long: garbage the function wrote there; keep what may start a message
                self._report_garbage(bytes(self._message_buffer[:40]))
                start = chunk.rfind(MESSAGE_START)
                self._message_buffer = bytearray(chunk[start:] if start >= 0 else b"")
            return True
        lines = (bytes(self._message_buffer) + chunk[:end]).split(b"\n")
        self._message_buffer = bytearray(chunk[end + 1 :])
        for line in lines:
            if line.strip():
                message = self._parse(line)
                if message is not None:
                    self._messages.append(message)
        return True

    def _parse(self, line: bytes) -> dict | None:
        """One message of the bootstrap; None for anything else. The function itself may write to the pipe (its
        file descriptors are its own): as on AWS, where the runtime API ignores what is not a runtime call, such
        garbage is skipped, and a message written right after garbage without a newline is still found."""
        message = _message(line)
        if message is not None:
            return message
        end = len(line)
        while (start := line.rfind(MESSAGE_START, 0, end)) > 0:
            message = _message(line[start:])
            if message is not None:
                self._report_garbage(line[:start])
                return message
            end = start
        self._report_garbage(line)
        return None

    def _report_garbage(self, garbage: bytes) -> None:
        if not self._garbage_reported:
            self._garbage_reported = True
            LOG.info(
                "Lambda runtime process %s wrote to its control pipe what is not a runtime message (%r...): ignored",
                self.pid,
                garbage[:40],
            )


def _message(data: bytes) -> dict | None:
    try:
        message = json.loads(data)
    except ValueError:  # UnicodeDecodeError included
        return None
    return message if isinstance(message, dict) and message.get("type") in MESSAGE_TYPES else None


def kill_all() -> int:
    """Kills every function process still running (LocalStack shutdown); returns how many there were."""
    with _live_lock:
        processes = list(_live_processes)
    for process in processes:
        process.kill()
    return len(processes)
