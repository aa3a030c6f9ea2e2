"""
Event-driven WebSocket connections on LocalStack's web server (rolo on twisted).

An endpoint accepts the upgrade and *returns*:

    connection = accept_connection(request, handler, executor=executor, limits=ConnectionLimits(), info=...)

From then on the reactor reads the connection (no thread is held for it) and ``executor``, a bounded
``OrderedExecutor``, calls ``handler.on_message(connection, message)`` for each complete message, in order per
connection and in parallel across connections, and finally ``handler.on_close(connection, code, reason)``
exactly once, after the connection's last ``on_message`` has returned. ``connections`` (``registry.py``) holds
every connection whose TCP connection is up.

Modules, one job each:

- ``connection.py``: ``Connection``, what is decided about a WebSocket (state, limits, timers, dispatch), no I/O;
- ``driver.py``: the contract between a connection and the server running it (``Driver``, ``DriverEvents``);
- ``rolo_driver.py``: that contract on rolo's twisted server, ``accept_connection``, ``close_all``;
- ``registry.py``: the live connections by id; ``executor.py``: the worker pool;
- ``limits.py``: AWS's limits; ``close_codes.py``: how a connection can end.

Threads:

- reactor thread: parsing (wsproto, through rolo's ``WebSocketChannel``), limits, timers, all writes;
- executor threads: ``on_message`` / ``on_close``;
- any thread: ``Connection.send`` / ``close`` / ``abort``, ``close_all`` (they hand the work to the reactor
  and never wait for the network, except ``close_all``).

Close codes and reasons given to ``on_close`` (what ended the connection: code, reason):

- client close frame with a status: the client's code and reason ("" if none);
- client close frame without status: 1005, ``NO_STATUS_REASON`` (AWS's text);
- TCP connection lost without a close frame (reset, EOF, network error): 1006, ``ABNORMAL_CLOSURE_REASON``;
- ``Connection.close(code, reason)``: that code and reason;
- idle timeout, maximum duration: 1001, "Going away";
- incoming frame over ``max_frame_bytes``: 1009, ``FRAME_TOO_BIG_REASON``;
- incoming message over ``max_message_bytes``: 1009, ``MESSAGE_TOO_BIG_REASON``;
- incoming binary message (``reject_binary``): 1003, ``BINARY_REASON``;
- data wsproto cannot parse (bad framing, invalid UTF-8, ...): 1002 or 1007, wsproto's error message;
- ``close_all()`` (LocalStack shutdown): 1001, "Going away" by default;
- a send to a client that leaves more than ``max_unread_bytes`` unread: ``client_buffer_full_close`` (1001, "Going
  away" by default); ``send(refuse_if_full=True)`` raises ``ClientBufferFull`` instead.

For every server-initiated close the client receives a close frame with the same code and reason.
"""

from .close_codes import (
    ABNORMAL_CLOSURE_REASON,
    BINARY_REASON,
    CLIENT_BUFFER_FULL_REASON,
    FRAME_TOO_BIG_REASON,
    GOING_AWAY_REASON,
    MESSAGE_TOO_BIG_REASON,
    NO_STATUS_REASON,
)
from .connection import ClientBufferFull, Connection, ConnectionClosed, ConnectionHandler
from .executor import ExecutorShutdown, OrderedExecutor
from .limits import ConnectionLimits
from .registry import ConnectionRegistry, connections
from .rolo_driver import accept_connection, close_all

__all__ = [
    "ABNORMAL_CLOSURE_REASON",
    "BINARY_REASON",
    "CLIENT_BUFFER_FULL_REASON",
    "FRAME_TOO_BIG_REASON",
    "GOING_AWAY_REASON",
    "MESSAGE_TOO_BIG_REASON",
    "NO_STATUS_REASON",
    "ClientBufferFull",
    "Connection",
    "ConnectionClosed",
    "ConnectionHandler",
    "ConnectionLimits",
    "ConnectionRegistry",
    "ExecutorShutdown",
    "OrderedExecutor",
    "accept_connection",
    "close_all",
    "connections",
]
