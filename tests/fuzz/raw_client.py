"""A WebSocket client on a raw socket: a real handshake (wsproto's client), then whatever bytes the test writes,
and the server's frames as wsproto's client parses them."""

from __future__ import annotations

import dataclasses
import socket
import ssl
import struct
import time

from wsproto import ConnectionType, WSConnection
from wsproto import events as wse


@dataclasses.dataclass
class Received:
    """What the server sent, in order: ("text", str), ("bytes", bytes), ("ping", bytes), ("pong", bytes),
    ("close", code, reason), ("eof",)."""

    items: list[tuple] = dataclasses.field(default_factory=list)

    def of(self, kind: str) -> list:
        return [item[1] for item in self.items if item[0] == kind]

    @property
    def close(self) -> tuple[int, str] | None:
        return next(((item[1], item[2]) for item in self.items if item[0] == "close"), None)

    @property
    def eof(self) -> bool:
        return any(item[0] == "eof" for item in self.items)


class Rejected(Exception):
    def __init__(self, status: int, body: bytes):
        self.status = status
        self.body = body
        super().__init__(f"handshake rejected with {status}: {body[:200]!r}")


class RawClient:
    """``RawClient(port, path).handshake()``; then ``send`` raw bytes and ``read_until`` what is expected."""

    def __init__(self, port: int, path: str, tls: bool = False, timeout: float = 20):
        self.port = port
        self.path = path
        self.timeout = timeout
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock, server_hostname="localhost.localstack.cloud")
        self.sock = sock
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.received = Received()
        self.closed_tcp = False

    def handshake(self) -> RawClient:
        """:raises Rejected: when the server answers the upgrade with another status than 101"""
        self.sock.sendall(self.ws.send(wse.Request(host=f"127.0.0.1:{self.port}", target=self.path)))
        rejected: Rejected | None = None
        body = b""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            data = self.sock.recv(65536)
            self.ws.receive_data(data or None)
            for event in self.ws.events():
                if isinstance(event, wse.AcceptConnection):
                    self._collect()  # frames the server sent right behind its 101
                    return self
                if isinstance(event, wse.RejectConnection):
                    rejected = Rejected(event.status_code, b"")
                    if not event.has_body:
                        raise rejected
                elif isinstance(event, wse.RejectData):
                    body += event.data
                    if event.body_finished and rejected is not None:
                        raise Rejected(rejected.status, body)
            if not data:
                break
        raise TimeoutError(f"no answer to the upgrade of {self.path}")

    # writing

    def send(self, data: bytes, chunks: list[int] | None = None, pause: float = 0.0) -> None:
        """Writes ``data``, in pieces of the sizes ``chunks`` lists (the rest in one piece)."""
        position = 0
        for size in chunks or []:
            if position >= len(data):
                break
            self.sock.sendall(data[position : position + size])
            position += size
            if pause:
                time.sleep(pause)
        if position < len(data):
            self.sock.sendall(data[position:])

    def try_send(self, data: bytes) -> bool:
        """Writes unless the server already ended the connection."""
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def close_tcp(self, reset: bool = False) -> None:
        """Ends the TCP connection without a close frame: FIN, or RST with ``reset``."""
        if self.closed_tcp:
            return
        self.closed_tcp = True
        if reset:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.sock.close()
            return
        try:
            # FIN, then read what the server still sends until it ends its side: closing a socket with unread
            # data would reset the connection instead (and the server would lose what it had not read yet)
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(self.timeout)
            while self.sock.recv(262144):
                pass
        except OSError:
            pass
        self.sock.close()

    # reading

    def read_until(self, done, timeout: float | None = None) -> Received:
        """Reads the server's frames until ``done(received)`` is true or the server ends the TCP connection."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while not done(self.received) and not self.received.eof:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self.sock.settimeout(remaining)
            try:
                data = self.sock.recv(262144)
            except TimeoutError:
                break
            except OSError:
                data = b""  # reset by the server
            if not data:
                self.received.items.append(("eof",))
                break
            self.ws.receive_data(data)
            self._collect()
        return self.received

    def _collect(self) -> None:
        for event in self.ws.events():
            if isinstance(event, wse.TextMessage | wse.BytesMessage):
                kind = "text" if isinstance(event, wse.TextMessage) else "bytes"
                if self._partial is not None:
                    self._partial += event.data
                else:
                    self._partial = event.data
                if event.message_finished:
                    self.received.items.append((kind, self._partial))
                    self._partial = None
            elif isinstance(event, wse.Ping):
                self.received.items.append(("ping", bytes(event.payload)))
            elif isinstance(event, wse.Pong):
                self.received.items.append(("pong", bytes(event.payload)))
            elif isinstance(event, wse.CloseConnection):
                self.received.items.append(("close", int(event.code), event.reason or ""))

    _partial = None

    def finish(self) -> None:
        if not self.closed_tcp:
            self.closed_tcp = True
            self.sock.close()
