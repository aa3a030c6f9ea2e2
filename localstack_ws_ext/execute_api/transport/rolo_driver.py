"""
The driver on rolo's twisted server: the only module of the transport that imports rolo, twisted or wsproto.

rolo serves a WebSocket by running the listener on a reactor threadpool thread that then blocks in
``ws.receive()`` for the lifetime of the socket. ``accept_connection`` turns that around: the reactor reads the
socket and calls a ``Connection`` back (``driver.DriverEvents``), and the listener returns right away.

How rolo serves a WebSocket (``rolo/serving/twisted.py``): ``WebsocketResourceDecorator`` makes a
``WebSocketChannel`` (a twisted ``Protocol`` owning the wsproto ``WSConnection``) the transport's protocol,
wraps it in a ``TwistedWebSocketAdapter`` stored in ``environ["rolo.websocket"]``, and calls the listener on a
threadpool thread. ``WebSocketChannel.dataReceived`` parses frames with wsproto, answers pings, reassembles
messages (without any size limit) and queues them for ``receive()``.

rolo offers no callback hook, so we take over at the two places rolo itself uses as seams, without patching
any rolo class (``tests/unit/test_rolo_seams.py`` pins what this relies on; ``setup.cfg`` bounds rolo):

1. ``environ["rolo.websocket"]``, rolo's adapter plug point: ``UpgradeAdapter`` subclasses
   ``TwistedWebSocketAdapter`` for one request, so that the public ``WebSocketRequest.accept()`` sends the 101
   *and* hands the connection over in the same reactor call: no frame can reach rolo's queue in between, and
   ``WebSocketRequest`` records the upgrade as usual (the listener's ``finally: request.close()`` then leaves
   the socket alone).
2. The transport's protocol, which rolo swaps itself on upgrade: ``RoloDriver`` replaces the
   ``WebSocketChannel`` as the protocol the transport calls ``dataReceived``/``connectionLost`` on. It reads
   frames with the channel's own wsproto connection and writes through the channel's ``wsSend``/``wsClose``/
   ``close``, so rolo keeps owning framing, the close handshake and its close timeouts; only what happens with
   incoming events changes.
3. The transport's producer (twisted's ``IPushProducer``, told when the transport's send buffer fills and
   empties): twisted's ``HTTPChannel`` registers itself there and passes the news on to rolo's channel (the
   request's producer), whose close timeout waits for a full buffer to drain. ``RoloDriver`` takes the
   HTTPChannel's place for the connection's life and passes every call on to it, telling the connection too
   (``DriverEvents.send_buffer_full`` / ``send_buffer_drained``); ``HTTPChannel.loseConnection`` unregisters
   it, as it did the HTTPChannel.
"""

from __future__ import annotations

import logging
import time
import typing as t
from collections.abc import Iterable, Mapping

from rolo.serving.twisted import TwistedWebSocketAdapter, WebSocketChannel
from rolo.websocket import WebSocketProtocolError, WebSocketRequest
from rolo.websocket import adapter as rolows
from twisted.internet import reactor as global_reactor
from twisted.internet.interfaces import IPushProducer
from twisted.internet.protocol import Protocol
from twisted.internet.threads import blockingCallFromThread
from twisted.protocols.policies import ProtocolWrapper
from twisted.python import threadable
from twisted.web.http import HTTPChannel
from werkzeug.datastructures import Headers
from wsproto import ConnectionState
from wsproto import events as wse
from zope.interface import implementer

from ..ids import new_gateway_id
from .close_codes import GOING_AWAY_REASON, check_close
from .connection import Connection, ConnectionHandler
from .executor import OrderedExecutor
from .limits import ConnectionLimits
from .registry import connections

if t.TYPE_CHECKING:
    from .driver import DriverEvents, Timer

LOG = logging.getLogger(__name__)


class _DiscardQueue:
    """Stands in for ``WebSocketChannel.eventQueue`` once we drive the connection: rolo's ``close``/``wsClose``
    still put their internal "poison pill" there, and nobody reads it any more. Saves the ~2.5 KB of a
    ``queue.Queue`` (lock, three conditions) per connection."""

    __slots__ = ()

    def put(self, item, block=True, timeout=None) -> None:
        pass

    def put_nowait(self, item) -> None:
        pass

    def get(self, block=True, timeout=None):
        raise WebSocketProtocolError("this WebSocket is driven by reactor callbacks, not by receive()")


DISCARD_QUEUE = _DiscardQueue()


@implementer(IPushProducer)
class RoloDriver(Protocol):
    """
    ``driver.Driver`` on a rolo ``WebSocketChannel``, and the transport's protocol and producer after
    ``take_over``: turns wsproto events into ``DriverEvents`` calls, in the reactor thread. wsproto hands out a
    data frame in pieces as its bytes arrive (with ``frame_finished``/``message_finished`` flags); they go to the
    connection as they are, for it to check the limits before anything is buffered.
    """

    __slots__ = ("channel", "reactor", "events", "_http_channel")

    def __init__(self, channel: WebSocketChannel, reactor, events: DriverEvents):
        self.channel = channel
        self.reactor = reactor
        self.events = events
        self._http_channel = None

    def take_over(self) -> None:
        """Right after the 101 is written (reactor thread): become the transport's protocol in place of rolo's
        ``WebSocketChannel`` and open the connection."""
        channel = self.channel
        if channel.closed:
            # the client went away before the upgrade completed
            self.events.connection_lost()
            return
        request = channel.request
        transport = request.transport
        # the same rule rolo applies in ``WebsocketResourceDecorator._processWebsocket``
        if isinstance(transport, ProtocolWrapper):
            if transport.wrappedProtocol is not channel:
                raise RuntimeError("rolo's WebSocketChannel is not the transport's protocol")
            transport.wrappedProtocol = self
        else:
            if getattr(transport, "protocol", None) is not channel:
                raise RuntimeError("rolo's WebSocketChannel is not the transport's protocol")
            transport.protocol = self
        self.makeConnection(transport)
        channel.eventQueue = DISCARD_QUEUE
        self._http_channel = request.channel
        if IPushProducer.providedBy(transport):  # the HTTPChannel's own rule (else it registered nowhere)
            # in the HTTPChannel's place as the transport's producer (one at a time: twisted refuses a second)
            transport.unregisterProducer()
            transport.registerProducer(self, True)
        self.events.connection_made(self)
        # frames the client pipelined behind its upgrade request (wsproto buffered them)
        self.process_events()

    # IProtocol

    def dataReceived(self, data: bytes) -> None:
        self.channel.lastReceivedAt = time.monotonic()
        self.channel.wsproto.receive_data(data)
        self.process_events()

    def connectionLost(self, reason=None) -> None:
        try:
            # rolo's cleanup: cancels its close timers, finishes the twisted request
            self.channel.connectionLost(reason)
        finally:
            http_channel, self._http_channel = self._http_channel, None
            # rolo swapped the HTTPChannel out of the transport on upgrade, so twisted never tells it that the
            # connection is gone: ``requestDone`` re-armed its HTTP idle timeout (60 s) and, 15 s later, its
            # abort timer, both holding the whole connection's objects. This is what twisted would have called.
            if isinstance(http_channel, HTTPChannel):
                try:
                    http_channel.connectionLost(reason)
                except Exception:
                    LOG.debug("error notifying the HTTP channel of the connection loss", exc_info=True)
            self.events.connection_lost()

    # IPushProducer: the transport's send buffer (not to be confused with pause_reading/resume_reading)

    def pauseProducing(self) -> None:
        """The transport's send buffer is full."""
        if self._http_channel is not None:
            self._http_channel.pauseProducing()
        self.events.send_buffer_full()

    def resumeProducing(self) -> None:
        """The transport's send buffer is empty again."""
        if self._http_channel is not None:
            self._http_channel.resumeProducing()
        self.events.send_buffer_drained()

    def stopProducing(self) -> None:
        if self._http_channel is not None:
            self._http_channel.stopProducing()

    def process_events(self) -> None:
        events = self.events
        channel = self.channel
        ws = channel.wsproto
        for event in ws.events():
            cls = type(event)
            if cls is wse.TextMessage or cls is wse.BytesMessage:
                events.message_data(event.data, event.frame_finished, event.message_finished)
            elif cls is wse.Ping:
                channel.wsSend(event.response())
                events.control_frame_received()
            elif cls is wse.Pong:
                events.control_frame_received()
            elif cls is wse.CloseConnection:
                if ws.state is ConnectionState.CLOSED:
                    # the client echoed our close frame: the handshake is complete, end the TCP connection
                    channel.close()
                    continue
                # REMOTE_CLOSING: the client started the closing handshake. OPEN: wsproto could not parse the
                # client's data (protocol error 1002, invalid UTF-8 1007, ...): the event carries code/reason.
                # Either way, like rolo: echo/send the close frame, then terminate the TCP connection.
                channel.wsSend(event.response())
                channel.close()
                code = int(event.code) if event.code is not None else 1005
                events.close_frame_received(code, event.reason or "")

    # Driver

    def call_from_thread(self, fn: t.Callable[..., t.Any], *args: t.Any) -> None:
        # without a running reactor there is no reactor thread to race with (rolo's own rule)
        if self.reactor.running and not threadable.isInIOThread():
            self.reactor.callFromThread(fn, *args)
        else:
            fn(*args)

    def call_later(self, delay: float, fn: t.Callable[[], t.Any]) -> Timer:
        return self.reactor.callLater(delay, fn)

    def send(self, data: str | bytes) -> None:
        if isinstance(data, str):
            self.channel.wsSend(wse.TextMessage(data=data))
        else:
            self.channel.wsSend(wse.BytesMessage(data=bytes(data)))

    def close(self, code: int, reason: str) -> None:
        self.channel.wsClose(code, reason)

    def abort(self) -> None:
        transport = self.transport
        if transport is not None and not self.channel.closed:
            self.channel.close()
            transport.abortConnection()

    def pause_reading(self) -> None:
        if self.transport is not None:
            self.transport.pauseProducing()

    def resume_reading(self) -> None:
        if self.transport is not None:
            self.transport.resumeProducing()


def _call_in_reactor(reactor, fn: t.Callable, *args) -> t.Any:
    """Run ``fn(*args)`` in the reactor thread and return its result (as rolo's adapter does)."""
    if reactor.running and not threadable.isInIOThread():
        return blockingCallFromThread(reactor, fn, *args)
    return fn(*args)


class UpgradeAdapter(TwistedWebSocketAdapter):
    """
    ``environ["rolo.websocket"]`` for a request accepted with ``accept_connection``. Until the upgrade it
    behaves like rolo's adapter; ``accept`` sends the 101 and calls ``RoloDriver.take_over`` in one reactor
    call. After the upgrade, the rolo ``WebSocket`` returned by ``request.accept()`` still works for
    ``send``/``close`` (routed to the ``Connection``), while ``receive`` raises: messages go to the handler.
    """

    def __init__(self, original: TwistedWebSocketAdapter, driver: RoloDriver, connection: Connection):
        super().__init__(original.channel, original.reactor)
        self.driver = driver
        self.connection = connection
        self.accepted = False

    def accept(self, subprotocol=None, extensions=None, extra_headers=None, timeout=None):
        # the same event as rolo's ``TwistedWebSocketAdapter.accept``
        raw_headers = (
            [(k.encode("latin-1"), v.encode("latin-1")) for k, v in extra_headers.to_wsgi_list()]
            if extra_headers
            else []
        )
        event = wse.AcceptConnection(subprotocol, extensions=[], extra_headers=raw_headers)
        _call_in_reactor(self.reactor, self._accept_in_reactor, event)

    def _accept_in_reactor(self, event: wse.AcceptConnection) -> None:
        self.channel.wsSend(event)
        self.accepted = True
        try:
            self.driver.take_over()
        except BaseException:
            # the 101 is out but nobody would read this socket: close it rather than leak it
            self.channel.wsClose(1011, "Internal server error")
            raise

    def receive(self, timeout: float = None):
        if self.accepted:
            raise WebSocketProtocolError("this WebSocket is driven by reactor callbacks, not by receive()")
        return super().receive(timeout)

    def send(self, event: rolows.Message, timeout: float = None):
        if not self.accepted:
            return super().send(event, timeout)
        self.connection.send(event.data)

    def close(self, code: int = 1001, reason: str = None, timeout: float = None):
        if not self.accepted:
            return super().close(code, reason, timeout)
        self.connection.close(code, reason or "")


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
    executor: OrderedExecutor,
    subprotocol: str | None = None,
    headers: Headers | Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    limits: ConnectionLimits | None = None,
    connection_id: str | None = None,
    info: t.Any = None,
    timeout: float = 10.0,
) -> Connection:
    """
    Complete the WebSocket upgrade of ``request`` (101 response with ``subprotocol`` and ``headers``) and hand
    the connection to the reactor: the caller (a listener on a reactor pool thread) can return right away,
    nothing blocks for the connection. ``handler`` gets the messages and the close, on ``executor``. The
    connection is registered in ``registry.connections`` while its TCP connection is up.

    Must be called instead of ``request.accept()``, before anything consumed the request's socket. If the
    client disconnected before the upgrade, the returned connection is already closed and ``on_close(1006)``
    follows. The rolo ``WebSocket`` API of the request keeps working for ``send``/``close`` only.

    :param connection_id: default: a new AWS-shaped id
    :param info: the caller's record of the connection, carried as ``Connection.info``
    :raises TypeError: if the request is not served by rolo's twisted server
    :raises ValueError: if the request was already accepted or rejected
    """
    original = request.socket
    if isinstance(original, UpgradeAdapter) or request.is_upgraded() or request.is_rejected():
        raise ValueError("WebSocket request already accepted or rejected")
    if not isinstance(original, TwistedWebSocketAdapter):
        raise TypeError(
            f"accept_connection needs rolo's twisted server, got a {type(original).__name__} socket"
        )
    connection = Connection(
        connection_id or new_gateway_id(),
        handler,
        executor,
        limits or ConnectionLimits(),
        connections,
        subprotocol=subprotocol,
        info=info,
    )
    driver = RoloDriver(original.channel, original.reactor, connection)
    request.environ["rolo.websocket"] = UpgradeAdapter(original, driver, connection)
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
    are still up. Must run while the reactor (twisted's global one, which rolo's ``TwistedGateway`` serves on)
    still runs, for the close frames to be written; without a running reactor the ``on_close`` calls are
    still queued, nothing goes out on the network.

    :return: the number of connections this call closed
    """
    check_close(code, reason)
    live = connections.snapshot()
    closing = [c for c in live if c.is_open]
    for connection in closing:
        connection.close(code, reason)  # runs right here when the reactor does not run
    if not live:
        return len(closing)
    if not global_reactor.running:
        # no reactor will write the close frames nor report the end of these TCP connections: they are over
        for connection in live:
            connection.connection_lost()
        return len(closing)
    if threadable.isInIOThread():
        return len(closing)  # the reactor cannot wait for itself
    left = connections.wait_gone(live, timeout)
    if left:
        LOG.warning("%d WebSocket connections did not complete the close handshake; aborting", len(left))
        for connection in left:
            connection.abort()
        connections.wait_gone(left, 1.0)
    return len(closing)
