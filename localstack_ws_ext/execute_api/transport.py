"""
Event-driven WebSocket connections on LocalStack's web server (rolo on twisted).

rolo serves a WebSocket by running the endpoint on a reactor threadpool thread that then blocks in
``ws.receive()`` for the lifetime of the socket: one of LocalStack's pool threads (shared by every HTTP
request) per open WebSocket. This module lets an endpoint accept the upgrade and *return*:

    connection = accept_connection(request, handler, subprotocol=None, limits=ConnectionLimits(),
                                   executor=executor)

From then on the reactor reads the connection (no thread is held for it) and ``executor``, a bounded
``OrderedExecutor``, calls ``handler.on_message(connection, message)`` for each complete message, in order per
connection and in parallel across connections, and finally ``handler.on_close(connection, code, reason)``
exactly once, after the connection's last ``on_message`` has returned.

Threads:

- reactor thread: parsing (wsproto, through rolo's ``WebSocketChannel``), limits, timers, all writes;
- executor threads: ``on_message`` / ``on_close``;
- any thread: ``WebSocketConnection.send`` / ``close`` / ``close_all`` (they hand the work to the reactor and
  never wait for the network).

The rolo/twisted specifics live in ``transport_rolo.py``; the worker pool in ``transport_executor.py``.

Close codes and reasons given to ``on_close`` (what ended the connection: code, reason):

- client close frame with a status: the client's code and reason ("" if none);
- client close frame without status: 1005, "Client-side close frame status not set" (AWS's text);
- TCP connection lost without a close frame (reset, EOF, network error): 1006, ``ABNORMAL_CLOSURE_REASON``;
- ``WebSocketConnection.close(code, reason)``: that code and reason;
- idle timeout, maximum duration: 1001, "Going away";
- incoming frame over ``max_frame_bytes``: 1009, ``FRAME_TOO_BIG_REASON``;
- incoming message over ``max_message_bytes``: 1009, ``MESSAGE_TOO_BIG_REASON``;
- incoming binary message (``reject_binary``): 1003, ``BINARY_REASON``;
- data wsproto cannot parse (bad framing, invalid UTF-8, ...): 1002 or 1007, wsproto's error message;
- ``close_all()`` (LocalStack shutdown): 1001, "Going away" by default.

For every server-initiated close the client receives a close frame with the same code and reason.
The reasons for 1006, 1009 and 1003 are ours: what AWS reports there is UNCONFIRMED.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import string
import threading
import time
import typing as t
from collections.abc import Iterable, Mapping

from rolo.serving.twisted import TwistedWebSocketAdapter
from rolo.websocket import WebSocketRequest
from twisted.python import threadable
from werkzeug.datastructures import Headers

from .transport_executor import ExecutorShutdown, OrderedExecutor
from .transport_rolo import NO_STATUS_REASON, CallbackAdapter, ReactorDriver

__all__ = [
    "ABNORMAL_CLOSURE_REASON",
    "BINARY_REASON",
    "FRAME_TOO_BIG_REASON",
    "GOING_AWAY_REASON",
    "MESSAGE_TOO_BIG_REASON",
    "NO_STATUS_REASON",
    "ConnectionClosed",
    "ConnectionHandler",
    "ConnectionLimits",
    "ExecutorShutdown",
    "OrderedExecutor",
    "WebSocketConnection",
    "accept_connection",
    "close_all",
    "get_connection",
    "open_connections",
]

LOG = logging.getLogger(__name__)

GOING_AWAY_REASON = "Going away"
ABNORMAL_CLOSURE_REASON = "Connection Closed Abnormally"
FRAME_TOO_BIG_REASON = "Frame size limit exceeded"
MESSAGE_TOO_BIG_REASON = "Message size limit exceeded"
BINARY_REASON = "Binary frames are not supported"

_SENDABLE_CODES = frozenset({1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014})


def _check_close(code: int, reason: str) -> None:
    if not (code in _SENDABLE_CODES or 3000 <= code <= 4999):
        raise ValueError(f"close code {code} cannot be sent in a close frame")
    if len(reason.encode("utf-8")) > 123:
        raise ValueError("close reason longer than 123 bytes (UTF-8)")


class ConnectionClosed(Exception):
    """Raised by ``WebSocketConnection.send`` once the connection is closed or closing."""

    def __init__(self, connection_id: str, code: int | None = None, reason: str | None = None):
        self.connection_id = connection_id
        self.code = code
        self.reason = reason
        detail = f" (code={code}, reason={reason!r})" if code is not None else ""
        super().__init__(f"WebSocket connection {connection_id} is closed{detail}")


class ConnectionHandler(t.Protocol):
    """Implemented by the gateway. Both methods run on the ``OrderedExecutor``, never in the reactor."""

    def on_message(self, connection: WebSocketConnection, message: str | bytes) -> None:
        """A complete (reassembled) message. Never concurrently nor out of order for one connection."""

    def on_close(self, connection: WebSocketConnection, code: int, reason: str) -> None:
        """Exactly once per accepted connection, after every ``on_message`` of that connection returned."""


@dataclasses.dataclass(frozen=True)
class ConnectionLimits:
    """Per-connection limits; the defaults are AWS API Gateway's for WebSocket APIs. ``None`` disables a
    timeout."""

    idle_timeout: float | None = 600.0
    """Seconds without a data frame from the client before closing with 1001 "Going away"."""
    max_duration: float | None = 7200.0
    """Seconds after the upgrade before closing with 1001 "Going away"."""
    max_frame_bytes: int = 32 * 1024
    """Largest payload of one incoming frame; above: close 1009."""
    max_message_bytes: int = 128 * 1024
    """Largest incoming message (sum of its frames' payloads); above: close 1009."""
    pings_count_as_activity: bool = False
    """Whether client ping/pong frames reset the idle timer. What AWS does is UNCONFIRMED; default: they
    don't, only data frames do."""
    reject_binary: bool = True
    """Close with 1003 on an incoming binary message, as AWS does."""
    max_pending_messages: int = 64
    """Not an AWS limit: backpressure. When this many messages of one connection wait for (or are in) the
    handler, the reactor stops reading that connection's socket until half of them are done, so a client
    flooding a slow handler fills its TCP window instead of our memory. At least 2."""

    def __post_init__(self):
        if self.max_pending_messages < 2:
            raise ValueError("max_pending_messages must be >= 2")
        for name in ("idle_timeout", "max_duration"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be > 0 or None")

    # (code, reason) of the close frames sent on violations
    going_away_close = (1001, GOING_AWAY_REASON)
    frame_too_big_close = (1009, FRAME_TOO_BIG_REASON)
    message_too_big_close = (1009, MESSAGE_TOO_BIG_REASON)
    binary_close = (1003, BINARY_REASON)


_ID_ALPHABET = string.ascii_letters + string.digits


def new_connection_id() -> str:
    """An id shaped like AWS's (16 characters ending in ``=``), URL-safe (letters and digits)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(15)) + "="


class WebSocketConnection:
    """
    One open WebSocket. Created by ``accept_connection``; hashable by identity.

    ``connected_at`` and ``last_active_at`` are epoch milliseconds (ints, like AWS's ``connectedAt``);
    ``last_active_at`` is the time of the last data frame from the client (or of any frame, pings included,
    with ``pings_count_as_activity``), ``connected_at`` if none.
    """

    __slots__ = (
        "id",
        "source_ip",
        "user_agent",
        "subprotocol",
        "limits",
        "connected_at",
        "close_code",
        "close_reason",
        "_handler",
        "_executor",
        "_reactor",
        "_driver",
        "_open",
        "_finished",
        "_timer",
        "_connected_mono",
        "_last_active_mono",
        "_reading_paused",
        "__weakref__",
    )

    def __init__(
        self,
        connection_id: str,
        handler: ConnectionHandler,
        executor: OrderedExecutor,
        limits: ConnectionLimits,
        reactor,
        *,
        source_ip: str = "",
        user_agent: str | None = None,
        subprotocol: str | None = None,
    ):
        self.id = connection_id
        self.source_ip = source_ip
        self.user_agent = user_agent
        self.subprotocol = subprotocol
        self.limits = limits
        self.connected_at = int(time.time() * 1000)
        self.close_code: int | None = None
        """The code given to ``on_close`` (set when the close is decided, before ``on_close`` runs)."""
        self.close_reason: str | None = None
        self._handler = handler
        self._executor = executor
        self._reactor = reactor
        self._driver: ReactorDriver | None = None
        self._open = False  # False once close() was called or the connection ended; read by send()
        self._finished = False  # on_close queued (reactor thread only)
        self._timer = None
        self._connected_mono = time.monotonic()
        self._last_active_mono = self._connected_mono
        self._reading_paused = False

    def __repr__(self):
        return f"<WebSocketConnection {self.id} from {self.source_ip} {'open' if self._open else 'closed'}>"

    @property
    def last_active_at(self) -> int:
        return self.connected_at + int((self._last_active_mono - self._connected_mono) * 1000)

    @property
    def reading_paused(self) -> bool:
        """True while the reactor does not read this connection (backpressure, see ``max_pending_messages``)."""
        return self._reading_paused

    @property
    def is_open(self) -> bool:
        """False as soon as ``close`` was called or the connection ended for any reason."""
        return self._open

    # public API, any thread

    def send(self, data: str | bytes) -> None:
        """
        Send a text (``str``) or binary (``bytes``) message. Thread-safe; queues the write for the reactor
        and returns without waiting for the network. Messages sent from one thread go out in that order.

        :raises ConnectionClosed: if the connection is closed or closing. A message sent while a close is
            under way (e.g. the client's close frame is being processed) may still be dropped silently.
        """
        if not self._open:
            raise ConnectionClosed(self.id, self.close_code, self.close_reason)
        if not isinstance(data, (str, bytes, bytearray, memoryview)):
            raise TypeError(f"cannot send {type(data).__name__} over a WebSocket")
        self._call(self._send_in_reactor, data)

    def close(self, code: int = 1000, reason: str = "") -> None:
        """
        Start the closing handshake with ``code``/``reason`` (the client sees them in the close frame, and
        ``on_close`` receives them). Thread-safe, does not wait. No-op if already closed or closing.

        :raises ValueError: for a code that cannot be sent (1005, 1006, 1015, < 1000, ...) or a reason over
            123 bytes
        """
        reason = reason or ""
        _check_close(code, reason)
        if not self._open:
            return
        self._open = False
        self._call(self._close_in_reactor, code, reason)

    # plumbing

    def _call(self, fn, *args) -> None:
        if threadable.isInIOThread():
            fn(*args)
        else:
            self._reactor.callFromThread(fn, *args)

    # reactor thread from here on

    def _attach(self, channel) -> None:
        """Called by ``CallbackAdapter`` right after the 101 response was written."""
        self.connected_at = int(time.time() * 1000)
        self._connected_mono = self._last_active_mono = time.monotonic()
        if channel.closed:
            # the client went away before the upgrade completed
            self._finish(1006, ABNORMAL_CLOSURE_REASON)
            return
        driver = ReactorDriver(channel, self)
        driver.take_over()
        self._driver = driver
        self._open = True
        _registry.add(self)
        self._arm_timer()
        # frames the client pipelined behind its upgrade request (wsproto buffered them)
        driver.process_events()

    def _send_in_reactor(self, data) -> None:
        driver = self._driver
        if driver is not None and not self._finished:
            driver.send(data)

    def _close_in_reactor(self, code: int, reason: str) -> None:
        if self._finished:
            return
        self._open = False
        driver = self._driver
        if driver is not None:
            if self._reading_paused:
                # we must read the client's close frame to complete the handshake
                self._reading_paused = False
                driver.resume_reading()
            driver.close(code, reason)
        self._finish(code, reason)

    def _finish(self, code: int, reason: str) -> None:
        """Decide the close: exactly once, queues ``on_close`` behind the pending ``on_message`` calls."""
        if self._finished:
            return
        self._finished = True
        self._open = False
        self.close_code = code
        self.close_reason = reason
        if self._timer is not None:
            if self._timer.active():
                self._timer.cancel()
            self._timer = None
        try:
            self._executor.submit(self, self._run_on_close, code, reason)
        except ExecutorShutdown:
            LOG.warning("on_close(%s, %r) of %s not run: the executor is shut down", code, reason, self.id)

    def _transport_lost(self) -> None:
        """The TCP connection is gone (called once by the driver)."""
        self._finish(1006, ABNORMAL_CLOSURE_REASON)
        self._driver = None
        _registry.remove(self)

    def _data_frame_received(self) -> None:
        self._last_active_mono = time.monotonic()

    _control_frame_received = _data_frame_received

    def _message_received(self, message: str | bytes) -> None:
        try:
            pending = self._executor.submit(self, self._run_on_message, message)
        except ExecutorShutdown:
            self._close_in_reactor(*self.limits.going_away_close)
            return
        limit = self.limits.max_pending_messages
        if pending >= limit and not self._reading_paused and self._driver is not None:
            self._reading_paused = True
            self._driver.pause_reading()

    def _maybe_resume_reading(self) -> None:
        if (
            self._reading_paused
            and not self._finished
            and self._executor.pending(self) <= self.limits.max_pending_messages // 2
        ):
            self._reading_paused = False
            if self._driver is not None:
                self._driver.resume_reading()

    def _arm_timer(self) -> None:
        deadline = self._next_deadline(time.monotonic())
        if deadline is not None:
            self._timer = self._reactor.callLater(max(0.0, deadline - time.monotonic()), self._on_timer)

    def _next_deadline(self, now: float) -> float | None:
        limits = self.limits
        deadlines = []
        if limits.max_duration is not None:
            deadlines.append(self._connected_mono + limits.max_duration)
        if limits.idle_timeout is not None:
            # a connection paused by backpressure has messages in the handler: it is not idle
            active = now if self._reading_paused else self._last_active_mono
            deadlines.append(active + limits.idle_timeout)
        return min(deadlines) if deadlines else None

    def _on_timer(self) -> None:
        self._timer = None
        if self._finished:
            return
        now = time.monotonic()
        deadline = self._next_deadline(now)
        if deadline is not None and now >= deadline:
            self._close_in_reactor(*self.limits.going_away_close)
        else:
            self._arm_timer()

    # executor threads

    def _run_on_message(self, message: str | bytes) -> None:
        try:
            self._handler.on_message(self, message)
        finally:
            if self._reading_paused:
                self._reactor.callFromThread(self._maybe_resume_reading)

    def _run_on_close(self, code: int, reason: str) -> None:
        self._handler.on_close(self, code, reason)


class _Registry:
    """Connections whose TCP connection is not gone yet, by id (thread-safe)."""

    def __init__(self):
        self._lock = threading.Condition(threading.Lock())
        self._connections: dict[str, WebSocketConnection] = {}

    def add(self, connection: WebSocketConnection) -> None:
        with self._lock:
            self._connections[connection.id] = connection

    def remove(self, connection: WebSocketConnection) -> None:
        with self._lock:
            if self._connections.get(connection.id) is connection:
                del self._connections[connection.id]
                self._lock.notify_all()

    def get(self, connection_id: str) -> WebSocketConnection | None:
        with self._lock:
            return self._connections.get(connection_id)

    def snapshot(self) -> list[WebSocketConnection]:
        with self._lock:
            return list(self._connections.values())

    def wait_gone(self, connections: Iterable[WebSocketConnection], timeout: float) -> list:
        """Wait until none of ``connections`` is registered; returns those still registered."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                left = [c for c in connections if self._connections.get(c.id) is c]
                remaining = deadline - time.monotonic()
                if not left or remaining <= 0:
                    return left
                self._lock.wait(remaining)


_registry = _Registry()


def get_connection(connection_id: str) -> WebSocketConnection | None:
    """The open connection with this id (not closed nor closing), or None."""
    connection = _registry.get(connection_id)
    return connection if connection is not None and connection.is_open else None


def open_connections() -> list[WebSocketConnection]:
    """Every connection whose TCP connection is still up (open or in its closing handshake)."""
    return _registry.snapshot()


def _to_headers(headers) -> Headers | None:
    if headers is None or isinstance(headers, Headers):
        return headers
    if isinstance(headers, Mapping):
        return Headers(list(headers.items()))
    return Headers(list(headers))


def accept_connection(
    request: WebSocketRequest,
    handler: ConnectionHandler,
    *,
    subprotocol: str | None = None,
    headers: Headers | Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    limits: ConnectionLimits | None = None,
    executor: OrderedExecutor,
    connection_id: str | None = None,
    timeout: float = 10.0,
) -> WebSocketConnection:
    """
    Complete the WebSocket upgrade of ``request`` (101 response with ``subprotocol`` and ``headers``) and
    hand the connection to the reactor: the caller (an endpoint on a reactor pool thread) can return right
    away, nothing blocks for the connection. ``handler`` gets the messages and the close, on ``executor``.

    Must be called instead of ``request.accept()``, before anything consumed the request's socket. If the
    client disconnected before the upgrade, the returned connection is already closed and ``on_close(1006)``
    follows. The rolo ``WebSocket`` API of the request keeps working for ``send``/``close`` only.

    :raises TypeError: if the request is not served by rolo's twisted server
    :raises ValueError: if the request was already accepted or rejected
    """
    original = request.socket
    if isinstance(original, CallbackAdapter) or request.is_upgraded() or request.is_rejected():
        raise ValueError("WebSocket request already accepted or rejected")
    if not isinstance(original, TwistedWebSocketAdapter):
        raise TypeError(
            f"accept_connection needs rolo's twisted server, got a {type(original).__name__} socket"
        )
    connection = WebSocketConnection(
        connection_id or new_connection_id(),
        handler,
        executor,
        limits or ConnectionLimits(),
        original.reactor,
        source_ip=request.remote_addr or "",
        user_agent=request.headers.get("User-Agent"),
        subprotocol=subprotocol,
    )
    request.environ["rolo.websocket"] = CallbackAdapter(original, connection)
    try:
        request.accept(subprotocol=subprotocol, headers=_to_headers(headers), timeout=timeout)
    except BaseException:
        request.environ["rolo.websocket"] = original
        raise
    return connection


def close_all(code: int = 1001, reason: str = GOING_AWAY_REASON, timeout: float = 5.0) -> int:
    """
    Close every open connection (LocalStack shutdown): each client receives a close frame with
    ``code``/``reason`` and each ``on_close(code, reason)`` is queued on its executor (wait for them with
    ``OrderedExecutor.wait_idle``/``shutdown``). Called from a thread other than the reactor's, it waits
    up to ``timeout`` seconds for the closing handshakes to complete, then aborts the TCP connections that
    are still up. Must run while the reactor is still running, for the close frames to be written; without a
    running reactor the ``on_close`` calls are still queued, nothing goes out on the network.

    :return: the number of connections this call closed
    """
    _check_close(code, reason)
    connections = _registry.snapshot()
    closing = [c for c in connections if c.is_open]
    for connection in closing:
        connection.close(code, reason)
    reactor = connections[0]._reactor if connections else None
    if reactor is None:
        return len(closing)
    if not reactor.running:
        for connection in connections:
            connection._close_in_reactor(code, reason)
            connection._transport_lost()
        return len(closing)
    if threadable.isInIOThread():
        return len(closing)
    left = _registry.wait_gone(connections, timeout)
    if left:
        LOG.warning("%d WebSocket connections did not complete the close handshake; aborting", len(left))
        for connection in left:
            driver = connection._driver
            if driver is not None:
                reactor.callFromThread(driver.abort)
        _registry.wait_gone(left, 1.0)
    return len(closing)
