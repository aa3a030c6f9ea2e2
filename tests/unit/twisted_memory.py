"""LocalStack's HTTP server in memory, for the tests of the patches to rolo's twisted server: a twisted ``Site``
with rolo's ``HeaderPreservingHTTPChannel`` (and, for upgrades, rolo's ``WebsocketResourceDecorator``) on a fake
transport, with twisted's ``Clock`` as the reactor (not running: rolo runs its reactor calls inline)."""

from __future__ import annotations

import types

from rolo.serving.twisted import (
    HeaderPreservingHTTPChannel,
    TwistedRequestAdapter,
    WebsocketResourceDecorator,
)
from twisted.internet.address import IPv4Address
from twisted.internet.interfaces import IPushProducer
from twisted.internet.task import Clock
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Site
from zope.interface import implementer


@implementer(IPushProducer)
class FakeTransport:
    """The TCP transport under twisted's HTTPChannel: records what is written, how it ends, and its producer."""

    def __init__(self):
        self.data = bytearray()
        self.protocol = None
        self.disconnecting = False
        self.lost = False
        self.aborted = False
        self.paused = False
        self.producer = None

    def write(self, data):
        self.data += data

    def writeSequence(self, seq):
        self.data += b"".join(seq)

    def loseConnection(self):
        self.lost = True
        self.disconnecting = True

    def abortConnection(self):
        self.aborted = True

    def registerProducer(self, producer, streaming):
        assert self.producer is None, "twisted refuses a second producer"
        self.producer = producer

    def unregisterProducer(self):
        self.producer = None

    def getPeer(self):
        return IPv4Address("TCP", "127.0.0.1", 50000)

    def getHost(self):
        return IPv4Address("TCP", "127.0.0.1", 4566)

    def pauseProducing(self):
        self.paused = True

    def resumeProducing(self):
        self.paused = False

    def stopProducing(self):
        pass

    def take(self) -> bytes:
        data, self.data = bytes(self.data), bytearray()
        return data


class Ok(Resource):
    isLeaf = True

    def render_GET(self, request):
        return b"ok"


class Server:
    """One connection to a ``Site``; ``listened`` holds the environments rolo handed to the WebSocket listener,
    ``to_threads`` the other requests handed to the WSGI resource (which would run ``application`` in a worker
    thread)."""

    def __init__(self, websocket: bool = True, timeout: float | None = None, application=None):
        self.clock = Clock()
        self.clock.running = False  # what rolo reads to run its reactor calls inline
        self.listened: list[dict] = []
        self.to_threads: list = []
        if websocket:
            wsgi_resource = types.SimpleNamespace(
                _reactor=self.clock,
                _threadpool=types.SimpleNamespace(
                    callInThread=lambda fn, *args: self.listened.append(args[-1])
                ),
                _application=application,
                render=lambda request: self.to_threads.append(request) or NOT_DONE_YET,
            )
            resource = WebsocketResourceDecorator(wsgi_resource, lambda environ: None)
        else:
            resource = Ok()
        site = Site(resource, timeout=timeout, reactor=self.clock)
        site.requestFactory = TwistedRequestAdapter
        site.protocol = HeaderPreservingHTTPChannel.protocol_factory
        self.protocol = site.buildProtocol(None)
        self.transport = FakeTransport()
        self.protocol.makeConnection(self.transport)
        self.transport.protocol = self.protocol

    @property
    def http_channel(self) -> HeaderPreservingHTTPChannel:
        return self.protocol._channel

    def send(self, data: bytes) -> None:
        self.protocol.dataReceived(data)

    def written(self) -> bytes:
        return bytes(self.transport.data)
