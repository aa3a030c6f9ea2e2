"""A fuzz test of the WebSocket upgrade request (issue #12): seeded random variations of a valid opening handshake
(methods, header names, values, casing, duplicates and sizes, paths, query strings, hosts, HTTP versions, TLS)
sent on plain sockets to a deployed API whose REQUEST authorizer, $connect and $disconnect record every call
(tests/test_front_door.py's app).

After every case: it got an HTTP answer and no 5xx; nothing that looks like a traceback or an error reached
LocalStack's log; LocalStack is healthy; a connection opened before the run still echoes. Where a variation is
certain to be valid or malformed, the answer must say so too. At the end, per case: the authorizer and $connect
ran exactly once for each accepted handshake (101) and never for a refused one, and each accepted connection
got exactly one $disconnect.

Bounded and reproducible: ``WS_FUZZ_BUDGET`` cases (default 80, about half a minute, for ``make test``), at
most ``WS_FUZZ_SECONDS`` seconds of sending (default 60), from ``WS_FUZZ_SEED`` (default ``tests.fuzz.run.DEFAULT_SEED``, shared by every fuzz test; the seed is
printed at the start of the run and in every failure, with the case). A long run: ``WS_FUZZ_SEED=$RANDOM
WS_FUZZ_BUDGET=2000 WS_FUZZ_SECONDS=1800 .venv/bin/python -m pytest tests/test_fuzz_upgrade.py``
(docs/development.md, "Fuzzing the upgrade request").
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import string
import time
from urllib.parse import quote

import pytest
import requests

from tests import raw_http
from tests.fuzz.run import DEFAULT_SEED
from tests.test_front_door import TRACEBACK, authorized_app, calls_now, header_of
from tests.test_websocket_authorizers import Recorder

BUDGET = int(os.environ.get("WS_FUZZ_BUDGET") or 80)
SECONDS = float(os.environ.get("WS_FUZZ_SECONDS") or 60)
SEED = int(os.environ.get("WS_FUZZ_SEED") or DEFAULT_SEED)

TAG_HEADER = "X-Fuzz-Case"
# query parameters the test functions act on (tests/functions/python/ws_app, ws_authorizer): never generated
APP_PARAMETERS = {"status", "fail", "protocol", "post_during_connect", "token"}
TOKEN_CHARS = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"
# header names the generator leaves alone in its random headers: the handshake's own, the framing's, and the
# one the authorizer reads its token from
RESERVED_PREFIXES = (
    "sec-websocket",
    "content-",
    "transfer-",
    "upgrade",
    "connection",
    "host",
    "expect",
    "auth",
)
HEADER_LIMIT = 16384  # twisted's, per line and in total


@dataclasses.dataclass
class Case:
    number: int
    method: str = "GET"
    target: str = ""
    version: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    tls: bool = False
    abrupt_close: bool = False
    expect: str = (
        "accept"  # "accept", "refuse" or "either" (a variation whose answer this test does not predict)
    )
    variations: list[str] = dataclasses.field(default_factory=list)
    varied: set[str] = dataclasses.field(default_factory=set)  # headers whose value was varied

    @property
    def tag(self) -> str:
        return f"{SEED}-{self.number}"

    def vary(self, description: str, outcome: str = "accept") -> None:
        """Records a variation; ``refuse`` wins over ``either``, which wins over ``accept``."""
        self.variations.append(description)
        if outcome == "refuse" or (outcome == "either" and self.expect == "accept"):
            self.expect = outcome

    def data(self) -> bytes:
        return raw_http.request_bytes(self.method, self.target, self.headers, self.version)

    def describe(self) -> str:
        return (
            f"to reproduce: WS_FUZZ_SEED={SEED} WS_FUZZ_BUDGET={self.number + 1}; case {self.number} "
            f"(expect {self.expect}, tls={self.tls}, abrupt close={self.abrupt_close}): "
            f"{'; '.join(self.variations) or 'valid'}\n{self.data()[:600]!r}"
        )


class Generator:
    """Variations of a valid handshake to the app's deployed stage."""

    def __init__(self, rng: random.Random, port: int, api_id: str, stage: str, deleted_api_id: str):
        self.rng, self.port, self.api_id, self.stage, self.deleted = rng, port, api_id, stage, deleted_api_id

    def case(self, number: int) -> Case:
        rng = self.rng
        case = Case(number, tls=rng.random() < 0.25, abrupt_close=rng.random() < 0.5)
        host = self._target(case)
        case.headers = raw_http.upgrade_headers(host, key=raw_http.nonce(rng.randbytes(16)))
        variations = rng.sample(self.HEADER_VARIATIONS, k=rng.choice((0, 1, 1, 2, 3)))
        for vary in sorted(
            variations, key=lambda vary: vary is Generator._drop
        ):  # a dropped header stays out
            vary(self, case)
        if rng.random() < 0.15:
            self._method(case)
        if rng.random() < 0.05:
            case.version = rng.choice(["HTTP/1.0", "HTTP/1.2"])
            case.vary(case.version, "refuse")
        case.headers.insert(rng.randrange(len(case.headers) + 1), (TAG_HEADER, case.tag))
        self._check_sizes(case)
        return case

    # the URL

    def _target(self, case: Case) -> str:
        """Sets the case's target; returns its Host header."""
        rng, port = self.rng, self.port
        api_id, stage, suffix = self.api_id, self.stage, ""
        roll = rng.random()
        if roll < 0.08:
            api_id = "zz" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=8))
            case.vary("unknown API id", "refuse")
        elif roll < 0.12:
            api_id = self.deleted
            case.vary("deleted API", "refuse")
        elif roll < 0.18:
            stage = rng.choice(["nostage", "Dev", "dev2", "%20"])
            case.vary(f"stage {stage!r}", "refuse")
        elif roll < 0.22:
            suffix = "/" + rng.choice(["below", "@connections", "a/b", "%2e%2e"])
            case.vary(f"path below the stage {suffix!r}", "refuse")
        elif roll < 0.25:
            stage = ""
            case.vary("no stage", "refuse")
        elif roll < 0.28:
            stage = rng.choice(["d%65v", "./dev", "dev/."])
            case.vary(f"stage spelled {stage!r}", "either")
        elif roll < 0.31:
            api_id = api_id.upper()
            case.vary("API id in capitals", "either")
        elif roll < 0.36:
            suffix = "/"
            case.vary("trailing slash")
        elif roll < 0.41:
            # not a stage's URL at all: LocalStack's own answer to an upgrade nobody serves, never a 101
            case.target = rng.choice(
                [
                    "/",
                    "//",
                    "/_aws/execute-api",
                    "/_aws/execute-api/",
                    "/_aws/execute-api//dev",
                    "/%2F",
                    "/a" * 50,
                ]
            ) + (self._query(case) if rng.random() < 0.3 else "")
            case.vary(f"path {case.target[:40]!r}", "refuse")
            # with an ordinary Host: LocalStack's own router logs an ERROR for a Host werkzeug cannot bind (a
            # label over 63 characters), upgrade or not; that is LocalStack's, not the front door's
            return f"127.0.0.1:{port}"
        query = self._query(case) if rng.random() < 0.4 else ""
        form = rng.choice(("path", "path", "host", "host-region"))
        if form == "path":
            case.target = f"/_aws/execute-api/{api_id}" + (f"/{stage}" if stage else "") + suffix + query
            return self._host(
                case,
                rng.choice(
                    [
                        f"127.0.0.1:{port}",
                        f"localhost:{port}",
                        f"localhost.localstack.cloud:{port}",
                        "127.0.0.1",
                    ]
                ),
            )
        case.target = "/" + stage + suffix + query
        case.vary(f"{form} URL")
        region = rng.choice(["us-east-1.", "eu-west-1."]) if form == "host-region" else ""
        return f"{api_id}.execute-api.{region}localhost.localstack.cloud:{port}"

    def _host(self, case: Case, host: str) -> str:
        """A path-style URL's Host: as given, or a strange one (API Gateway's hosts play no part there)."""
        if self.rng.random() >= 0.15:
            return host
        host, outcome = self.rng.choice(
            [
                ("example.com", "accept"),
                ("[::1]:4566", "accept"),
                ("LOCALHOST", "accept"),
                ("", "either"),  # no authorizer identity source then: 401
                ("xn--a", "either"),  # not IDNA: wsproto cannot read it
                ("a" * 300, "either"),
                ("host with spaces", "either"),
            ]
        )
        case.vary(f"Host {host[:40]!r}", outcome)
        return host

    def _query(self, case: Case) -> str:
        rng = self.rng
        pairs = []
        for _ in range(rng.randint(0, 4)):
            name = "".join(rng.choices(string.ascii_letters + "_-", k=rng.randint(1, 8)))
            if name in APP_PARAMETERS:
                name += "_"
            value = rng.choice(
                [
                    "",
                    "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(1, 12))),
                    quote(rng.randbytes(rng.randint(1, 8)), safe=""),
                    quote("é€ ", safe=""),
                    "{}|^`",  # printable, though not allowed in a URI: twisted and h11 take it
                ]
            )
            pairs.append(rng.choice([f"{name}={value}", name, f"{name}=", f"{name}={value}&{name}={value}"]))
        query = "?" + "&".join(pairs) + rng.choice(["", "&", "&&"])
        case.vary(f"query {query[:40]!r}")
        return query

    # headers

    def _drop(self, case: Case) -> None:
        name = self.rng.choice(
            ["Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"]
        )
        case.headers = [(key, value) for key, value in case.headers if key.lower() != name.lower()]
        case.vary(f"no {name}", "refuse")

    def _name_casing(self, case: Case) -> None:
        rng = self.rng
        case.headers = [
            ("".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name), value)
            for name, value in case.headers
        ]
        case.vary("header names in random casing")

    def _value_variation(self, case: Case) -> None:
        rng = self.rng
        choices = [
            ("Upgrade", [("WebSocket", "accept"), ("WEBSOCKET", "accept"), ("h2c", "refuse")]),
            (
                "Connection",
                [
                    ("upgrade", "accept"),
                    ("keep-alive, Upgrade", "accept"),
                    ("Upgrade, close", "accept"),
                    ("keep-alive", "refuse"),
                    ("close", "refuse"),
                ],
            ),
            (
                "Sec-WebSocket-Version",
                [("8", "refuse"), ("12", "refuse"), ("13, 8", "refuse"), ("", "refuse"), ("abc", "refuse")],
            ),
            (
                "Sec-WebSocket-Key",
                [
                    ("short", "refuse"),
                    ("", "refuse"),
                    (raw_http.nonce(rng.randbytes(rng.choice((1, 15, 17, 32)))), "refuse"),
                    ("!" * 24, "refuse"),
                    (raw_http.nonce(rng.randbytes(16)).rstrip("="), "refuse"),
                ],
            ),
        ]
        # one value per header: a second variation of the same header would overwrite the first
        name, values = rng.choice([choice for choice in choices if choice[0] not in case.varied])
        case.varied.add(name)
        value, outcome = rng.choice(values)
        present = any(key.lower() == name.lower() for key, _ in case.headers)
        case.headers = [(key, value if key.lower() == name.lower() else old) for key, old in case.headers]
        if present:
            case.vary(f"{name}: {value!r}", outcome)

    def _duplicate(self, case: Case) -> None:
        rng = self.rng
        name, value, outcome = rng.choice(
            [
                ("Sec-WebSocket-Key", raw_http.nonce(rng.randbytes(16)), "refuse"),
                ("Sec-WebSocket-Version", "13", "refuse"),  # one header (RFC 6455 §11.3.5)
                ("Upgrade", "websocket", "accept"),
                ("Connection", "Upgrade", "accept"),
                ("Connection", "keep-alive", "either"),  # wsproto reads the last Connection header only
                ("Host", "example.com", "either"),
            ]
        )
        case.headers.insert(rng.randrange(len(case.headers) + 1), (name, value))
        case.vary(f"second {name}: {value!r}", outcome)

    def _extra(self, case: Case) -> None:
        rng = self.rng
        for _ in range(rng.randint(1, 6)):
            name = "".join(rng.choices(TOKEN_CHARS, k=rng.randint(1, 20)))
            if name.lower() in {h.lower() for h, _ in case.headers} or name.lower().startswith(
                RESERVED_PREFIXES
            ):
                name = "X-" + name
            value = "".join(rng.choices(string.printable[:-5], k=rng.randint(0, 60))).strip()
            case.headers.insert(rng.randrange(len(case.headers) + 1), (name, value))
        case.vary("extra headers")

    def _known_extras(self, case: Case) -> None:
        rng = self.rng
        name, value = rng.choice(
            [
                ("Sec-WebSocket-Protocol", ", ".join(rng.sample(["chat", "v1.json", "mqtt", "x"], k=2))),
                ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"),
                ("Origin", "http://example.com"),
                ("User-Agent", "fuzz/" + str(rng.randint(0, 99))),
                ("Content-Length", "0"),
                ("Authorization", "Bearer " + "t" * rng.randint(1, 200)),
                ("Cookie", "; ".join(f"c{n}=v{n}" for n in range(rng.randint(1, 20)))),
            ]
        )
        if any(key.lower() == name.lower() for key, _ in case.headers):
            return
        case.headers.insert(rng.randrange(len(case.headers) + 1), (name, value))
        case.vary(f"{name} header")

    def _large(self, case: Case) -> None:
        rng = self.rng
        if rng.random() < 0.5:
            case.headers.append(("X-Large", "L" * rng.choice((20_000, 70_000, 100_000, 300_000))))
            case.vary("one header over 16 KB")
        else:
            case.headers += [(f"X-Part-{n}", "p" * 1000) for n in range(rng.randint(18, 40))]
            case.vary("headers over 16 KB in total")

    def _many(self, case: Case) -> None:
        case.headers += [(f"X-{n}", "m") for n in range(self.rng.choice((100, 499, 501, 800)))]
        case.vary("many headers")

    HEADER_VARIATIONS = [
        _drop,
        _name_casing,
        _value_variation,
        _value_variation,
        _duplicate,
        _extra,
        _extra,
        _known_extras,
        _known_extras,
        _large,
        _many,
    ]

    def _method(self, case: Case) -> None:
        case.method = self.rng.choice(["POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "get", "CONNECT"])
        case.vary(f"method {case.method}", "refuse")

    def _check_sizes(self, case: Case) -> None:
        """What twisted's limits make of the case: over 16 KB per line or in total, or over 500 headers."""
        request_line = len(case.method) + len(case.target) + len(case.version) + 2
        lines = [request_line] + [len(name) + 2 + len(value) for name, value in case.headers]
        if max(lines) > HEADER_LIMIT or sum(lines) > HEADER_LIMIT + 2000 or len(case.headers) > 500:
            case.vary("over twisted's header limits", "refuse")
        elif sum(lines) > HEADER_LIMIT - 2000:
            case.vary("near twisted's header limits", "either")


@pytest.fixture(scope="module")
def app(localstack):
    queue_url = localstack.client("sqs").create_queue(QueueName=f"fuzz-auth-{SEED}-{time.time_ns()}")[
        "QueueUrl"
    ]
    return authorized_app(localstack, Recorder(localstack, queue_url))


@pytest.fixture(scope="module")
def deleted_api_id(localstack):
    v2 = localstack.client("apigatewayv2")
    api_id = v2.create_api(Name="gone", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.a")[
        "ApiId"
    ]
    v2.create_route(ApiId=api_id, RouteKey="$default")
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    v2.delete_api(ApiId=api_id)
    return api_id


class Log:
    """LocalStack's log, read on from where the last look ended."""

    def __init__(self, localstack):
        self.path, self.offset = localstack.log_path, localstack.log_path.stat().st_size

    def added(self) -> str:
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            data = log.read()
        self.offset += len(data)
        return data.decode(errors="replace")


def assert_no_error_in(text: str, what: str) -> None:
    found = TRACEBACK.search(text)
    assert not found, f"{what}\n{text[max(0, found.start() - 1500) : found.end() + 1500]}"


def test_fuzz_the_upgrade_request(localstack, app, deleted_api_id, capsys):
    with capsys.disabled():
        print(f"\nWS_FUZZ_SEED={SEED} WS_FUZZ_BUDGET={BUDGET} WS_FUZZ_SECONDS={SECONDS:g}")
    generator = Generator(random.Random(SEED), localstack.port, app.api_id, app.stage, deleted_api_id)
    app.drain()
    app.auth.count(wait=1)
    log = Log(localstack)
    health = f"{localstack.endpoint}/_localstack/health"

    with app.connect() as bystander:
        bystander.send("before")
        assert json.loads(bystander.recv(timeout=20))["echo"] == "before"
        bystander_id = app.events(2)[0]["event"]["requestContext"]["connectionId"]
        assert [header_of(call["event"], TAG_HEADER) for call in app.auth.records(1)] == [None]

        accepted: dict[str, Case] = {}
        refused: dict[str, Case] = {}
        echoes = 0
        deadline = time.monotonic() + SECONDS
        for number in range(BUDGET):
            if time.monotonic() > deadline:
                break
            case = generator.case(number)
            answer, sock = raw_http.exchange(localstack.port, case.data(), tls=case.tls)
            if answer is not None and answer.status == 101:
                accepted[case.tag] = case
                raw_http.close_websocket(sock, case.abrupt_close)
            else:
                refused[case.tag] = case
                sock.close()
            assert answer is not None and answer.status is not None, f"no answer\n{case.describe()}"
            assert answer.status < 500, f"{answer.raw[:800]!r}\n{case.describe()}"
            if case.expect != "either":
                outcome = "accept" if answer.status == 101 else "refuse"
                assert outcome == case.expect, f"{answer.raw[:800]!r}\n{case.describe()}"
            # after every case: LocalStack healthy, the bystander unaffected, nothing in the log
            assert requests.get(health, timeout=10).json()["services"], case.describe()
            bystander.send(case.tag)
            assert json.loads(bystander.recv(timeout=20))["echo"] == case.tag, case.describe()
            echoes += 1
            assert_no_error_in(log.added(), case.describe())

    cases = len(accepted) + len(refused)
    with capsys.disabled():
        print(f"WS_FUZZ_SEED={SEED}: {cases} cases, {len(accepted)} accepted, {len(refused)} refused")
    assert cases >= min(BUDGET, 5), f"WS_FUZZ_SEED={SEED}: only {cases} cases within {SECONDS:g} s"

    # per case: one authorizer call and one $connect for an accepted handshake, then one $disconnect for its
    # connection; nothing for a refused one
    expected = 2 * len(accepted) + echoes + 1  # the bystander's messages and its $disconnect
    records = app.events(expected, timeout=60 + 2 * len(accepted))
    assert app.no_more_events(wait=2), f"WS_FUZZ_SEED={SEED}: more events than expected"
    events = [record["event"] for record in records]
    connected = {
        event["requestContext"]["connectionId"]: header_of(event, TAG_HEADER)
        for event in events
        if event["requestContext"]["eventType"] == "CONNECT"
    }
    connects = sorted(connected.values(), key=str)
    authorizations = sorted(
        (
            header_of(call["event"], TAG_HEADER)
            for call in app.auth.records(len(accepted)) + calls_now(app.auth)
        ),
        key=str,
    )
    disconnected = sorted(
        (
            connected.get(event["requestContext"]["connectionId"], event["requestContext"]["connectionId"])
            for event in events
            if event["requestContext"]["eventType"] == "DISCONNECT"
        ),
        key=str,
    )
    bystander_events = [
        e["requestContext"]["eventType"]
        for e in events
        if e["requestContext"]["connectionId"] == bystander_id
    ]
    assert bystander_events == ["MESSAGE"] * echoes + ["DISCONNECT"], (
        f"WS_FUZZ_SEED={SEED}: {bystander_events}"
    )
    for what, tags in (
        ("the authorizer", authorizations),
        ("$connect", connects),
        ("$disconnect", disconnected),
    ):
        tags = [tag for tag in tags if tag != bystander_id]
        for tag in sorted(set(tags) | set(accepted), key=str):
            runs = tags.count(tag)
            if runs != (1 if tag in accepted else 0):
                case = accepted.get(tag) or refused.get(tag)
                pytest.fail(
                    f"{what} ran {runs} times for "
                    + (case.describe() if case else f"{tag!r}, no case of this run (WS_FUZZ_SEED={SEED})")
                )

    assert_no_error_in(log.added(), f"WS_FUZZ_SEED={SEED}: after the run")
    assert localstack.health()["services"]
