"""
The one place where ``transport.py`` adapts rolo's twisted WebSocket server (rolo 0.8.x,
``rolo/serving/twisted.py``) from "a pool thread blocks in ``receive()``" to "the reactor calls us back".

How rolo serves a WebSocket: ``WebsocketResourceDecorator._processWebsocket`` makes a ``WebSocketChannel``
(a twisted ``Protocol`` owning the wsproto ``WSConnection``) the transport's protocol, wraps it in a
``TwistedWebSocketAdapter`` stored in ``environ["rolo.websocket"]``, and calls the listener (``Gateway.accept``)
on a reactor threadpool thread. ``WebSocketChannel.dataReceived`` parses frames with wsproto, answers pings,
reassembles messages (without any size limit) and puts them in a ``queue.Queue`` that the pool thread drains
with ``receive()``.

rolo offers no callback hook, so we take over at the two places rolo itself uses as seams, without patching
any rolo class:

1. ``environ["rolo.websocket"]`` (rolo's adapter plug point): ``CallbackAdapter`` subclasses
   ``TwistedWebSocketAdapter`` for this one request, so that the public ``WebSocketRequest.accept()`` sends
   the 101 response *and* hands the connection over in the same reactor call: no frame can reach rolo's
   queue in between, and ``WebSocketRequest`` records the upgrade as usual (``Gateway.accept`` and the
   listener's ``finally: request.close()`` then leave the socket alone).
2. The transport's protocol (the swap rolo does itself on upgrade): ``ReactorDriver`` replaces the
   ``WebSocketChannel`` as the protocol the transport calls ``dataReceived``/``connectionLost`` on. It reads
   frames with the channel's own wsproto connection and writes through the channel's ``wsSend``/``wsClose``/
   ``close``, so rolo keeps owning framing, the close handshake and its close timeouts; we only replace
   what happens with incoming events (limits, reassembly, dispatch to callbacks instead of the queue).
"""

from __future__ import annotations

import logging
import time
import typing as t

from rolo.serving.twisted import TwistedWebSocketAdapter, WebSocketChannel
from rolo.websocket import WebSocketProtocolError
from rolo.websocket import adapter as rolows
from twisted.internet.protocol import Protocol
from twisted.internet.threads import blockingCallFromThread
from twisted.protocols.policies import ProtocolWrapper
from twisted.python import threadable
from twisted.web.http import HTTPChannel
from wsproto import ConnectionState
from wsproto import events as wse

if t.TYPE_CHECKING:
    from .transport import WebSocketConnection

LOG = logging.getLogger(__name__)

NO_STATUS_REASON = "Client-side close frame status not set"
"""Reason passed to ``on_close`` for a client close frame without status code (code 1005), as AWS reports it."""


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


def call_in_reactor(reactor, fn: t.Callable, *args) -> t.Any:
    """Run ``fn(*args)`` in the reactor thread and return its result (like rolo's adapter does)."""
    if reactor.running and not threadable.isInIOThread():
        return blockingCallFromThread(reactor, fn, *args)
    return fn(*args)


class CallbackAdapter(TwistedWebSocketAdapter):
    """
    ``environ["rolo.websocket"]`` for a request accepted with ``accept_connection``. Until the upgrade it
    behaves like rolo's adapter; ``accept`` sends the 101 and calls ``connection._attach()`` in one reactor
    call. After the upgrade, the rolo ``WebSocket`` returned by ``request.accept()`` still works for
    ``send``/``close`` (routed to the ``WebSocketConnection``), while ``receive`` raises: messages go to the
    handler.
    """

    def __init__(self, original: TwistedWebSocketAdapter, connection: WebSocketConnection):
        super().__init__(original.channel, original.reactor)
        self.connection = connection
        self.accepted = False

    def accept(self, subprotocol=None, extensions=None, extra_headers=None, timeout=None):
        # same event as rolo's ``TwistedWebSocketAdapter.accept``
        raw_headers = (
            [(k.encode("latin-1"), v.encode("latin-1")) for k, v in extra_headers.to_wsgi_list()]
            if extra_headers
            else []
        )
        event = wse.AcceptConnection(subprotocol, extensions=[], extra_headers=raw_headers)
        call_in_reactor(self.reactor, self._accept_in_reactor, event)

    def _accept_in_reactor(self, event: wse.AcceptConnection) -> None:
        self.channel.wsSend(event)
        self.accepted = True
        try:
            self.connection._attach(self.channel)
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


class ReactorDriver(Protocol):
    """
    The transport's protocol after ``take_over``: turns wsproto events into ``WebSocketConnection`` callbacks,
    in the reactor thread. Enforces the frame/message size limits and the binary-frame rule while frames
    arrive (wsproto hands out a data frame in chunks as its bytes arrive, with ``frame_finished`` /
    ``message_finished`` flags), so at most ``max_message_bytes`` (+ one read) are ever buffered for a message.
    """

    __slots__ = (
        "channel",
        "connection",
        "_http_channel",
        "_parts",
        "_frame_bytes",
        "_message_bytes",
    )

    def __init__(self, channel: WebSocketChannel, connection: WebSocketConnection):
        self.channel = channel
        self.connection = connection
        self._http_channel = None
        self._parts: list | None = None
        self._frame_bytes = 0
        self._message_bytes = 0

    # takeover

    def take_over(self) -> None:
        """Become the transport's protocol in place of rolo's ``WebSocketChannel`` (reactor thread)."""
        channel = self.channel
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

    # IProtocol

    def dataReceived(self, data: bytes) -> None:
        self.channel.lastReceivedAt = time.monotonic()
        self.channel.wsproto.receive_data(data)
        self.process_events()

    def connectionLost(self, reason=None) -> None:
        connection = self.connection
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
            self._parts = None
            connection._transport_lost()

    # events

    def process_events(self) -> None:
        connection = self.connection
        channel = self.channel
        ws = channel.wsproto
        limits = connection.limits
        for event in ws.events():
            cls = type(event)
            if cls is wse.TextMessage or cls is wse.BytesMessage:
                if connection._finished:
                    # we closed already: the handler consumes no more messages (rolo does the same)
                    continue
                connection._data_frame_received()
                data = event.data
                if cls is wse.BytesMessage:
                    if limits.reject_binary:
                        self._parts = None
                        connection._close_in_reactor(*limits.binary_close)
                        continue
                    size = len(data)
                else:
                    size = len(data) if data.isascii() else len(data.encode("utf-8"))
                self._frame_bytes += size
                self._message_bytes += size
                if self._frame_bytes > limits.max_frame_bytes:
                    self._parts = None
                    connection._close_in_reactor(*limits.frame_too_big_close)
                    continue
                if self._message_bytes > limits.max_message_bytes:
                    self._parts = None
                    connection._close_in_reactor(*limits.message_too_big_close)
                    continue
                if event.frame_finished:
                    self._frame_bytes = 0
                if event.message_finished:
                    parts = self._parts
                    if parts:
                        parts.append(data)
                        data = data[:0].join(parts)
                    self._parts = None
                    self._message_bytes = 0
                    connection._message_received(data)
                elif data:
                    if self._parts is None:
                        self._parts = [data]
                    else:
                        self._parts.append(data)
            elif cls is wse.Ping:
                channel.wsSend(event.response())
                if limits.pings_count_as_activity:
                    connection._control_frame_received()
            elif cls is wse.Pong:
                if limits.pings_count_as_activity:
                    connection._control_frame_received()
            elif cls is wse.CloseConnection:
                state = ws.state
                if state is ConnectionState.CLOSED:
                    # the client echoed our close frame: the handshake is complete, end the TCP connection
                    channel.close()
                    continue
                # REMOTE_CLOSING: the client started the closing handshake. OPEN: wsproto could not parse the
                # client's data (protocol error 1002, invalid UTF-8 1007, ...): the event carries code/reason.
                # Either way, like rolo: echo/send the close frame, then terminate the TCP connection.
                code = int(event.code) if event.code is not None else 1005
                reason = event.reason or ""
                channel.wsSend(event.response())
                channel.close()
                if code == 1005 and not reason:
                    reason = NO_STATUS_REASON
                connection._finish(code, reason)

    # called by the connection, reactor thread

    def send(self, data: str | bytes) -> None:
        if isinstance(data, str):
            self.channel.wsSend(wse.TextMessage(data=data))
        else:
            self.channel.wsSend(wse.BytesMessage(data=bytes(data)))

    def close(self, code: int, reason: str) -> None:
        self._parts = None
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
