"""The end of a WebSocket upgrade that was refused, or never answered, reaches twisted's HTTP channel too, so that no timer of it fires a traceback 75 s later.

On an upgrade rolo's ``WebsocketResourceDecorator`` makes its ``WebSocketChannel`` the transport's protocol in
place of twisted's ``HTTPChannel``, so twisted no longer tells the ``HTTPChannel`` when the connection ends: its
idle timeout (60 s, re-armed when the refused request is done) then "times out" the closed connection and, 15 s
later, ``forceAbortClient`` aborts it. On a TLS connection that abort fails in twisted's TLS layer and logs
``AttributeError: 'NoneType' object has no attribute 'shutdown'`` with a traceback, for every refused ``wss://``
handshake (an unknown API, a ``$connect`` or authorizer answering 4xx or 5xx) and every client that left during
its ``$connect``; on plain TCP the channel and its request stay in memory those 75 s.

Here ``WebSocketChannel`` remembers the ``HTTPChannel`` it replaced and, when the connection of a channel that was
never upgraded is lost, tells it (``HTTPChannel.connectionLost``), as twisted would have: its timers are
cancelled. An upgraded connection is the transport driver's (``execute_api/transport/rolo_driver.py``), which
tells the ``HTTPChannel`` itself.
"""

from types import ModuleType

from .after_import import after_import
from .replacing import replace

VERSIONS = ("2026.3",)
MODULE = "rolo.serving.twisted"
HTTP_CHANNEL = "_ws_ext_http_channel"


def _patch(module: ModuleType) -> None:
    from twisted.web.http import HTTPChannel

    channel_class = module.WebSocketChannel
    for name in ("__init__", "connectionLost", "close"):
        if not callable(getattr(channel_class, name, None)):
            raise AttributeError(f"{channel_class.__qualname__} has no {name}")

    def remembering(original):
        def __init__(self, request, *args, **kwargs):
            original(self, request, *args, **kwargs)
            http_channel = getattr(request, "channel", None)
            setattr(self, HTTP_CHANNEL, http_channel if isinstance(http_channel, HTTPChannel) else None)

        return __init__

    def telling_the_http_channel(original):
        def connectionLost(self, reason):
            try:
                original(self, reason)
            finally:
                http_channel = self.__dict__.pop(HTTP_CHANNEL, None)
                if http_channel is not None and not getattr(self, "upgraded", False):
                    http_channel.connectionLost(reason)

        return connectionLost

    replace(channel_class, "__init__", remembering)
    replace(channel_class, "connectionLost", telling_the_http_channel)


def install() -> None:
    after_import(MODULE, _patch)
