"""A malformed WebSocket upgrade is refused with RFC 6455's status before anything runs for it, instead of a 500 with a traceback or a 101.

LocalStack serves on rolo's twisted server, whose ``WebsocketResourceDecorator`` takes every request with
``Upgrade: websocket``, whatever its method, and hands wsproto the headers as if the request were a ``GET``
(``WebSocketChannel.initiateUpgrade``). A request without ``Sec-WebSocket-Key``, without ``Connection: Upgrade``,
or with another ``Sec-WebSocket-Version`` makes wsproto raise in the reactor thread: twisted answers 500
"Processing Failed" and logs a traceback (and a second one, "Producer was not unregistered"). A ``POST``, or a
key that is not 16 bytes in base64, goes on to LocalStack's handlers and is upgraded (101) after ``$connect``
ran.

Here ``_processWebsocket`` first has the request judged by ``execute_api.handshake.check_upgrade`` (wsproto's
own server handshake on the request as received, method included, plus the two checks wsproto leaves out): a
malformed one is answered there, in the reactor thread, with wsproto's status and headers (400; 426 with
``Sec-WebSocket-Version: 13``) and API Gateway's ``{"message": ...}`` body, and its connection is closed as
rolo closes a refused upgrade's. Nothing else runs for it: no listener thread, no LocalStack handler, no
``$connect``. A valid upgrade goes on to rolo exactly as before. This changes every WebSocket upgrade LocalStack
receives, which is why it is a patch and not part of the extension's router.
"""

import logging
from http import HTTPStatus
from types import ModuleType

from .after_import import after_import
from .replacing import replace

LOG = logging.getLogger(__name__)

VERSIONS = ("2026.3",)
MODULE = "rolo.serving.twisted"


def raw_headers(request) -> list[tuple[bytes, bytes]]:
    """The request's headers as rolo hands them to wsproto (``WebSocketChannel.initiateUpgrade``)."""
    return [(name, value) for name, values in request.requestHeaders.getAllRawHeaders() for value in values]


def refuse(request, refusal) -> None:
    """Answers a twisted request with the refusal and closes its connection (rolo's ``wsReject`` does the
    same for a refused upgrade)."""
    from ..execute_api.handshake import refusal_response

    response = refusal_response(refusal)
    request.setResponseCode(response.status_code, HTTPStatus(response.status_code).phrase.encode())
    for name, value in response.headers.to_wsgi_list():
        request.responseHeaders.addRawHeader(name, value)
    request.write(response.get_data())
    channel = request.channel
    request.finish()
    if channel is not None:
        channel.loseConnection()


def _path(request) -> str:
    return request.uri.split(b"?", 1)[0].decode("latin-1")


def _patch(module: ModuleType) -> None:
    from ..execute_api.handshake import check_upgrade

    decorator = module.WebsocketResourceDecorator
    if not callable(getattr(decorator, "_processWebsocket", None)):
        raise AttributeError(f"{decorator.__qualname__} has no _processWebsocket")

    def checked_first(original):
        def _processWebsocket(self, request):
            refusal = check_upgrade(request.method, request.uri, raw_headers(request), request.clientproto)
            if refusal is None:
                return original(self, request)
            LOG.info(
                "WebSocket handshake refused: %s %s => %d (%s)",
                request.method.decode("latin-1"),
                _path(request),
                refusal.status_code,
                refusal.message,
            )
            refuse(request, refusal)
            return None

        return _processWebsocket

    replace(decorator, "_processWebsocket", checked_first)


def install() -> None:
    after_import(MODULE, _patch)
