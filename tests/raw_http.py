"""Hand-written HTTP/1.1 requests on a plain socket, as a new user types them: nothing between the test and
LocalStack fixes or refuses a malformed upgrade. Used by tests/test_front_door.py and tests/test_fuzz_upgrade.py."""

from __future__ import annotations

import base64
import dataclasses
import json
import socket
import ssl
import time

from wsproto import ConnectionType
from wsproto.connection import Connection
from wsproto.events import CloseConnection

KEY = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455's sample nonce: 16 bytes in base64
HEAD_LIMIT = 1 << 20  # an answer's head is never this large: stop reading there


@dataclasses.dataclass
class Answer:
    """What came back: the status line and headers, the body (``Content-Length`` bytes, or up to the close)."""

    status: int | None
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    raw: bytes

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return values[-1] if values else None

    def json(self):
        return json.loads(self.body)


def upgrade_headers(host: str, key: str = KEY) -> list[tuple[str, str]]:
    return [
        ("Host", host),
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", key),
        ("Sec-WebSocket-Version", "13"),
    ]


def request_bytes(
    method: str,
    target: str | bytes,
    headers: list[tuple[str | bytes, str | bytes]],
    version: str = "HTTP/1.1",
) -> bytes:
    def raw(value: str | bytes) -> bytes:
        return value if isinstance(value, bytes) else value.encode("latin-1")

    lines = [raw(method) + b" " + raw(target) + b" " + raw(version)]
    lines += [raw(name) + b": " + raw(value) for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def open_socket(port: int, tls: bool = False, timeout: float = 30) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        sock = context.wrap_socket(sock, server_hostname="localhost.localstack.cloud")
    return sock


def exchange(
    port: int, data: bytes, tls: bool = False, timeout: float = 30
) -> tuple[Answer | None, socket.socket]:
    """Sends ``data`` and reads one answer (None: the connection ended without one). Returns the socket, open
    after a 101, for the caller to close."""
    sock = open_socket(port, tls, timeout)
    try:
        sock.sendall(data)
    except OSError:
        pass  # the server may answer and close before it read everything (an oversized request)
    return read_answer(sock, timeout), sock


def read_answer(sock: socket.socket, timeout: float = 30) -> Answer | None:
    deadline = time.monotonic() + timeout
    buffer = b""
    while b"\r\n\r\n" not in buffer and len(buffer) < HEAD_LIMIT:
        chunk = _recv(sock, deadline)
        if not chunk:
            return _parse(buffer, b"") if buffer else None
        buffer += chunk
    head, _, body = buffer.partition(b"\r\n\r\n")
    answer = _parse(head, b"")
    if answer.status == 101:
        return answer
    length = answer.header("Content-Length")
    while length is None or len(body) < int(length):
        chunk = _recv(sock, deadline)
        if not chunk:
            break
        body += chunk
    answer.body = body if length is None else body[: int(length)]
    answer.raw = head + b"\r\n\r\n" + answer.body
    return answer


def _recv(sock: socket.socket, deadline: float) -> bytes:
    sock.settimeout(max(0.01, deadline - time.monotonic()))
    try:
        return sock.recv(65536)
    except (ConnectionResetError, TimeoutError, ssl.SSLError, OSError):
        return b""


def _parse(head: bytes, body: bytes) -> Answer:
    lines = head.split(b"\r\n")
    parts = lines[0].decode("latin-1").split(" ", 2)
    try:
        status = int(parts[1])
    except (IndexError, ValueError):
        status = None
    headers = []
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    return Answer(status, parts[2] if len(parts) > 2 else "", headers, body, head)


def close_frame(code: int = 1000, reason: str = "") -> bytes:
    """A client's (masked) close frame, made by wsproto."""
    return Connection(ConnectionType.CLIENT).send(CloseConnection(code, reason))


def close_websocket(sock: socket.socket, abrupt: bool = False, timeout: float = 5) -> None:
    """Ends an upgraded connection as a client does: a close frame, then reads until the server ends the
    connection (its close frame); ``abrupt``: drops the connection without a close frame."""
    try:
        if not abrupt:
            sock.sendall(close_frame(1000, ""))
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and _recv(sock, deadline):
                pass
    except OSError:
        pass
    finally:
        sock.close()


def nonce(data: bytes) -> str:
    return base64.b64encode(data).decode()
