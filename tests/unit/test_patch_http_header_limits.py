"""Oversized request headers get 431 (a request line 414) on LocalStack's HTTP server in memory
(patches/http_header_limits.py), every other bad request twisted's own 400; and what the patch relies on in
twisted."""

import inspect
import json

import pytest
import twisted
from rolo.serving.twisted import HeaderPreservingHTTPChannel
from twisted.protocols.basic import LineReceiver
from twisted.web.http import HTTPChannel

from localstack_ws_ext.patches import applies, http_header_limits
from tests.unit.twisted_memory import Server


@pytest.fixture(autouse=True)
def installed():
    http_header_limits.install()


def head(*headers: bytes, request_line: bytes = b"GET / HTTP/1.1") -> bytes:
    return b"\r\n".join([request_line, b"Host: localhost", *headers]) + b"\r\n\r\n"


def assert_answered(server: Server, status_line: bytes, message: str) -> None:
    answer = server.written()
    status, _, rest = answer.partition(b"\r\n")
    assert status == status_line
    headers, _, body = rest.partition(b"\r\n\r\n")
    assert json.loads(body) == {"message": message}
    lines = headers.split(b"\r\n")
    assert b"Content-Type: application/json" in lines and b"Connection: close" in lines
    assert f"Content-Length: {len(body)}".encode() in lines
    assert b"x-amzn-ErrorType: BadRequestException" in lines
    assert server.transport.lost


def test_a_header_line_over_16_kb_is_431():
    server = Server(websocket=False)
    server.send(head(b"X-Large: " + b"a" * 100_000))
    assert_answered(
        server, b"HTTP/1.1 431 Request Header Fields Too Large", "Request Header Fields Too Large"
    )


def test_a_header_line_arriving_in_pieces_is_431_once():
    server = Server(websocket=False)
    server.send(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Large: ")
    for _ in range(10):
        server.send(b"a" * 10_000)
    assert server.written().count(b"HTTP/1.1") == 1
    assert_answered(
        server, b"HTTP/1.1 431 Request Header Fields Too Large", "Request Header Fields Too Large"
    )


def test_a_request_line_over_16_kb_is_414():
    server = Server(websocket=False)
    server.send(head(request_line=b"GET /?q=" + b"b" * 20_000 + b" HTTP/1.1"))
    assert_answered(server, b"HTTP/1.1 414 URI Too Long", "URI Too Long")


def test_headers_over_16_kb_in_total_are_431():
    server = Server(websocket=False)
    server.send(head(*(b"X-Part-%d: " % n + b"c" * 1000 for n in range(20))))
    assert_answered(
        server, b"HTTP/1.1 431 Request Header Fields Too Large", "Request Header Fields Too Large"
    )


def test_over_500_headers_are_431():
    server = Server(websocket=False)
    server.send(head(*(b"X-%d: d" % n for n in range(501))))
    assert_answered(
        server, b"HTTP/1.1 431 Request Header Fields Too Large", "Request Header Fields Too Large"
    )


def test_within_the_limits_nothing_changes():
    server = Server(websocket=False)
    server.send(head(*(b"X-%d: " % n + b"e" * 30 for n in range(300)), b"X-Long: " + b"f" * 3000))
    assert server.written().startswith(b"HTTP/1.1 200 OK") and server.written().endswith(b"ok")


def test_other_bad_requests_keep_twisteds_400():
    server = Server(websocket=False)
    server.send(head(b"no colon here"))
    assert server.written() == b"HTTP/1.1 400 Bad Request\r\n\r\n" and server.transport.lost


def test_the_channel_is_patched_once():
    exceeded = HeaderPreservingHTTPChannel.lineLengthExceeded
    bad_request = HeaderPreservingHTTPChannel._respondToBadRequestAndDisconnect
    assert exceeded._ws_ext_patched is True and bad_request._ws_ext_patched is True
    http_header_limits.install()
    assert HeaderPreservingHTTPChannel.lineLengthExceeded is exceeded
    assert HeaderPreservingHTTPChannel._respondToBadRequestAndDisconnect is bad_request
    # twisted's own HTTPChannel (any other server in the process) is left as it is
    assert not getattr(HTTPChannel.lineLengthExceeded, "_ws_ext_patched", False)
    assert not getattr(HTTPChannel._respondToBadRequestAndDisconnect, "_ws_ext_patched", False)


def test_what_the_patch_relies_on_is_still_upstream():
    assert applies(http_header_limits.TWISTED_VERSIONS, twisted.__version__)
    # the limits
    assert (LineReceiver.MAX_LENGTH, HTTPChannel.totalHeadersSize, HTTPChannel.maxHeaders) == (
        16384,
        16384,
        500,
    )
    assert issubclass(HeaderPreservingHTTPChannel, LineReceiver)
    # a line over MAX_LENGTH ends in lineLengthExceeded, which drops the connection without a word
    assert "lineLengthExceeded" in inspect.getsource(LineReceiver.dataReceived)
    assert (
        inspect.getsource(LineReceiver.lineLengthExceeded)
        .strip()
        .endswith("return self.transport.loseConnection()")
    )
    # the total size and the count go to _respondToBadRequestAndDisconnect, with the counters the patch reads
    line_received = inspect.getsource(HTTPChannel.lineReceived)
    assert "self._receivedHeaderSize > self.totalHeadersSize" in line_received
    assert "self.__first_line = 0" in line_received  # the request line is parsed: what follows are headers
    header_received = inspect.getsource(HTTPChannel.headerReceived)
    assert "self._receivedHeaderCount > self.maxHeaders" in header_received
    assert "self.__first_line = 1" in inspect.getsource(HTTPChannel.allContentReceived)
    assert "HTTP/1.1 400 Bad Request" in inspect.getsource(HTTPChannel._respondToBadRequestAndDisconnect)
