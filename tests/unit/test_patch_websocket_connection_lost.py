"""The end of a refused (or never answered) upgrade reaches twisted's HTTPChannel, whose timers then never fire
(patches/websocket_connection_lost.py), on LocalStack's HTTP server in memory with twisted's Clock; and what the
patch relies on in rolo and twisted."""

import inspect

import pytest
from rolo.serving.twisted import WebSocketChannel, WebsocketResourceDecorator
from rolo.websocket import WebSocketRequest
from twisted.internet.error import ConnectionDone
from twisted.python.failure import Failure
from twisted.web.http import HTTPChannel
from werkzeug import Response

from localstack_ws_ext.patches import websocket_connection_lost
from tests.raw_http import request_bytes, upgrade_headers
from tests.unit.twisted_memory import Server

LOST = Failure(ConnectionDone())
TIMEOUT = 60  # LocalStack's (twisted's HTTPFactory default)


@pytest.fixture(autouse=True)
def installed():
    websocket_connection_lost.install()


def upgraded_server() -> tuple[Server, WebSocketRequest]:
    server = Server(timeout=TIMEOUT)
    server.send(request_bytes("GET", "/ws", upgrade_headers("localhost")))
    (environ,) = server.listened
    assert isinstance(server.transport.protocol, WebSocketChannel)
    return server, WebSocketRequest(environ)


def test_a_refused_upgrade_leaves_no_timer_behind():
    server, request = upgraded_server()
    request.reject(Response('{"message": "Forbidden"}', 403))
    assert server.written().startswith(b"HTTP/1.1 403 Forbidden")
    server.transport.protocol.connectionLost(LOST)  # the client goes, as twisted reports it
    assert server.http_channel._TimeoutMixin__timeoutCall is None
    server.clock.advance(TIMEOUT + HTTPChannel.abortTimeout + 1)
    assert not server.transport.aborted  # no forceAbortClient (on TLS: a traceback)
    assert [
        call for call in server.clock.getDelayedCalls() if "_updateLogDateTime" not in repr(call.func)
    ] == []


def test_a_client_gone_before_the_answer_leaves_no_timer_behind():
    server, request = upgraded_server()
    server.transport.protocol.connectionLost(LOST)  # e.g. during a slow $connect
    assert server.http_channel._TimeoutMixin__timeoutCall is None
    request.reject(Response("late", 403))  # the answer comes too late: nothing happens
    server.clock.advance(TIMEOUT + HTTPChannel.abortTimeout + 1)
    assert not server.transport.aborted


def test_unpatched_the_http_channel_times_out_a_closed_connection(monkeypatch):
    """What the patch is for: without it, the HTTPChannel's timers run on after the connection ended, and
    forceAbortClient aborts the dead transport (which fails with a traceback on TLS)."""
    monkeypatch.setattr(WebSocketChannel, "connectionLost", WebSocketChannel.connectionLost.__wrapped__)
    server, request = upgraded_server()
    request.reject(Response("no", 403))
    server.transport.protocol.connectionLost(LOST)
    server.clock.advance(TIMEOUT + 1)
    server.clock.advance(HTTPChannel.abortTimeout + 1)
    assert server.transport.aborted


def test_an_upgraded_connection_is_left_to_the_transport_driver():
    """RoloDriver tells the HTTPChannel itself: the channel's connectionLost must not tell it twice."""
    server, request = upgraded_server()
    channel = server.transport.protocol
    told = []
    server.http_channel.connectionLost = told.append
    channel.upgraded = True
    channel.connectionLost(LOST)
    assert told == []


def test_the_channel_is_patched_once():
    lost, init = WebSocketChannel.connectionLost, WebSocketChannel.__init__
    assert lost._ws_ext_patched is True and init._ws_ext_patched is True
    websocket_connection_lost.install()
    assert (WebSocketChannel.connectionLost, WebSocketChannel.__init__) == (lost, init)
    assert list(inspect.signature(WebSocketChannel.__init__).parameters) == ["self", "request", "reactor"]


def test_what_the_patch_relies_on_is_still_upstream():
    # the decorator makes the WebSocketChannel the transport's protocol, in place of the HTTPChannel
    process = inspect.getsource(inspect.unwrap(WebsocketResourceDecorator._processWebsocket))
    assert "request.transport.wrappedProtocol = channel" in process
    assert "request.transport.protocol = channel" in process
    # the channel's end only closes the channel: the HTTPChannel is not told
    lost = inspect.getsource(WebSocketChannel.connectionLost.__wrapped__)
    assert "self.close()" in lost and "channel.connectionLost" not in lost
    # the HTTPChannel re-arms its idle timeout when the request is done; connectionLost cancels its timers
    assert "self.setTimeout(self._savedTimeOut)" in inspect.getsource(HTTPChannel.requestDone)
    assert "self.setTimeout(None)" in inspect.getsource(HTTPChannel.connectionLost)
    assert "_abortingCall.cancel()" in inspect.getsource(HTTPChannel.connectionLost)
    assert "forceAbortClient" in inspect.getsource(HTTPChannel.timeoutConnection)
    # an accepted upgrade sets ``upgraded`` (the transport driver tells the HTTPChannel then)
    assert "self.upgraded = True" in inspect.getsource(WebSocketChannel.wsSend)
