"""Is an upgrade request a WebSocket opening handshake (RFC 6455 §4.2.1)? Judged before anything runs for it
(docs/aws-behaviour.md §2): a request that is not gets its refusal, and no ``$connect``, no authorizer, no
connection.

wsproto's own server handshake (``wsproto.handshake.H11Handshake``) judges the request as it was received (its
method, target and headers, written down again by h11): its ``RemoteProtocolError`` names what is wrong and its
``event_hint``, a ``RejectConnection``, gives the refusal's status and headers (400; 426 with
``Sec-WebSocket-Version: 13`` for another version, or none: RFC 6455 §4.4). Only what wsproto leaves unchecked is
added here: an HTTP/1.1 request (§4.2.1 item 1), one ``Sec-WebSocket-Key`` that is 16 bytes in base64 (item 5,
§11.3.1) and one ``Sec-WebSocket-Version`` header (wsproto reads the last one only; §11.3.5). The refusal's body
is API Gateway's ``{"message": ...}`` (``handlers/errors.py``).
"""

import base64
import binascii
import dataclasses
from collections.abc import Sequence

import h11
from localstack.http import Response
from wsproto import ConnectionType
from wsproto.events import RejectConnection
from wsproto.handshake import WEBSOCKET_VERSION, H11Handshake
from wsproto.utilities import RemoteProtocolError, split_comma_header

from .errors import GatewayError
from .handlers.errors import error_response

HTTP_1_1 = b"HTTP/1.1"
KEY_HEADER = b"sec-websocket-key"
VERSION_HEADER = b"sec-websocket-version"
PROTOCOL_HEADER = b"sec-websocket-protocol"
NONCE_BYTES = 16


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why a handshake is refused, and with what status and extra headers."""

    status_code: int
    message: str
    headers: tuple[tuple[str, str], ...] = ()


def check_upgrade(
    method: bytes, target: bytes, headers: Sequence[tuple[bytes, bytes]], http_version: bytes = HTTP_1_1
) -> Refusal | None:
    """None if the request is a valid opening handshake, else its refusal. ``headers`` as received (name,
    value), duplicates included; ``http_version`` as in the request line (``b"HTTP/1.1"``)."""
    if http_version.upper() != HTTP_1_1:
        return Refusal(400, f"A WebSocket handshake must be an HTTP/1.1 request, not {_text(http_version)}")
    handshake = H11Handshake(ConnectionType.SERVER)
    try:
        # h11 writes the request down as the client sent it; wsproto's server reads it back and judges it
        request = h11.Request(method=method, target=target, headers=list(headers))
        handshake.receive_data(h11.Connection(h11.CLIENT).send(request))
    except h11.LocalProtocolError as error:
        # h11 cannot even write this down as an HTTP/1.1 request (a target or header it does not allow)
        return Refusal(400, f"Bad HTTP message: {error}")
    except RemoteProtocolError as error:
        return _refusal(error, headers)
    except UnicodeError:
        # wsproto reads the Host header as IDNA
        return Refusal(400, "Invalid header, 'Host'")
    keys = [value for name, value in headers if name.lower() == KEY_HEADER]
    if len(keys) != 1 or not _is_nonce(keys[0]):
        return Refusal(400, "Invalid header, 'Sec-WebSocket-Key': one value, 16 bytes encoded in base64")
    if len(versions := _versions(headers)) != 1:
        # wsproto reads the last one only; a request has one (§11.3.5)
        return Refusal(
            426,
            _unsupported_version(versions),
            (("Sec-WebSocket-Version", WEBSOCKET_VERSION.decode()),),
        )
    return None


def _refusal(error: RemoteProtocolError, headers: Sequence[tuple[bytes, bytes]]) -> Refusal:
    hint = error.event_hint if isinstance(error.event_hint, RejectConnection) else RejectConnection()
    status, message = hint.status_code, str(error)
    if any(name.lower() == VERSION_HEADER for name, _ in hint.headers):
        # a version wsproto does not speak, or none: 426 Upgrade Required with the version spoken (RFC 6455
        # §4.4; wsproto answers 400 when the header is missing or empty, and says "Missing header" for both)
        status = 426
        if versions := _versions(headers):
            message = _unsupported_version(versions)
    return Refusal(status, message, tuple((_text(name), _text(value)) for name, value in hint.headers))


def _versions(headers: Sequence[tuple[bytes, bytes]]) -> list[bytes]:
    return [value for name, value in headers if name.lower() == VERSION_HEADER]


def _unsupported_version(versions: list[bytes]) -> str:
    # several headers are one list (RFC 9110 §5.3): "13" twice is not one version either
    offered = ", ".join(_text(version) for version in versions)
    supported = WEBSOCKET_VERSION.decode()
    return f"Unsupported header, 'Sec-WebSocket-Version: {offered}': the supported version is {supported}"


def _is_nonce(value: bytes) -> bool:
    try:
        return len(base64.b64decode(value, validate=True)) == NONCE_BYTES
    except (binascii.Error, ValueError):
        return False


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def refusal_response(refusal: Refusal) -> Response:
    """The answer to a refused handshake: API Gateway's shape, with the headers wsproto asks for."""
    response = error_response(GatewayError(message=refusal.message, status_code=refusal.status_code))
    for name, value in refusal.headers:
        response.headers[name] = value
    return response


def handshake_headers(request) -> list[tuple[bytes, bytes]]:
    """A rolo ``WebSocketRequest``'s headers as received (names' casing and duplicates kept)."""
    return request.environ.get("rolo.headers") or [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in request.headers.items()
    ]


def offered_subprotocols(headers: Sequence[tuple[bytes, bytes]]) -> list[str]:
    """The subprotocols the client offers, as wsproto reads them (every ``Sec-WebSocket-Protocol`` header)."""
    return [
        protocol
        for name, value in headers
        if name.lower() == PROTOCOL_HEADER
        for protocol in split_comma_header(value)
    ]
