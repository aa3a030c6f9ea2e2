"""A malformed upgrade is refused in rolo's ``WebsocketResourceDecorator`` before any listener runs
(patches/websocket_handshake.py), on LocalStack's HTTP server in memory; and what the patch relies on in rolo."""

import inspect
import json

import pytest
from rolo.serving.twisted import WebSocketChannel, WebsocketResourceDecorator

from localstack_ws_ext.patches import websocket_handshake
from tests.raw_http import request_bytes, upgrade_headers
from tests.unit.twisted_memory import Server


@pytest.fixture(autouse=True)
def installed():
    websocket_handshake.install()


def without(headers, name):
    return [(key, value) for key, value in headers if key != name]


def answer(server: Server) -> tuple[bytes, dict, bytes]:
    head, _, body = server.written().partition(b"\r\n\r\n")
    status_line, *lines = head.split(b"\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(b":") for line in lines)}
    return status_line, headers, body


def test_a_valid_upgrade_goes_on_to_rolo():
    server = Server()
    server.send(request_bytes("GET", "/ws?a=b", upgrade_headers("localhost")))
    assert len(server.listened) == 1 and server.written() == b""
    assert isinstance(server.transport.protocol, WebSocketChannel)


@pytest.mark.parametrize(
    "method, headers, status_line, message, extra",
    [
        (
            "GET",
            without(upgrade_headers("localhost"), "Sec-WebSocket-Key"),
            b"HTTP/1.1 400 Bad Request",
            "Missing header, 'Sec-WebSocket-Key'",
            {},
        ),
        (
            "GET",
            without(upgrade_headers("localhost"), "Sec-WebSocket-Version"),
            b"HTTP/1.1 426 Upgrade Required",
            "Missing header, 'Sec-WebSocket-Version'",
            {b"sec-websocket-version": b"13"},
        ),
        (
            "GET",
            [*without(upgrade_headers("localhost"), "Sec-WebSocket-Version"), ("Sec-WebSocket-Version", "8")],
            b"HTTP/1.1 426 Upgrade Required",
            "Unsupported header, 'Sec-WebSocket-Version: 8': the supported version is 13",
            {b"sec-websocket-version": b"13"},
        ),
        (
            "GET",
            upgrade_headers("localhost", key="short"),
            b"HTTP/1.1 400 Bad Request",
            "Invalid header, 'Sec-WebSocket-Key': one value, 16 bytes encoded in base64",
            {},
        ),
        (
            "POST",
            [*upgrade_headers("localhost"), ("Content-Length", "0")],
            b"HTTP/1.1 400 Bad Request",
            "Request method must be GET",
            {},
        ),
    ],
    ids=["no-key", "no-version", "version-8", "short-key", "post"],
)
def test_a_malformed_upgrade_is_refused_before_any_listener(method, headers, status_line, message, extra):
    server = Server()
    server.send(request_bytes(method, "/ws", headers))
    assert server.listened == []  # no listener thread: no LocalStack handler, no $connect
    line, answer_headers, body = answer(server)
    assert line == status_line
    assert json.loads(body) == {"message": message}
    assert answer_headers[b"content-type"] == b"application/json"
    assert answer_headers[b"x-amzn-errortype"] == b"BadRequestException"
    assert answer_headers[b"content-length"] == str(len(body)).encode()
    for name, value in extra.items():
        assert answer_headers[name] == value
    assert server.transport.lost  # closed, as rolo closes a refused upgrade's connection
    # the HTTP channel stays the transport's protocol: twisted tells it when the connection ends
    assert server.transport.protocol is server.protocol


def test_the_decorator_is_patched_once():
    process = WebsocketResourceDecorator._processWebsocket
    assert process._ws_ext_patched is True
    websocket_handshake.install()
    assert WebsocketResourceDecorator._processWebsocket is process


def test_what_the_patch_relies_on_is_still_upstream():
    # every request with "Upgrade: websocket" goes to _processWebsocket, whatever its method
    render = inspect.getsource(WebsocketResourceDecorator.render)
    assert 'request.getHeader("upgrade")' in render and "self._processWebsocket(request)" in render
    assert "request.method" not in render
    assert list(inspect.signature(WebsocketResourceDecorator._processWebsocket).parameters) == [
        "self",
        "request",
    ]
    # _processWebsocket asks wsproto before it hands the request to a listener thread
    original = inspect.getsource(WebsocketResourceDecorator._processWebsocket.__wrapped__)
    assert original.index("channel.initiateUpgrade()") < original.index("callInThread")
    # rolo hands wsproto the raw headers as a GET (the method is not checked), the target without the query
    upgrade = inspect.getsource(WebSocketChannel.initiateUpgrade)
    assert "getAllRawHeaders()" in upgrade
    assert "initiate_upgrade_connection(headers, self.request.path)" in upgrade


def test_unpatched_a_missing_key_is_a_500(monkeypatch):
    """What the patch is for: rolo's own _processWebsocket lets wsproto's error escape from render, and twisted
    answers 500 "Processing Failed" (and logs a traceback)."""
    original = WebsocketResourceDecorator._processWebsocket.__wrapped__
    monkeypatch.setattr(WebsocketResourceDecorator, "_processWebsocket", original)
    server = Server()
    server.send(request_bytes("GET", "/ws", without(upgrade_headers("localhost"), "Sec-WebSocket-Key")))
    assert server.listened == []
    assert server.written().startswith(b"HTTP/1.1 500 Internal Server Error")
    assert b"Processing Failed" in server.written()
