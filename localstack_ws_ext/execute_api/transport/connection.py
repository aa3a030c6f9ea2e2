"""
``Connection``: one WebSocket, from its upgrade to the end of its TCP connection, without any I/O.

The connection decides; its driver (``driver.Driver``) reads and writes. It enforces the limits on what the
client sends, runs the idle and duration timers, hands complete messages to the handler on an
``OrderedExecutor`` (in order, never two at a time for one connection), applies backpressure both ways (a client
that sends faster than the handler runs, a client that does not read what is sent to it), and decides how the
connection ended: exactly once, before the handler's ``on_close``.
"""

from __future__ import annotations

import logging
import threading
import time
import typing as t

from .close_codes import ABNORMAL_CLOSURE_REASON, NO_STATUS_REASON, check_close
from .executor import ExecutorShutdown, OrderedExecutor
from .limits import ConnectionLimits

if t.TYPE_CHECKING:
    from .driver import Driver, Timer
    from .registry import ConnectionRegistry

LOG = logging.getLogger(__name__)

# guards every connection's ``_unread_bytes`` (a few additions: one lock for all costs no memory per connection)
_UNREAD_LOCK = threading.Lock()


class ConnectionClosed(Exception):
    """Raised by ``Connection.send`` once the connection is closed or closing."""

    def __init__(self, connection_id: str, code: int | None = None, reason: str | None = None):
        self.connection_id = connection_id
        self.code = code
        self.reason = reason
        detail = f" (code={code}, reason={reason!r})" if code is not None else ""
        super().__init__(f"WebSocket connection {connection_id} is closed{detail}")


class ClientBufferFull(Exception):
    """Raised by ``Connection.send(..., refuse_if_full=True)``: the client leaves more than
    ``ConnectionLimits.max_unread_bytes`` unread; nothing was sent."""

    def __init__(self, connection_id: str):
        self.connection_id = connection_id
        super().__init__(f"WebSocket connection {connection_id}: the client side buffer is full")


def _size(data: str | bytes) -> int:
    """The payload's size on the wire."""
    if isinstance(data, str):
        return len(data) if data.isascii() else len(data.encode("utf-8"))
    return len(data)


class ConnectionHandler(t.Protocol):
    """Implemented by the gateway. Both methods run on the ``OrderedExecutor``, never on the event loop."""

    def on_message(self, connection: Connection, message: str | bytes) -> None:
        """A complete (reassembled) message. Never concurrently nor out of order for one connection."""

    def on_close(self, connection: Connection, code: int, reason: str) -> None:
        """Exactly once per accepted connection, after every ``on_message`` of that connection returned."""


class Connection:
    """
    One accepted WebSocket; hashable by identity. Made by ``accept_connection``.

    ``info`` is the accepting layer's record of the connection (the gateway's ``ConnectionInfo``: when it
    connected, from where, for which API): the transport carries it and never reads it.

    Any thread may call ``send``, ``close`` and ``abort`` and read the properties; the ``DriverEvents`` methods
    (``connection_made`` ... ``connection_lost``) are the driver's, on its event-loop thread, as is all the state
    behind them. Two flags, because two kinds of threads write them: ``_open`` (cleared by any thread that
    closes) gates ``send``/``close``; ``_closed`` (event loop only) says the end is decided and ``on_close``
    queued. ``_unread_bytes`` (any thread, under ``_UNREAD_LOCK``) counts what ``send`` accepted and the socket's
    buffers have not taken yet: still queued for the event loop, or written while the driver's buffer was full.
    """

    __slots__ = (
        "id",
        "subprotocol",
        "info",
        "limits",
        "close_code",
        "close_reason",
        "_handler",
        "_executor",
        "_registry",
        "_driver",
        "_open",
        "_closed",
        "_timer",
        "_opened_mono",
        "_last_active_mono",
        "_reading_paused",
        "_send_blocked",
        "_unread_bytes",
        "_written_while_full",
        "_parts",
        "_frame_bytes",
        "_message_bytes",
        "__weakref__",
    )

    def __init__(
        self,
        connection_id: str,
        handler: ConnectionHandler,
        executor: OrderedExecutor,
        limits: ConnectionLimits,
        registry: ConnectionRegistry[Connection],
        *,
        subprotocol: str | None = None,
        info: t.Any = None,
    ):
        self.id = connection_id
        self.subprotocol = subprotocol
        self.info = info
        self.limits = limits
        self.close_code: int | None = None
        """The code given to ``on_close`` (set when the close is decided, before ``on_close`` runs)."""
        self.close_reason: str | None = None
        self._handler = handler
        self._executor = executor
        self._registry = registry
        self._driver: Driver | None = None  # from connection_made to connection_lost
        self._open = False
        self._closed = False
        self._timer: Timer | None = None  # armed while open; None once it ran or was cancelled
        self._opened_mono = self._last_active_mono = time.monotonic()
        self._reading_paused = False
        self._send_blocked = False  # the driver's send buffer is full: what is sent now waits in memory
        self._unread_bytes = 0
        self._written_while_full = 0  # the part of _unread_bytes written to the driver since it was full
        self._parts: list | None = None  # the pieces of the message being received
        self._frame_bytes = 0
        self._message_bytes = 0

    def __repr__(self):
        return f"<Connection {self.id} {'open' if self._open else 'closed'}>"

    @property
    def is_open(self) -> bool:
        """False as soon as ``close`` was called or the connection ended for any reason."""
        return self._open

    @property
    def reading_paused(self) -> bool:
        """True while the driver does not read this connection (backpressure, see ``max_pending_messages``)."""
        return self._reading_paused

    @property
    def last_active_at(self) -> int:
        """Epoch milliseconds of the last data frame from the client (of any frame, pings included, with
        ``pings_count_as_activity``), or of the upgrade if none. Kept on the monotonic clock, for the idle
        timer, and converted here."""
        return int((time.time() - (time.monotonic() - self._last_active_mono)) * 1000)

    # any thread

    def send(self, data: str | bytes, *, refuse_if_full: bool = False) -> None:
        """
        Send a text (``str``) or binary (``bytes``) message. Thread-safe; hands the write to the event loop and
        returns without waiting for the network. Messages sent from one thread go out in that order.

        A message that would make more than ``limits.max_unread_bytes`` wait in memory for the client (sent and
        not taken by the socket's buffers yet, see ``send_buffer_full``) is not sent: with ``refuse_if_full``
        it is refused (``ClientBufferFull``), otherwise the connection is closed with
        ``limits.client_buffer_full_close`` (and ``ConnectionClosed`` raised).

        :raises ConnectionClosed: if the connection is closed or closing. A message sent while a close is
            under way (e.g. the client's close frame is being processed) may still be dropped silently.
        :raises ClientBufferFull: see above
        """
        driver = self._driver
        if driver is None or not self._open:
            raise ConnectionClosed(self.id, self.close_code, self.close_reason)
        if not isinstance(data, (str, bytes, bytearray, memoryview)):
            raise TypeError(f"cannot send {type(data).__name__} over a WebSocket")
        size = _size(data)
        with _UNREAD_LOCK:
            # one message always goes when nothing waits; what waits for the event loop counts too, so a
            # sender faster than the event loop cannot queue without bound before it hears of a full buffer
            full = self._unread_bytes > 0 and self._unread_bytes + size > self.limits.max_unread_bytes
            if not full:
                self._unread_bytes += size
        if full:
            if refuse_if_full:
                raise ClientBufferFull(self.id)
            code, reason = self.limits.client_buffer_full_close
            LOG.info("WebSocket connection %s: the client does not read, closing it (%s)", self.id, code)
            self.close(code, reason)
            raise ConnectionClosed(self.id, code, reason)
        driver.call_from_thread(self._send_now, data, size)

    def close(self, code: int = 1000, reason: str = "") -> None:
        """
        Start the closing handshake with ``code``/``reason`` (the client sees them in the close frame, and
        ``on_close`` receives them). Thread-safe, does not wait. No-op if already closed or closing.

        :raises ValueError: for a code that cannot be sent (1005, 1006, 1015, < 1000, ...) or a reason over
            123 bytes
        """
        reason = reason or ""
        check_close(code, reason)
        driver = self._driver
        if driver is None or not self._open:
            return
        self._open = False
        driver.call_from_thread(self._close_now, code, reason)

    def abort(self) -> None:
        """End the TCP connection without waiting for the closing handshake (for clients that never answer a
        close frame). Thread-safe. ``on_close`` gets 1006 unless the end was decided before."""
        driver = self._driver
        if driver is not None:
            driver.call_from_thread(self._abort_now)

    # DriverEvents: the event loop

    def connection_made(self, driver: Driver) -> None:
        self._driver = driver
        self._opened_mono = self._last_active_mono = time.monotonic()
        self._open = True
        self._registry.add(self)
        self._arm_timer()

    def message_data(self, data: str | bytes, frame_finished: bool, message_finished: bool) -> None:
        if self._closed:
            return  # we closed already: the handler consumes no more messages (rolo does the same)
        self._last_active_mono = time.monotonic()
        limits = self.limits
        if isinstance(data, str):
            size = len(data) if data.isascii() else len(data.encode("utf-8"))
        elif limits.reject_binary:
            self._close_now(*limits.binary_close)
            return
        else:
            size = len(data)
        # limits apply to the pieces as they arrive, so at most max_message_bytes (+ one read) are buffered
        self._frame_bytes += size
        self._message_bytes += size
        if self._frame_bytes > limits.max_frame_bytes:
            self._close_now(*limits.frame_too_big_close)
            return
        if self._message_bytes > limits.max_message_bytes:
            self._close_now(*limits.message_too_big_close)
            return
        if frame_finished:
            self._frame_bytes = 0
        if message_finished:
            parts = self._parts
            if parts:
                parts.append(data)
                data = data[:0].join(parts)
            self._parts = None
            self._message_bytes = 0
            self._message_received(data)
        elif data:
            if self._parts is None:
                self._parts = [data]
            else:
                self._parts.append(data)

    def control_frame_received(self) -> None:
        if self.limits.pings_count_as_activity:
            self._last_active_mono = time.monotonic()

    def close_frame_received(self, code: int, reason: str) -> None:
        if code == 1005 and not reason:
            reason = NO_STATUS_REASON
        self._decide_close(code, reason)

    def send_buffer_full(self) -> None:
        self._send_blocked = True

    def send_buffer_drained(self) -> None:
        self._send_blocked = False
        with _UNREAD_LOCK:
            self._unread_bytes -= self._written_while_full
        self._written_while_full = 0

    def connection_lost(self) -> None:
        self._decide_close(1006, ABNORMAL_CLOSURE_REASON)
        self._parts = None
        self._driver = None
        self._registry.remove(self)

    # the event loop, from here on

    def _send_now(self, data: str | bytes, size: int) -> None:
        driver = self._driver
        if driver is not None and not self._closed:
            driver.send(data)  # may report send_buffer_full right away: this message then waits too
        if (
            self._send_blocked
        ):  # (a message dropped here is forgotten at the next drain, or with the connection)
            self._written_while_full += size
        else:
            with _UNREAD_LOCK:
                self._unread_bytes -= size

    def _close_now(self, code: int, reason: str) -> None:
        if self._closed:
            return
        self._open = False
        self._parts = None
        driver = self._driver
        if driver is not None:
            if self._reading_paused:
                # the client's close frame must be read to complete the handshake
                self._reading_paused = False
                driver.resume_reading()
            driver.close(code, reason)
        self._decide_close(code, reason)

    def _abort_now(self) -> None:
        driver = self._driver
        if driver is not None:
            driver.abort()

    def _decide_close(self, code: int, reason: str) -> None:
        """Exactly once: record how the connection ended and queue ``on_close`` behind its pending messages."""
        if self._closed:
            return
        self._closed = True
        self._open = False
        self.close_code = code
        self.close_reason = reason
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        try:
            self._executor.submit(self, self._run_on_close, code, reason)
        except ExecutorShutdown:
            LOG.warning("on_close(%s, %r) of %s not run: the executor is shut down", code, reason, self.id)

    def _message_received(self, message: str | bytes) -> None:
        try:
            pending = self._executor.submit(self, self._run_on_message, message)
        except ExecutorShutdown:
            self._close_now(*self.limits.going_away_close)
            return
        if pending >= self.limits.max_pending_messages and not self._reading_paused:
            driver = self._driver
            if driver is not None:
                self._reading_paused = True
                driver.pause_reading()

    def _resume_if_drained(self) -> None:
        if (
            self._reading_paused
            and not self._closed
            and self._executor.pending(self) <= self.limits.max_pending_messages // 2
        ):
            self._reading_paused = False
            driver = self._driver
            if driver is not None:
                driver.resume_reading()

    def _arm_timer(self) -> None:
        driver = self._driver
        deadline = self._next_deadline(time.monotonic())
        if deadline is not None and driver is not None:
            self._timer = driver.call_later(max(0.0, deadline - time.monotonic()), self._on_timer)

    def _next_deadline(self, now: float) -> float | None:
        limits = self.limits
        deadlines = []
        if limits.max_duration is not None:
            deadlines.append(self._opened_mono + limits.max_duration)
        if limits.idle_timeout is not None:
            # a connection paused by backpressure has messages in the handler: it is not idle
            active = now if self._reading_paused else self._last_active_mono
            deadlines.append(active + limits.idle_timeout)
        return min(deadlines) if deadlines else None

    def _on_timer(self) -> None:
        # one timer for both limits, re-armed lazily: a message only moves _last_active_mono
        self._timer = None
        if self._closed:
            return
        now = time.monotonic()
        deadline = self._next_deadline(now)
        if deadline is not None and now >= deadline:
            self._close_now(*self.limits.going_away_close)
        else:
            self._arm_timer()

    # executor threads

    def _run_on_message(self, message: str | bytes) -> None:
        try:
            self._handler.on_message(self, message)
        finally:
            if self._reading_paused:
                driver = self._driver
                if driver is not None:
                    driver.call_from_thread(self._resume_if_drained)

    def _run_on_close(self, code: int, reason: str) -> None:
        self._handler.on_close(self, code, reason)
