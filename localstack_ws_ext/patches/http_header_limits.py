"""Oversized request headers are answered 431 (a request line over the limit 414) instead of a connection closed without a word.

LocalStack serves HTTP/1.1 with twisted's ``HTTPChannel`` (rolo's ``HeaderPreservingHTTPChannel``), whose limits
are 16 KB per line (``LineReceiver.MAX_LENGTH``), 16 KB for the request line and headers together
(``totalHeadersSize``) and 500 headers (``maxHeaders``). A line over 16 KB (a 100 KB cookie, token or
``Sec-WebSocket-Protocol``) hits ``LineReceiver.lineLengthExceeded``, which drops the connection: the client
sees it closed and never learns why. Over the total size or count twisted answers a bare
``400 Bad Request``.

Here the limits stay as they are; the answers become RFC 6585's ``431 Request Header Fields Too Large`` (RFC
9110's ``414 URI Too Long`` for a request line over 16 KB) with API Gateway's ``{"message": ...}`` body, written
before the connection is closed as twisted closes it after its 400. Every other bad request keeps twisted's
400. This changes what every client of LocalStack's port is told, which is why it is a patch.
"""

from http import HTTPStatus
from types import ModuleType

from .after_import import after_import
from .replacing import replace

VERSIONS = ("2026.3",)
# the twisted LocalStack installs (localstack-twisted): the patch reads private state of HTTPChannel
TWISTED_VERSIONS = ("26.4",)
MODULE = "rolo.serving.twisted"
# HTTPChannel's own attributes the patch reads (``__first_line`` is name-mangled)
CHANNEL_ATTRIBUTES = ("_receivedHeaderSize", "_receivedHeaderCount", "totalHeadersSize", "maxHeaders")
FIRST_LINE = "_HTTPChannel__first_line"


def answer(status: int) -> bytes:
    """The whole response (status line, headers, API Gateway's ``{"message": ...}`` body), as bytes: it goes out
    before there is a request to answer through, as twisted writes its 400."""
    from ..execute_api.errors import GatewayError
    from ..execute_api.handlers.errors import error_response

    phrase = HTTPStatus(status).phrase
    response = error_response(GatewayError(message=phrase, status_code=status))
    response.headers["Connection"] = "close"
    head = [
        f"HTTP/1.1 {status} {phrase}",
        *(f"{name}: {value}" for name, value in response.headers.to_wsgi_list()),
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + response.get_data()


def _ignore(*args) -> None:
    return None


def answer_and_disconnect(channel, status: int) -> None:
    """Answers once and closes; what the client still sends is ignored (as twisted ignores what follows a
    request on a connection it closes)."""
    channel.dataReceived = channel.lineReceived = _ignore
    channel.transport.write(answer(status))
    channel.loseConnection()


def _check_twisted() -> None:
    import twisted
    from twisted.web.http import HTTPChannel

    from . import applies

    if not applies(TWISTED_VERSIONS, twisted.__version__):
        raise RuntimeError(
            f"written for twisted {' / '.join(TWISTED_VERSIONS)}, this is {twisted.__version__}"
        )
    if missing := [name for name in (*CHANNEL_ATTRIBUTES, FIRST_LINE) if not hasattr(HTTPChannel, name)]:
        raise AttributeError(f"twisted's HTTPChannel has no {', '.join(missing)}")


def _patch(module: ModuleType) -> None:
    _check_twisted()
    channel_class = module.HeaderPreservingHTTPChannel

    def answering_431(original):
        def lineLengthExceeded(self, line):
            # on the request line (a new request's first line) the target is what is too long
            answer_and_disconnect(self, 414 if getattr(self, FIRST_LINE) else 431)

        return lineLengthExceeded

    def too_large_is_431(original):
        def _respondToBadRequestAndDisconnect(self):
            if (
                self._receivedHeaderSize > self.totalHeadersSize
                or self._receivedHeaderCount > self.maxHeaders
            ):
                answer_and_disconnect(self, 431)
            else:
                original(self)

        return _respondToBadRequestAndDisconnect

    replace(channel_class, "lineLengthExceeded", answering_431)
    replace(channel_class, "_respondToBadRequestAndDisconnect", too_large_is_431)


def install() -> None:
    after_import(MODULE, _patch)
