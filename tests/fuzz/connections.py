"""The @connections fuzz cases: PostToConnection / GetConnection / DeleteConnection with drawn ids, bodies and
sizes, sent through boto3 (at LocalStack's root, or at the API's URL as a function's management client sends
them) or as hand-signed HTTP requests (methods, paths, query strings, host-style URLs, content types boto3 would
not send), and the answer each must get (docs/aws-behaviour.md §11).

``draw_call`` draws a call; ``expected`` says what the server must answer it, from what the test knows: which
connections are open, which are gone.
"""

from __future__ import annotations

import dataclasses
import random
import re
import string
from urllib.parse import quote

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from localstack_ws_ext import aws_limits

from .shapes import SPECIAL_STRINGS

MAX_MESSAGE = aws_limits.MAX_MESSAGE_BYTES  # 128 KB: the largest PostToConnection
OPERATIONS = {
    "post": ("POST", "PostToConnection"),
    "get": ("GET", "GetConnection"),
    "delete": ("DELETE", "DeleteConnection"),
}
SIZES = [
    0,
    1,
    2,
    10,
    125,
    126,
    1000,
    32768,
    65536,
    MAX_MESSAGE - 1,
    MAX_MESSAGE,
    MAX_MESSAGE + 1,
    200_000,
    1 << 20,
]
CONTENT_TYPES = [
    None,
    "application/json",
    "text/plain",
    "application/octet-stream",
    "x/y; charset=latin-1",
    "",
]


@dataclasses.dataclass
class Call:
    operation: str  # post | get | delete
    target: str  # "live" (an open connection of the case), "bystander", "gone", "random"
    connection_id: str
    target_index: int | None = None  # which live connection
    data: bytes = b""
    transport: str = "boto3-root"  # boto3-root | boto3-api | boto3-other-stage | raw
    # raw requests only
    method: str | None = None
    path_style: str = "root"  # root | api-path | api-host
    suffix: str = ""  # after the id: "" or something that makes the path name no operation
    query: str = ""
    content_type: str | None = None

    def describe(self) -> str:
        text = f"{self.operation} {self.target}"
        if self.target_index is not None:
            text += f"#{self.target_index}"
        text += f" id={self.connection_id[:60]!r}" + (
            f"...({len(self.connection_id)})" if len(self.connection_id) > 60 else ""
        )
        if self.operation == "post":
            text += f" data={len(self.data)} B"
        text += f" via {self.transport}"
        if self.transport == "raw":
            text += f" {self.method} {self.path_style} suffix={self.suffix!r} query={self.query!r} type={self.content_type!r}"
        return text


def random_id(rng: random.Random) -> str:
    """Something that may or may not look like a connection id (AWS's: 16 base64 characters ending in =). Never
    "." or "..": as a path segment, HTTP removes it (RFC 3986 5.2.4), so no client can address such an id."""
    roll = rng.random()
    if roll < 0.35:
        return "".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(15)) + "="
    if roll < 0.6:
        return rng.choice([s for s in SPECIAL_STRINGS if s])
    if roll < 0.7:
        return rng.choice(["x" * 128, "y" * 1024, "z" * 4000])
    ranges = [(0x21, 0x7E), (0xA0, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
    text = "".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(1, 20)))
    return text + "x" if text in (".", "..") else text


def near_miss(rng: random.Random, connection_id: str) -> str:
    """A live id changed a little (never equal to it)."""
    options = [
        connection_id.lower() if connection_id.lower() != connection_id else connection_id.upper(),
        connection_id[:-1],
        connection_id + "x",
        connection_id[::-1] if connection_id[::-1] != connection_id else connection_id + "y",
        connection_id.rstrip("=") if connection_id.endswith("=") else connection_id + "=",
    ]
    return next(option for option in rng.sample(options, len(options)) if option != connection_id)


def data(rng: random.Random) -> bytes:
    size = rng.choice(SIZES)
    kind = rng.random()
    if kind < 0.45:
        return bytes(rng.choice(b'abcdefghijklmnopqrstuvwxyz0123456789 {}":,') for _ in range(size))
    if kind < 0.7:
        text = "".join(
            chr(rng.choice([rng.randint(0x20, 0x7E), rng.randint(0xA0, 0x7FF), 0x1F600]))
            for _ in range(size // 3)
        )
        return text.encode()
    if kind < 0.85:
        return rng.randbytes(size)
    # UTF-8 with one invalid sequence: a binary frame
    good = b"v" * max(0, size - 1)
    return good[: size // 2] + b"\xff" + good[size // 2 :] if size else b"\xff"


def draw_call(rng: random.Random, live: list[str], gone: list[str], bystander_id: str) -> Call:
    operation = rng.choices(["post", "get", "delete"], weights=[6, 3, 2])[0]
    roll = rng.random()
    if live and roll < 0.7:
        index = rng.randrange(len(live))
        call = Call(operation, "live", live[index], target_index=index)
    elif roll < 0.76 and operation == "get":
        call = Call(operation, "bystander", bystander_id)
    elif gone and roll < 0.84:
        call = Call(operation, "gone", rng.choice(gone))
    elif live and roll < 0.9:
        call = Call(operation, "random", near_miss(rng, rng.choice(live)))
    else:
        call = Call(operation, "random", random_id(rng))
    if operation == "post":
        call.data = data(rng)
    call.transport = rng.choices(
        ["boto3-root", "boto3-api", "boto3-other-stage", "raw"], weights=[3, 3, 1, 4]
    )[0]
    if call.connection_id == "" and call.transport != "raw":
        call.transport = "raw"  # boto3 cannot address an empty id
    if call.transport == "raw":
        method = OPERATIONS[operation][0]
        others = ["PUT", "PATCH", "HEAD"] + ([] if call.target == "bystander" else ["POST", "GET", "DELETE"])
        call.method = method if rng.random() < 0.85 else rng.choice(others)
        call.path_style = rng.choice(["root", "api-path", "api-host"])
        call.suffix = "" if rng.random() < 0.9 else rng.choice(["/", "/x", "/@connections", "//"])
        call.query = (
            "" if rng.random() < 0.8 else rng.choice(["?a=1", "?connectionId=x", "?" + "q" * 2000, "?%zz"])
        )
        call.content_type = rng.choice(CONTENT_TYPES)
    return call


def addressed_through_api(call: Call) -> bool:
    return call.transport in ("boto3-api", "boto3-other-stage") or (
        call.transport == "raw" and call.path_style != "root"
    )


def names_a_connection(call: Call) -> bool:
    """Whether the path is ``/@connections/{id}``. At LocalStack's root the id is the encoded path segment (a "/"
    in it is %2F) and trailing slashes are taken; the API's URL is matched decoded (execute_api/router.py), as one
    segment and at most one trailing slash."""
    if call.connection_id == "":
        return False
    if addressed_through_api(call):
        return re.fullmatch(r"[^/]+/?", call.connection_id + call.suffix) is not None
    return call.suffix in ("", "/", "//")


def expected(call: Call) -> tuple[int, str]:
    """(status, error code or "") the call must get. A path that names no operation is 403 ForbiddenException,
    as API Gateway answers a path it has no route for: another method, more segments, an empty id, or (on the
    API's URL, where the id is one path segment) an id with a "/"."""
    method = call.method or OPERATIONS[call.operation][0]
    operation = {"POST": "post", "GET": "get", "DELETE": "delete"}.get(method)
    if operation is None or not names_a_connection(call):
        return 403, "ForbiddenException"
    call.operation = operation  # the method decides what the server does
    if call.operation == "post" and len(call.data) > MAX_MESSAGE:
        return 413, "PayloadTooLargeException"
    reachable = call.target in ("live", "bystander") and call.transport != "boto3-other-stage"
    if not reachable:
        return 410, "GoneException"
    return {"post": (200, ""), "get": (200, ""), "delete": (204, "")}[call.operation]


class RawSigned:
    """Hand-built management requests, signed with SigV4 for ``execute-api`` as an AWS SDK signs them."""

    def __init__(self, port: int, api_id: str, stage: str, region: str = "us-east-1"):
        self.port = port
        self.api_id = api_id
        self.stage = stage
        self.region = region
        self.session = requests.Session()
        self.credentials = Credentials("test", "test")

    def url_and_host(self, call: Call) -> tuple[str, str]:
        path = f"/@connections/{quote(call.connection_id, safe='')}{call.suffix}{call.query}"
        if call.path_style == "api-path":
            return f"http://127.0.0.1:{self.port}/_aws/execute-api/{self.api_id}/{self.stage}{path}", ""
        if call.path_style == "api-host":
            host = f"{self.api_id}.execute-api.localhost.localstack.cloud:{self.port}"
            return f"http://127.0.0.1:{self.port}/{self.stage}{path}", host
        return f"http://127.0.0.1:{self.port}{path}", ""

    def send(self, call: Call, timeout: float = 60) -> requests.Response:
        url, host = self.url_and_host(call)
        headers = {}
        if host:
            headers["Host"] = host
        if call.content_type is not None:
            headers["Content-Type"] = call.content_type
        body = call.data if call.method in ("POST", "PUT", "PATCH") else b""
        request = AWSRequest(method=call.method, url=url, data=body, headers=headers)
        if host:
            request.headers["Host"] = host
        SigV4Auth(self.credentials, "execute-api", self.region).add_auth(request)
        return self.session.request(
            call.method, url, data=body, headers=dict(request.headers.items()), timeout=timeout
        )

    def close(self) -> None:
        self.session.close()
