"""
The one registry of live connections, by id.

A connection is in it from its upgrade (``Connection.connection_made``) until its TCP connection is gone
(``Connection.connection_lost``), so it holds exactly the sockets that exist. ``get`` answers only for open
ones: a connection still in its $connect, or closing, is gone for the @connections API, as on AWS
(https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html).

What is known about each connection is held once, by the connection: the transport's own state, and its
``info`` (the gateway's ``ConnectionInfo``: connectedAt, source IP, user agent, API, stage, account), which
GetConnection, PostToConnection and the deletion of an API or stage read from here.
"""

import threading
import time
import typing as t
from collections.abc import Iterable


class Listed(t.Protocol):
    """What the registry reads of a connection (``connection.Connection``)."""

    @property
    def id(self) -> str: ...

    @property
    def is_open(self) -> bool: ...


class ConnectionRegistry[C: Listed]:
    """Thread-safe. Added to and removed from on the event loop; read from any thread."""

    def __init__(self):
        self._lock = threading.Condition(threading.Lock())
        self._connections: dict[str, C] = {}

    def __len__(self) -> int:
        return len(self._connections)

    def add(self, connection: C) -> None:
        with self._lock:
            self._connections[connection.id] = connection

    def remove(self, connection: C) -> None:
        """Remove ``connection`` if it is the one registered under its id."""
        with self._lock:
            if self._connections.get(connection.id) is connection:
                del self._connections[connection.id]
                self._lock.notify_all()

    def get(self, connection_id: str) -> C | None:
        """The open connection with this id (not closed nor closing), or None."""
        connection = self._connections.get(connection_id)
        return connection if connection is not None and connection.is_open else None

    def snapshot(self) -> list[C]:
        """Every connection whose TCP connection is still up (open or in its closing handshake)."""
        with self._lock:
            return list(self._connections.values())

    def wait_gone(self, connections: Iterable[C], timeout: float) -> list[C]:
        """Wait until none of ``connections`` is registered, at most ``timeout`` seconds; returns those still
        registered."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                left = [c for c in connections if self._connections.get(c.id) is c]
                remaining = deadline - time.monotonic()
                if not left or remaining <= 0:
                    return left
                self._lock.wait(remaining)


connections: ConnectionRegistry = ConnectionRegistry()
"""The live connections of this process: every ``accept_connection`` registers here."""
