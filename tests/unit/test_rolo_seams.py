"""
What ``execute_api/transport/rolo_driver.py`` relies on in rolo (and the wsproto it brings), pinned: these tests
fail when a rolo release moves one of the internals the driver drives, before any socket is opened.

rolo's real upgrade path runs here in memory: a ``Site`` serving rolo's ``WebsocketResourceDecorator`` gets an
upgrade request on a fake transport, with a fake reactor that is not running (so every "call in the reactor" runs
inline, on the test thread); a wsproto client makes and reads the frames. ``setup.cfg`` bounds rolo to the
versions these tests passed on.
"""

from __future__ import annotations

import configparser
import importlib.metadata
import inspect
import os
import types

import pytest
from packaging.requirements import Requirement
from rolo.serving.twisted import (
    HeaderPreservingHTTPChannel,
    TwistedRequestAdapter,
    TwistedWebSocketAdapter,
    WebSocketChannel,
    WebsocketResourceDecorator,
)
from rolo.websocket import WebSocketRequest
from twisted.web.http import HTTPChannel
from twisted.web.server import Site
from wsproto import ConnectionState, ConnectionType, WSConnection
from wsproto import events as wse

from localstack_ws_ext.execute_api.transport import (
    ClientBufferFull,
    ConnectionLimits,
    accept_connection,
    connections,
)
from localstack_ws_ext.execute_api.transport.rolo_driver import RoloDriver
from tests.unit.twisted_memory import FakeTransport

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def test_installed_rolo_is_within_the_bound_in_setup_cfg():
    config = configparser.ConfigParser()
    config.read(os.path.join(ROOT, "setup.cfg"))
    lines = config["options"]["install_requires"].splitlines()
    (rolo,) = [Requirement(line) for line in lines if line.strip().startswith("rolo")]
    assert rolo.specifier, "rolo must be bounded: the driver relies on its internals"
    assert rolo.specifier.contains(importlib.metadata.version("rolo"))


def _parameters(fn) -> list[str]:
    return list(inspect.signature(fn).parameters)


def test_signatures_the_driver_calls_or_overrides():
    # UpgradeAdapter subclasses TwistedWebSocketAdapter and overrides these with the same parameters
    assert _parameters(TwistedWebSocketAdapter.__init__) == ["self", "channel", "reactor"]
    assert _parameters(TwistedWebSocketAdapter.accept) == [
        "self",
        "subprotocol",
        "extensions",
        "extra_headers",
        "timeout",
    ]
    assert _parameters(TwistedWebSocketAdapter.receive) == ["self", "timeout"]
    assert _parameters(TwistedWebSocketAdapter.send) == ["self", "event", "timeout"]
    assert _parameters(TwistedWebSocketAdapter.close) == ["self", "code", "reason", "timeout"]
    # RoloDriver writes and closes through the channel
    assert _parameters(WebSocketChannel.__init__) == ["self", "request", "reactor"]
    assert _parameters(WebSocketChannel.wsSend) == ["self", "event"]
    assert _parameters(WebSocketChannel.wsClose) == ["self", "code", "reason"]
    assert _parameters(WebSocketChannel.close) == ["self"]
    assert _parameters(WebSocketChannel.connectionLost) == ["self", "reason"]
    assert isinstance(WebSocketChannel.closed, property)
    # WebSocketRequest.accept hands our adapter the subprotocol and headers
    assert _parameters(WebSocketRequest.accept) == ["self", "subprotocol", "headers", "timeout"]


def test_wsproto_events_the_driver_reads():
    # data frames in pieces, with the flags the connection's limits and reassembly read
    for cls, data in ((wse.TextMessage, "x"), (wse.BytesMessage, b"x")):
        event = cls(data=data, frame_finished=False, message_finished=False)
        assert (event.data, event.frame_finished, event.message_finished) == (data, False, False)
    assert isinstance(wse.CloseConnection(1000, "r").response(), wse.CloseConnection)
    assert isinstance(wse.Ping(b"p").response(), wse.Pong)
    # the state that tells the echo of our close frame from the client's own close
    server = WSConnection(ConnectionType.SERVER)
    assert hasattr(server, "state") and ConnectionState.CLOSED.name == "CLOSED"


# rolo's upgrade, in memory


class FakeCall:
    def __init__(self, delay, fn, args):
        self.delay, self.fn, self.args = delay, fn, args
        self.cancelled = False

    def active(self):
        return not self.cancelled

    def cancel(self):
        self.cancelled = True


class FakeReactor:
    """Not running: rolo's adapter and our driver then run their reactor calls inline."""

    running = False

    def __init__(self):
        self.calls: list[FakeCall] = []

    def callLater(self, delay, fn, *args):
        call = FakeCall(delay, fn, args)
        self.calls.append(call)
        return call


class InlineExecutor:
    """Runs each task as it is submitted, on the test thread."""

    def submit(self, key, fn, *args):
        fn(*args)
        return 1

    def pending(self, key):
        return 0


class Handler:
    def __init__(self):
        self.messages = []
        self.closes = []

    def on_message(self, connection, message):
        self.messages.append(message)
        connection.send(f"echo {message}")

    def on_close(self, connection, code, reason):
        self.closes.append((code, reason))


@pytest.fixture
def upgrade():
    """rolo's ``WebsocketResourceDecorator`` receives a wsproto client's upgrade request; returns (environ handed
    to the listener, transport, reactor, client)."""
    listened = []
    reactor = FakeReactor()
    # what the decorator reads of the WSGIResource it wraps
    wsgi_resource = types.SimpleNamespace(
        _reactor=reactor,
        _threadpool=types.SimpleNamespace(callInThread=lambda fn, *args: listened.append(args)),
    )
    site = Site(WebsocketResourceDecorator(wsgi_resource, lambda environ: None), timeout=None)
    site.requestFactory = TwistedRequestAdapter
    site.protocol = HeaderPreservingHTTPChannel.protocol_factory
    protocol = site.buildProtocol(None)
    transport = FakeTransport()
    protocol.makeConnection(transport)
    transport.protocol = protocol
    client = WSConnection(ConnectionType.CLIENT)
    protocol.dataReceived(client.send(wse.Request(host="localhost", target="/ws")))
    ((environ,),) = listened
    return environ, transport, reactor, client


def test_rolo_upgrade_leaves_the_seams_the_driver_takes_over(upgrade):
    environ, transport, reactor, client = upgrade
    adapter = environ["rolo.websocket"]
    assert type(adapter) is TwistedWebSocketAdapter
    channel = adapter.channel
    assert isinstance(channel, WebSocketChannel) and adapter.reactor is reactor
    # the channel is the transport's protocol (RoloDriver.take_over swaps it out)
    assert transport.protocol is channel
    assert channel.request.transport is transport
    # the HTTPChannel that twisted no longer tells about the connection's end
    assert isinstance(channel.request.channel, HTTPChannel)
    # the producers the driver comes between: the HTTPChannel is the transport's, rolo's channel the request's
    assert transport.producer is channel.request.channel and channel.request.producer is channel
    # what RoloDriver reads and replaces on the channel
    assert isinstance(channel.wsproto, WSConnection)
    assert hasattr(channel, "eventQueue") and isinstance(channel.lastReceivedAt, float)
    assert not channel.closed
    assert WebSocketRequest(environ).socket is adapter


def _read_101(client: WSConnection, data: bytes) -> None:
    client.receive_data(data)
    assert [type(e) for e in client.events()] == [wse.AcceptConnection]


def test_accept_and_a_conversation_through_the_seams(upgrade):
    environ, transport, reactor, client = upgrade
    request = WebSocketRequest(environ)
    handler = Handler()
    connection = accept_connection(
        request, handler, executor=InlineExecutor(), subprotocol=None, limits=ConnectionLimits(), info="x"
    )
    # the 101 went out through rolo's wsSend, the request counts as upgraded, and the driver reads the socket
    assert request.is_upgraded()
    assert isinstance(transport.protocol, RoloDriver)
    _read_101(client, transport.take())
    request.close()  # the listener's ``finally``: must leave the upgraded socket alone
    assert transport.data == b"" and not transport.lost
    assert connections.get(connection.id) is connection and connection.is_open

    # a message in two frames; the echo comes back as a text frame
    transport.protocol.dataReceived(client.send(wse.TextMessage("hel", message_finished=False)))
    transport.protocol.dataReceived(client.send(wse.TextMessage("lo")))
    assert handler.messages == ["hello"]
    client.receive_data(transport.take())
    assert [e.data for e in client.events()] == ["echo hello"]

    # pings are answered by the driver through the channel
    transport.protocol.dataReceived(client.send(wse.Ping(b"p")))
    client.receive_data(transport.take())
    assert [type(e) for e in client.events()] == [wse.Pong]

    # backpressure reaches the transport
    transport.protocol.pause_reading()
    assert transport.paused
    transport.protocol.resume_reading()
    assert not transport.paused

    # the client closes: the driver echoes through rolo, which ends the TCP connection
    transport.protocol.dataReceived(client.send(wse.CloseConnection(4000, "bye")))
    assert transport.lost and connection.close_code == 4000
    client.receive_data(transport.take())
    assert [(e.code, e.reason) for e in client.events()] == [(4000, "bye")]
    transport.protocol.connectionLost(None)
    assert handler.closes == [(4000, "bye")]
    assert connections.get(connection.id) is None and connection not in connections.snapshot()


def test_server_close_uses_rolos_closing_handshake(upgrade):
    environ, transport, reactor, client = upgrade
    handler = Handler()
    connection = accept_connection(WebSocketRequest(environ), handler, executor=InlineExecutor())
    _read_101(client, transport.take())
    timers = len(reactor.calls)

    connection.close(4001, "server says bye")
    # rolo's wsClose sent the close frame and armed its close timeouts, without ending the TCP connection
    client.receive_data(transport.take())
    assert [(e.code, e.reason) for e in client.events()] == [(4001, "server says bye")]
    assert not transport.lost
    assert len(reactor.calls) > timers
    assert handler.closes == [(4001, "server says bye")]
    # sends after the close frame are dropped by rolo's wsSend
    transport.protocol.send("dropped")
    assert transport.data == b""

    # the client answers: the handshake is complete, the driver ends the TCP connection through rolo
    transport.protocol.dataReceived(client.send(wse.CloseConnection(4001, "server says bye")))
    assert transport.lost and transport.protocol.channel.closed
    transport.protocol.connectionLost(None)
    assert handler.closes == [(4001, "server says bye")]


def test_abort_and_a_client_gone_before_the_upgrade(upgrade):
    environ, transport, reactor, client = upgrade
    handler = Handler()
    connection = accept_connection(WebSocketRequest(environ), handler, executor=InlineExecutor())
    transport.take()
    transport.protocol.abort()
    assert transport.aborted and transport.protocol.channel.closed
    transport.protocol.connectionLost(None)
    assert handler.closes == [(1006, "Connection Closed Abnormally")]
    assert connection not in connections.snapshot()


def test_client_gone_before_the_upgrade(upgrade):
    environ, transport, reactor, client = upgrade
    environ["rolo.websocket"].channel.close()  # rolo's own cleanup when the TCP connection ends early
    handler = Handler()
    connection = accept_connection(WebSocketRequest(environ), handler, executor=InlineExecutor())
    assert not connection.is_open
    assert handler.closes == [(1006, "Connection Closed Abnormally")]
    assert connection not in connections.snapshot()


def test_the_driver_hears_of_a_full_send_buffer(upgrade):
    environ, transport, reactor, client = upgrade
    connection = accept_connection(
        WebSocketRequest(environ),
        Handler(),
        executor=InlineExecutor(),
        limits=ConnectionLimits(max_unread_bytes=4),
    )
    _read_101(client, transport.take())
    driver = transport.protocol
    assert transport.producer is driver
    driver.pauseProducing()  # as the transport does when its send buffer is full
    connection.send("1234", refuse_if_full=True)
    with pytest.raises(ClientBufferFull):
        connection.send("5", refuse_if_full=True)
    # rolo's channel heard it too, through the HTTPChannel: its close timeout waits for the buffer to drain
    timers = len(reactor.calls)
    connection.close(4001, "bye")
    assert len(reactor.calls) == timers + 1  # the abort timer only
    driver.resumeProducing()
    assert len(reactor.calls) == timers + 2  # and the close timeout, once drained
    client.receive_data(transport.take())
    assert [type(e) for e in client.events()] == [wse.TextMessage, wse.CloseConnection]
    transport.protocol.dataReceived(client.send(wse.CloseConnection(4001, "bye")))
    assert transport.lost and transport.producer is None  # HTTPChannel.loseConnection unregistered the driver
