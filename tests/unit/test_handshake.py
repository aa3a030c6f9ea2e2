"""What ``execute_api.handshake`` makes of an upgrade request (RFC 6455 §4.2.1, docs/aws-behaviour.md §2): the
refusal of each malformed opening handshake, and none for a valid one."""

import json

import pytest

from localstack_ws_ext.execute_api.handshake import (
    Refusal,
    check_upgrade,
    offered_subprotocols,
    refusal_response,
)

KEY = b"dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455's sample nonce
VALID = [
    (b"Host", b"localhost:4566"),
    (b"Upgrade", b"websocket"),
    (b"Connection", b"Upgrade"),
    (b"Sec-WebSocket-Key", KEY),
    (b"Sec-WebSocket-Version", b"13"),
]
VERSION_13 = (("Sec-WebSocket-Version", "13"),)
INVALID_KEY = "Invalid header, 'Sec-WebSocket-Key': one value, 16 bytes encoded in base64"


def without(name: bytes, headers=VALID):
    return [(key, value) for key, value in headers if key != name]


def replaced(name: bytes, value: bytes):
    return [(key, value if key == name else old) for key, old in VALID]


@pytest.mark.parametrize(
    "headers",
    [
        VALID,
        [(name.lower(), value) for name, value in VALID],
        [(name.upper(), value) for name, value in VALID],
        replaced(b"Upgrade", b"WebSocket"),
        replaced(b"Connection", b"keep-alive, Upgrade"),
        [*VALID, (b"Sec-WebSocket-Protocol", b"chat, v1"), (b"Origin", b"http://example.com")],
    ],
    ids=["valid", "lower-case", "upper-case", "upgrade-casing", "connection-list", "extras"],
)
def test_a_valid_handshake_is_not_refused(headers):
    assert check_upgrade(b"GET", b"/_aws/execute-api/abc/dev?a=b", headers) is None


@pytest.mark.parametrize(
    "method, headers, http_version, refusal",
    [
        (
            b"GET",
            without(b"Sec-WebSocket-Key"),
            b"HTTP/1.1",
            Refusal(400, "Missing header, 'Sec-WebSocket-Key'"),
        ),
        (
            b"GET",
            without(b"Sec-WebSocket-Version"),
            b"HTTP/1.1",
            Refusal(426, "Missing header, 'Sec-WebSocket-Version'", VERSION_13),
        ),
        (
            b"GET",
            replaced(b"Sec-WebSocket-Version", b"8"),
            b"HTTP/1.1",
            Refusal(
                426, "Unsupported header, 'Sec-WebSocket-Version: 8': the supported version is 13", VERSION_13
            ),
        ),
        (
            b"GET",
            replaced(b"Sec-WebSocket-Version", b""),
            b"HTTP/1.1",
            Refusal(
                426, "Unsupported header, 'Sec-WebSocket-Version: ': the supported version is 13", VERSION_13
            ),
        ),
        (
            b"GET",
            [*VALID, (b"Sec-WebSocket-Version", b"8")],  # wsproto reads the last one
            b"HTTP/1.1",
            Refusal(
                426,
                "Unsupported header, 'Sec-WebSocket-Version: 13, 8': the supported version is 13",
                VERSION_13,
            ),
        ),
        (
            b"GET",
            [*VALID, (b"Sec-WebSocket-Version", b"13")],  # one header, one version (§11.3.5)
            b"HTTP/1.1",
            Refusal(
                426,
                "Unsupported header, 'Sec-WebSocket-Version: 13, 13': the supported version is 13",
                VERSION_13,
            ),
        ),
        (
            b"GET",
            [*replaced(b"Sec-WebSocket-Version", b"12"), (b"Sec-WebSocket-Version", b"13")],
            b"HTTP/1.1",
            Refusal(
                426,
                "Unsupported header, 'Sec-WebSocket-Version: 12, 13': the supported version is 13",
                VERSION_13,
            ),
        ),
        (b"GET", replaced(b"Sec-WebSocket-Key", b"short"), b"HTTP/1.1", Refusal(400, INVALID_KEY)),
        (b"GET", replaced(b"Sec-WebSocket-Key", KEY.rstrip(b"=")), b"HTTP/1.1", Refusal(400, INVALID_KEY)),
        (b"GET", replaced(b"Sec-WebSocket-Key", b"QUJD"), b"HTTP/1.1", Refusal(400, INVALID_KEY)),
        (b"GET", [*VALID, (b"Sec-WebSocket-Key", KEY)], b"HTTP/1.1", Refusal(400, INVALID_KEY)),
        (b"POST", VALID, b"HTTP/1.1", Refusal(400, "Request method must be GET")),
        (b"get", VALID, b"HTTP/1.1", Refusal(400, "Request method must be GET")),
        (
            b"GET",
            replaced(b"Connection", b"keep-alive"),
            b"HTTP/1.1",
            Refusal(400, "Missing header, 'Connection: Upgrade'"),
        ),
        (
            b"GET",
            replaced(b"Upgrade", b"h2c"),
            b"HTTP/1.1",
            Refusal(400, "Missing header, 'Upgrade: websocket'"),
        ),
        (
            b"GET",
            without(b"Host"),
            b"HTTP/1.1",
            Refusal(400, "Bad HTTP message: Missing mandatory Host: header"),
        ),
        (b"GET", replaced(b"Host", b"xn--a"), b"HTTP/1.1", Refusal(400, "Invalid header, 'Host'")),
        (
            b"GET",
            VALID,
            b"HTTP/1.0",
            Refusal(400, "A WebSocket handshake must be an HTTP/1.1 request, not HTTP/1.0"),
        ),
    ],
    ids=[
        "no-key",
        "no-version",
        "version-8",
        "empty-version",
        "last-version-8",
        "version-twice",
        "versions-12-13",
        "short-key",
        "unpadded-key",
        "3-byte-key",
        "two-keys",
        "post",
        "lower-case-get",
        "no-connection-upgrade",
        "upgrade-h2c",
        "no-host",
        "host-not-idna",
        "http-1.0",
    ],
)
def test_a_malformed_handshake_gets_its_refusal(method, headers, http_version, refusal):
    assert check_upgrade(method, b"/_aws/execute-api/abc/dev", headers, http_version) == refusal


def test_a_target_h11_cannot_write_is_400():
    refusal = check_upgrade(b"GET", b"/a b", VALID)
    assert refusal is not None and refusal.status_code == 400
    assert refusal.message.startswith("Bad HTTP message: ")


def test_the_refusal_is_api_gateways_shape():
    response = refusal_response(Refusal(426, "Missing header, 'Sec-WebSocket-Version'", VERSION_13))
    assert response.status_code == 426
    assert json.loads(response.get_data()) == {"message": "Missing header, 'Sec-WebSocket-Version'"}
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"
    assert response.headers["Sec-WebSocket-Version"] == "13"


def test_offered_subprotocols_are_read_from_every_header():
    headers = [*VALID, (b"Sec-WebSocket-Protocol", b"chat, v1"), (b"sec-websocket-protocol", b"mqtt")]
    assert offered_subprotocols(headers) == ["chat", "v1", "mqtt"]
