"""ContentHandlingStrategy (docs/aws-behaviour.md §9): text and binary payloads between client frames and
backends.

WebSocket APIs have no binaryMediaTypes, so a payload is text when it is UTF-8 and binary otherwise.
``CONVERT_TO_BINARY`` turns text into the bytes it base64-encodes (a client's text frame into a binary request
body; a backend's text answer into a binary frame), ``CONVERT_TO_TEXT`` turns binary into base64 text; a payload
already of the target kind stays as it is. Text is ``str`` here and binary ``bytes``: what a frame is sent as.
"""

import base64
import binascii

CONVERT_TO_BINARY = "CONVERT_TO_BINARY"
CONVERT_TO_TEXT = "CONVERT_TO_TEXT"


class ConversionFailed(ValueError):
    """CONVERT_TO_BINARY on text that is not base64 (REST APIs answer this with an internal server error)."""


def natural(payload: str | bytes | None) -> str | bytes | None:
    """Without a strategy: UTF-8 bytes become text, other bytes stay binary."""
    if isinstance(payload, bytes):
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload
    return payload


def to_text(payload: str | bytes | None) -> str | None:
    payload = natural(payload)
    if isinstance(payload, bytes):
        return base64.b64encode(payload).decode("ascii")
    return payload


def to_binary(payload: str | bytes | None) -> bytes | None:
    payload = natural(payload)
    if payload is None or isinstance(payload, bytes):
        return payload
    try:
        return base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError) as e:
        raise ConversionFailed(f"{CONVERT_TO_BINARY}: the payload is not base64 ({e})") from None


def convert(payload: str | bytes | None, strategy: str | None) -> str | bytes | None:
    if strategy == CONVERT_TO_BINARY:
        return to_binary(payload)
    if strategy == CONVERT_TO_TEXT:
        return to_text(payload)
    return natural(payload)
