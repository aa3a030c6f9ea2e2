"""Live connections: the open socket of each connection together with what API Gateway knows about it.

A connection is registered once its $connect succeeded and the upgrade completed, and removed when its
$disconnect has run, so the @connections API sees exactly the connections AWS would (a connection still in
$connect is "gone", as on AWS).
"""

import dataclasses
import threading

from .context import ConnectionInfo
from .transport import WebSocketConnection


@dataclasses.dataclass
class LiveConnection:
    info: ConnectionInfo
    socket: WebSocketConnection | None  # None while the upgrade is being completed


class ConnectionRegistry:
    def __init__(self):
        self._connections: dict[str, LiveConnection] = {}
        self._lock = threading.Lock()

    def add(self, connection: LiveConnection) -> None:
        with self._lock:
            self._connections[connection.info.connection_id] = connection

    def remove(self, connection_id: str) -> None:
        with self._lock:
            self._connections.pop(connection_id, None)

    def pop(self, connection_id: str) -> LiveConnection | None:
        with self._lock:
            return self._connections.pop(connection_id, None)

    def find(self, connection_id: str) -> LiveConnection | None:
        """The connection whatever its state (for its own events)."""
        return self._connections.get(connection_id)

    def get(self, connection_id: str) -> LiveConnection | None:
        """The connection if it is open (connected, not closing)."""
        connection = self._connections.get(connection_id)
        return (
            connection if connection and connection.socket is not None and connection.socket.is_open else None
        )

    def all(self) -> list[LiveConnection]:
        with self._lock:
            return list(self._connections.values())

    def __len__(self) -> int:
        return len(self._connections)


connections = ConnectionRegistry()
