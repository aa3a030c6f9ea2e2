"""The front door, tried as a new user would (issue #12): hand-written upgrade requests on a plain socket against
a deployed stage whose ``$connect`` runs a REQUEST authorizer and a function, both recording every call; one test
per row of docs/aws-behaviour.md §2's table. A refused handshake gets its exact status, headers and body, runs
neither the authorizer nor ``$connect`` (a valid handshake right after is the first either of them sees), and
leaves nothing that looks like a traceback in LocalStack's log. Then: REST API ids are still next_gen's, and
the isolation of connections by account, region, API and stage (§11), at the wire."""

import json
import re
import uuid
from urllib.parse import quote

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from tests import raw_http
from tests.raw_http import request_bytes, upgrade_headers
from tests.test_websocket_authorizers import Recorder, add_authorizer, authorizer_function
from tests.websocket_apps import default_route_api, deploy_app, mock_rest_api

TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\S+\s+ERROR\b|Processing Failed", re.MULTILINE)
FORBIDDEN = {"message": "Forbidden"}
TAG_HEADER = "X-Front-Door-Tag"


@pytest.fixture(scope="module")
def auth_recorder(localstack):
    queue_url = localstack.client("sqs").create_queue(QueueName=f"front-door-auth-{uuid.uuid4().hex[:8]}")[
        "QueueUrl"
    ]
    return Recorder(localstack, queue_url)


def authorized_app(localstack, recorder: Recorder):
    """The ws_app behind $connect, $disconnect and $default (tests/websocket_apps.py), its $connect authorized by
    the ws_authorizer function recording its calls in ``recorder`` (identity source: the Host header, which
    every valid handshake has). Also used by tests/test_fuzz_upgrade.py."""
    app = deploy_app(localstack)
    function_arn = authorizer_function(localstack, recorder, "python3.12")
    authorizer_id = add_authorizer(localstack, app, function_arn, ["route.request.header.Host"])
    v2 = localstack.client("apigatewayv2")
    v2.update_route(
        ApiId=app.api_id,
        RouteId=app.routes["$connect"],
        AuthorizationType="CUSTOM",
        AuthorizerId=authorizer_id,
    )
    v2.create_deployment(ApiId=app.api_id, StageName=app.stage)
    app.auth = recorder
    return app


@pytest.fixture(scope="module")
def shared_app(localstack, auth_recorder):
    return authorized_app(localstack, auth_recorder)


@pytest.fixture
def app(shared_app):
    """The shared app with no call left over from an earlier test (draining takes a second of quiet on each
    queue: skipped when the earlier test ended having taken every call it caused)."""
    if not shared_app.__dict__.pop("quiet", False):
        shared_app.drain()
        shared_app.auth.count(wait=1)
    return shared_app


def calls_now(recorder: Recorder) -> list[dict]:
    """The authorizer calls recorded so far, without waiting for more (a call is recorded before the handshake
    it is for is answered)."""
    messages = recorder.sqs.receive_message(
        QueueUrl=recorder.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0
    ).get("Messages", [])
    for message in messages:
        recorder.sqs.delete_message(QueueUrl=recorder.queue_url, ReceiptHandle=message["ReceiptHandle"])
    return [json.loads(message["Body"]) for message in messages]


@pytest.fixture(autouse=True)
def no_traceback(localstack):
    """Nothing that looks like a traceback or an error appears in LocalStack's log during the test."""
    start = len(localstack.log())
    yield
    added = localstack.log()[start:]
    assert not TRACEBACK.search(added), added[-3000:]


def path_style(app, stage: str | None = None) -> str:
    return f"/_aws/execute-api/{app.api_id}/{app.stage if stage is None else stage}"


def host(localstack) -> str:
    return f"127.0.0.1:{localstack.port}"


def api_host(localstack, api_id: str) -> str:
    return f"{api_id}.execute-api.localhost.localstack.cloud:{localstack.port}"


def send(localstack, method: str, target, headers, version: str = "HTTP/1.1") -> raw_http.Answer:
    answer, sock = raw_http.exchange(localstack.port, request_bytes(method, target, headers, version))
    sock.close()
    assert answer is not None, "the connection ended without an answer"
    return answer


def header_of(event: dict, name: str) -> str | None:
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def assert_nothing_ran_then_a_valid_handshake_connects(localstack, app) -> None:
    """Neither the authorizer nor $connect ran for the refused handshake, and a valid one right after connects:
    it is the first call either of them sees (a call for the refused one, had there been one, would have been
    recorded before its answer came back), then its $disconnect, and nothing else."""
    tag = uuid.uuid4().hex
    headers = upgrade_headers(host(localstack)) + [(TAG_HEADER, tag)]
    answer, sock = raw_http.exchange(localstack.port, request_bytes("GET", path_style(app), headers))
    if answer is None or answer.status != 101:
        sock.close()
        pytest.fail(f"a valid handshake after the refused one: {answer and answer.raw!r}")
    raw_http.close_websocket(sock)
    records = app.events(2)
    assert len(records) == 2, f"$connect ran for a refused handshake: {records}"
    connect, disconnect = (record["event"] for record in records)
    assert (connect["requestContext"]["eventType"], header_of(connect, TAG_HEADER)) == ("CONNECT", tag), (
        "$connect ran for a refused handshake"
    )
    assert disconnect["requestContext"]["eventType"] == "DISCONNECT"
    assert disconnect["requestContext"]["connectionId"] == connect["requestContext"]["connectionId"]
    calls = app.auth.records(1) + calls_now(app.auth)
    assert [header_of(call["event"], TAG_HEADER) for call in calls] == [tag], (
        "the authorizer ran for a refused handshake"
    )
    app.quiet = True  # every call this test caused was taken


def assert_refused(localstack, app, answer, status: int, body: dict, error_type: str, **headers: str) -> None:
    assert (answer.status, answer.json()) == (status, body), answer.raw
    assert answer.header("Content-Type") == "application/json"
    assert answer.header("x-amzn-ErrorType") == error_type
    assert answer.header("Content-Length") == str(len(answer.body))
    for name, value in headers.items():
        assert answer.header(name.replace("_", "-")) == value, answer.raw
    assert_nothing_ran_then_a_valid_handshake_connects(localstack, app)


def without(headers, name: str):
    return [(key, value) for key, value in headers if key != name]


def replaced(headers, name: str, value: str):
    return [(key, value if key == name else old) for key, old in headers]


# -- the table (docs/aws-behaviour.md §2) -------------------------------------------------------------------


def test_a_valid_handshake_is_accepted_after_the_authorizer_and_one_connect(localstack, app):
    answer, sock = raw_http.exchange(
        localstack.port,
        request_bytes("GET", path_style(app), upgrade_headers(host(localstack)) + [(TAG_HEADER, "valid")]),
    )
    assert (answer.status, answer.header("Sec-WebSocket-Accept")) == (101, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    raw_http.close_websocket(sock)
    connect, disconnect = (record["event"] for record in app.events(2))
    assert (connect["requestContext"]["eventType"], disconnect["requestContext"]["eventType"]) == (
        "CONNECT",
        "DISCONNECT",
    )
    assert connect["requestContext"]["connectionId"] == disconnect["requestContext"]["connectionId"]
    assert connect["requestContext"]["authorizer"]["principalId"] == "user-allow"
    (call,) = app.auth.records(1)
    assert header_of(call["event"], TAG_HEADER) == "valid"
    assert app.no_more_events(wait=1) and app.auth.count(wait=1) == 0


def test_no_key(localstack, app):
    answer = send(
        localstack, "GET", path_style(app), without(upgrade_headers(host(localstack)), "Sec-WebSocket-Key")
    )
    assert_refused(
        localstack,
        app,
        answer,
        400,
        {"message": "Missing header, 'Sec-WebSocket-Key'"},
        "BadRequestException",
    )


def test_no_version(localstack, app):
    answer = send(
        localstack,
        "GET",
        path_style(app),
        without(upgrade_headers(host(localstack)), "Sec-WebSocket-Version"),
    )
    assert answer.reason == "Upgrade Required"
    assert_refused(
        localstack,
        app,
        answer,
        426,
        {"message": "Missing header, 'Sec-WebSocket-Version'"},
        "BadRequestException",
        Sec_WebSocket_Version="13",
    )


@pytest.mark.parametrize("version", ["8", "12", "14", "", "13, 8"])
def test_another_version(localstack, app, version):
    answer = send(
        localstack,
        "GET",
        path_style(app),
        replaced(upgrade_headers(host(localstack)), "Sec-WebSocket-Version", version),
    )
    assert answer.reason == "Upgrade Required"
    assert_refused(
        localstack,
        app,
        answer,
        426,
        {"message": f"Unsupported header, 'Sec-WebSocket-Version: {version}': the supported version is 13"},
        "BadRequestException",
        Sec_WebSocket_Version="13",
    )


@pytest.mark.parametrize("versions", [("13", "13"), ("12", "13"), ("13", "8")])
def test_two_version_headers(localstack, app, versions):
    headers = without(upgrade_headers(host(localstack)), "Sec-WebSocket-Version")
    headers += [("Sec-WebSocket-Version", version) for version in versions]
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(
        localstack,
        app,
        answer,
        426,
        {
            "message": f"Unsupported header, 'Sec-WebSocket-Version: {', '.join(versions)}': "
            "the supported version is 13"
        },
        "BadRequestException",
        Sec_WebSocket_Version="13",
    )


INVALID_KEY = {"message": "Invalid header, 'Sec-WebSocket-Key': one value, 16 bytes encoded in base64"}


@pytest.mark.parametrize(
    "key",
    [
        "short",
        raw_http.nonce(b"fifteen bytes!!"),
        raw_http.nonce(b"seventeen bytes!!"),
        "not base64 at all!!!!!==",
        raw_http.KEY.rstrip("="),
    ],
    ids=["short", "15-bytes", "17-bytes", "not-base64", "unpadded"],
)
def test_key_not_16_bytes_in_base64(localstack, app, key):
    answer = send(localstack, "GET", path_style(app), upgrade_headers(host(localstack), key=key))
    assert_refused(localstack, app, answer, 400, INVALID_KEY, "BadRequestException")


def test_two_keys(localstack, app):
    headers = upgrade_headers(host(localstack)) + [("Sec-WebSocket-Key", raw_http.nonce(b"another 16 bytes"))]
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(localstack, app, answer, 400, INVALID_KEY, "BadRequestException")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get", "HEAD"])
def test_not_a_get(localstack, app, method):
    headers = upgrade_headers(host(localstack)) + [("Content-Length", "0")]
    answer = send(localstack, method, path_style(app), headers)
    if method == "HEAD":  # the answer to a HEAD has no body
        assert (answer.status, answer.header("x-amzn-ErrorType"), answer.body) == (
            400,
            "BadRequestException",
            b"",
        )
        assert_nothing_ran_then_a_valid_handshake_connects(localstack, app)
        return
    assert_refused(
        localstack, app, answer, 400, {"message": "Request method must be GET"}, "BadRequestException"
    )


def test_no_connection_upgrade(localstack, app):
    headers = replaced(upgrade_headers(host(localstack)), "Connection", "keep-alive")
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(
        localstack,
        app,
        answer,
        400,
        {"message": "Missing header, 'Connection: Upgrade'"},
        "BadRequestException",
    )


def test_http_1_0(localstack, app):
    answer = send(localstack, "GET", path_style(app), upgrade_headers(host(localstack)), version="HTTP/1.0")
    assert_refused(
        localstack,
        app,
        answer,
        400,
        {"message": "A WebSocket handshake must be an HTTP/1.1 request, not HTTP/1.0"},
        "BadRequestException",
    )


def test_no_host(localstack, app):
    answer = send(localstack, "GET", path_style(app), without(upgrade_headers(host(localstack)), "Host"))
    assert_refused(
        localstack,
        app,
        answer,
        400,
        {"message": "Bad HTTP message: Missing mandatory Host: header"},
        "BadRequestException",
    )


def test_a_host_that_is_not_a_host_name(localstack, app):
    headers = replaced(upgrade_headers(host(localstack)), "Host", "xn--a")
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(localstack, app, answer, 400, {"message": "Invalid header, 'Host'"}, "BadRequestException")


def test_an_upgrade_to_another_protocol_is_an_http_request(localstack, app):
    headers = replaced(upgrade_headers(host(localstack)), "Upgrade", "h2c")
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(localstack, app, answer, 403, FORBIDDEN, "ForbiddenException")


def test_a_request_line_twisted_does_not_parse(localstack, app):
    """A target that is not printable ASCII: twisted's own bare 400, before any WebSocket handling."""
    target = path_style(app).encode() + "?name=\u00e9".encode()
    answer = send(localstack, "GET", target, upgrade_headers(host(localstack)))
    assert (answer.status, answer.reason, answer.headers, answer.body) == (400, "Bad Request", [], b"")
    assert_nothing_ran_then_a_valid_handshake_connects(localstack, app)


URL_FORMS = ["path-style", "host-style", "host-style-with-region"]


def url_form(localstack, form: str, api_id: str, stage_path: str) -> tuple[str, str]:
    """(target, Host) of a handshake to ``stage_path`` ("/dev", "/", "") of the API, in one of the URL forms."""
    if form == "path-style":
        return f"/_aws/execute-api/{api_id}{stage_path}", host(localstack)
    region = "us-east-1." if form == "host-style-with-region" else ""
    return stage_path or "/", f"{api_id}.execute-api.{region}localhost.localstack.cloud:{localstack.port}"


@pytest.mark.parametrize("form", URL_FORMS)
def test_unknown_api_id(localstack, app, form):
    target, host_header = url_form(localstack, form, "zz" + uuid.uuid4().hex[:8], "/dev")
    answer = send(localstack, "GET", target, upgrade_headers(host_header))
    assert_refused(localstack, app, answer, 403, FORBIDDEN, "ForbiddenException")


@pytest.fixture(scope="module")
def deleted_api_id(localstack):
    v2 = localstack.client("apigatewayv2")
    api_id = default_route_api(v2, "deleted")
    v2.delete_api(ApiId=api_id)
    return api_id


@pytest.mark.parametrize("form", URL_FORMS)
def test_deleted_api(localstack, app, deleted_api_id, form):
    target, host_header = url_form(localstack, form, deleted_api_id, "/dev")
    answer = send(localstack, "GET", target, upgrade_headers(host_header))
    assert_refused(localstack, app, answer, 403, FORBIDDEN, "ForbiddenException")


@pytest.mark.parametrize("form", URL_FORMS)
@pytest.mark.parametrize(
    "stage_path", ["/nostage", "/Dev", "", "/"], ids=["unknown", "other-case", "none", "empty"]
)
def test_unknown_stage(localstack, app, form, stage_path):
    target, host_header = url_form(localstack, form, app.api_id, stage_path)
    answer = send(localstack, "GET", target, upgrade_headers(host_header))
    assert_refused(localstack, app, answer, 403, FORBIDDEN, "ForbiddenException")


@pytest.mark.parametrize("form", URL_FORMS)
def test_a_path_below_the_stage(localstack, app, form):
    target, host_header = url_form(localstack, form, app.api_id, f"/{app.stage}/below")
    answer = send(localstack, "GET", target, upgrade_headers(host_header))
    assert_refused(localstack, app, answer, 403, FORBIDDEN, "ForbiddenException")


TOO_LARGE = {"message": "Request Header Fields Too Large"}


def test_a_100_kb_header(localstack, app):
    headers = upgrade_headers(host(localstack)) + [("X-Large", "a" * 100_000)]
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(localstack, app, answer, 431, TOO_LARGE, "BadRequestException", Connection="close")


def test_a_100_kb_subprotocol_header(localstack, app):
    headers = upgrade_headers(host(localstack)) + [("Sec-WebSocket-Protocol", "p" * 100_000)]
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(localstack, app, answer, 431, TOO_LARGE, "BadRequestException", Connection="close")


def test_headers_over_16_kb_in_total(localstack, app):
    headers = upgrade_headers(host(localstack)) + [(f"X-Part-{n}", "b" * 1000) for n in range(20)]
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(localstack, app, answer, 431, TOO_LARGE, "BadRequestException", Connection="close")


def test_over_500_headers(localstack, app):
    headers = upgrade_headers(host(localstack)) + [(f"X-{n}", "c") for n in range(501)]
    answer = send(localstack, "GET", path_style(app), headers)
    assert_refused(localstack, app, answer, 431, TOO_LARGE, "BadRequestException", Connection="close")


def test_a_request_line_over_16_kb(localstack, app):
    answer = send(
        localstack, "GET", path_style(app) + "?q=" + "d" * 20_000, upgrade_headers(host(localstack))
    )
    assert_refused(
        localstack, app, answer, 414, {"message": "URI Too Long"}, "BadRequestException", Connection="close"
    )


def test_a_subprotocol_the_client_did_not_offer_still_reaches_it(localstack, app):
    """$connect answers a Sec-WebSocket-Protocol that the client did not offer: it goes out as it is (for the
    client to fail the handshake, RFC 6455 §4.1), not as a 500."""
    answer, sock = raw_http.exchange(
        localstack.port,
        request_bytes("GET", path_style(app) + "?protocol=chat", upgrade_headers(host(localstack))),
    )
    assert (answer.status, answer.header("Sec-WebSocket-Protocol")) == (101, "chat")
    raw_http.close_websocket(sock, abrupt=True)  # as a client that does not speak "chat" does
    connect, disconnect = (record["event"]["requestContext"] for record in app.events(2))
    assert (connect["eventType"], disconnect["eventType"]) == ("CONNECT", "DISCONNECT")
    assert disconnect["disconnectStatusCode"] == 1006


def test_the_refusals_leave_other_connections_and_localstack_alone(localstack, app):
    with app.connect() as ws:
        for headers in (
            without(upgrade_headers(host(localstack)), "Sec-WebSocket-Key"),
            upgrade_headers(host(localstack)) + [("X-Large", "a" * 100_000)],
        ):
            assert send(localstack, "GET", path_style(app), headers).status in (400, 431)
        ws.send("still here")
        assert json.loads(ws.recv(timeout=20))["echo"] == "still here"
    assert localstack.health()["services"]


# -- REST APIs are next_gen's, as before --------------------------------------------------------------------


@pytest.fixture(scope="module")
def rest_api_id(localstack):
    """A REST API (apigateway, served by next_gen): GET /ping answers "pong" from a MOCK integration."""
    return mock_rest_api(localstack.client("apigateway"), "ping", '{"answer": "pong"}')


@pytest.mark.parametrize("form", URL_FORMS)
def test_a_rest_api_is_invoked_as_before(localstack, rest_api_id, form):
    target, host_header = url_form(localstack, form, rest_api_id, "/dev/ping")
    response = requests.get(f"{localstack.endpoint}{target}", headers={"Host": host_header}, timeout=30)
    assert (response.status_code, response.json()) == (200, {"answer": "pong"})
    # an upgrade to it is next_gen's too: no WebSocket route there (not the extension's 403 ForbiddenException)
    answer = send(localstack, "GET", target, upgrade_headers(host_header))
    assert (answer.status, answer.header("x-amzn-ErrorType")) == (403, "MissingAuthenticationTokenException")


# -- isolation (docs/aws-behaviour.md §11) -------------------------------------------------------------------

OPERATIONS = (
    ("POST", b"leaked"),
    ("GET", b""),
    ("DELETE", b""),
)  # PostToConnection, GetConnection, Delete...


def connections_call(
    localstack,
    method: str,
    base: str,
    connection_id: str,
    data: bytes = b"",
    region: str = "us-east-1",
    access_key: str = "test",
    host_header: str | None = None,
    query: str = "",
) -> requests.Response:
    """An @connections call signed with SigV4 for execute-api, as the SDKs sign it: ``base`` is the path of the
    endpoint ("" for LocalStack's root, ``/_aws/execute-api/{api}/{stage}``, or ``/{stage}`` with
    ``host_header`` naming the API)."""
    host_header = host_header or host(localstack)
    path = f"{base}/@connections/{quote(connection_id, safe='')}{query}"
    request = AWSRequest(
        method=method, url=f"http://{host_header}{path}", data=data, headers={"Host": host_header}
    )
    SigV4Auth(Credentials(access_key, "test"), "execute-api", region).add_auth(request)
    return requests.request(
        method, f"{localstack.endpoint}{path}", headers=dict(request.headers), data=data, timeout=30
    )


def wire(response: requests.Response) -> tuple:
    """What a client can tell apart in an answer: status, error type, content type, body."""
    return (
        response.status_code,
        response.headers.get("x-amzn-ErrorType"),
        response.headers.get("Content-Type"),
        response.content,
    )


@pytest.fixture(scope="module")
def other_api_id(localstack):
    return default_route_api(localstack.client("apigatewayv2"), "other")


@pytest.fixture(scope="module")
def other_stage(localstack, shared_app):
    """A second deployed stage of the app's API."""
    v2 = localstack.client("apigatewayv2")
    v2.create_stage(ApiId=shared_app.api_id, StageName="other")
    v2.create_deployment(ApiId=shared_app.api_id, StageName="other")
    return "other"


SCOPES = {
    "another-region-root": lambda lc, app, ids: dict(base="", region="eu-west-1"),
    "another-region-stage-url": lambda lc, app, ids: dict(base=path_style(app), region="eu-west-1"),
    "another-account-root": lambda lc, app, ids: dict(base="", access_key="111111111111"),
    "another-account-stage-url": lambda lc, app, ids: dict(base=path_style(app), access_key="111111111111"),
    "another-api-path-style": lambda lc, app, ids: dict(base=f"/_aws/execute-api/{ids['api']}/dev"),
    "another-api-host-style": lambda lc, app, ids: dict(base="/dev", host_header=api_host(lc, ids["api"])),
    "another-stage-path-style": lambda lc, app, ids: dict(base=path_style(app, ids["stage"])),
    "another-stage-host-style": lambda lc, app, ids: dict(
        base=f"/{ids['stage']}", host_header=api_host(lc, app.api_id)
    ),
    "a-stage-that-does-not-exist": lambda lc, app, ids: dict(base=path_style(app, "nostage")),
    "an-unknown-api-path-style": lambda lc, app, ids: dict(
        base=f"/_aws/execute-api/zz{uuid.uuid4().hex[:8]}/dev"
    ),
    "an-unknown-api-host-style": lambda lc, app, ids: dict(
        base="/dev", host_header=api_host(lc, "zz" + uuid.uuid4().hex[:8])
    ),
}


@pytest.mark.parametrize("scope", SCOPES)
def test_a_connection_is_gone_for_every_other_scope(localstack, app, other_api_id, other_stage, scope):
    """PostToConnection, GetConnection and DeleteConnection scoped to another region, account, API or stage get
    exactly the answer for a connection that does not exist (410 GoneException); the connection stays open and
    receives nothing."""
    kwargs = SCOPES[scope](localstack, app, {"api": other_api_id, "stage": other_stage})
    with app.connect() as ws:
        connection_id = connection_id_of(ws, app)
        for method, data in OPERATIONS:
            unknown = connections_call(localstack, method, path_style(app), "unknownid12345=", data)
            assert unknown.status_code == 410 and unknown.headers["x-amzn-ErrorType"] == "GoneException"
            answer = connections_call(localstack, method, connection_id=connection_id, data=data, **kwargs)
            assert wire(answer) == wire(unknown), (method, answer.headers, answer.content)
        # still open, nothing was delivered (the echo is the next frame), nothing was deleted
        ws.send("after")
        assert json.loads(ws.recv(timeout=20)) == {"route": "$default", "echo": "after"}
        same = connections_call(localstack, "GET", path_style(app), connection_id)
        assert same.status_code == 200 and same.json()["identity"]["sourceIp"] == "127.0.0.1"
        assert [record["event"]["requestContext"]["eventType"] for record in app.events(1)] == ["MESSAGE"]
        assert app.no_more_events(wait=1)  # no $disconnect


def test_the_apis_own_scope_reaches_the_connection(localstack, app):
    """The same calls in the connection's own account, region, API and stage, through every endpoint."""
    with app.connect() as ws:
        connection_id = connection_id_of(ws, app)
        for kwargs in (
            dict(base=""),
            dict(base=path_style(app)),
            dict(base=f"/{app.stage}", host_header=api_host(localstack, app.api_id)),
        ):
            posted = connections_call(
                localstack, "POST", connection_id=connection_id, data=b"hello", **kwargs
            )
            assert posted.status_code == 200, posted.content
            assert ws.recv(timeout=20) == "hello"
            got = connections_call(localstack, "GET", connection_id=connection_id, **kwargs)
            assert got.status_code == 200 and got.json()["connectedAt"], got.content
        deleted = connections_call(localstack, "DELETE", path_style(app), connection_id)
        assert deleted.status_code == 204
    disconnect = app.events(1)[0]["event"]["requestContext"]
    assert (disconnect["eventType"], disconnect["disconnectStatusCode"]) == ("DISCONNECT", 1000)


def answer_shape(response: requests.Response) -> tuple:
    """An answer without what differs per call (request ids, dates, a connection's timestamps)."""
    body = response.content
    if response.status_code == 200 and body:
        body = sorted(response.json())
    varying = {"date", "x-amzn-requestid", "x-amz-request-id"}
    return wire(response)[:3] + (
        body,
        sorted(name.lower() for name in response.headers if name.lower() not in varying),
    )


def test_sdk_calls_dispatched_in_the_router_answer_as_localstacks_whole_chain(localstack, app):
    """An SDK's @connections call is dispatched in the router (management/direct_dispatch.py); the same call with a
    query string takes LocalStack's whole request chain. On every endpoint form both give the same answers, reach
    the connection the same way and write the same request log line."""
    too_large = b"x" * (128 * 1024 + 1)
    with app.connect() as ws:
        connection_id = connection_id_of(ws, app)
        for kwargs in (
            dict(base=""),
            dict(base=path_style(app)),
            dict(base=f"/{app.stage}", host_header=api_host(localstack, app.api_id)),
        ):
            for method, target, data in (
                ("POST", connection_id, b"hello"),
                ("GET", connection_id, b""),
                ("POST", "unknownid12345=", b"hello"),
                ("GET", "unknownid12345=", b""),
                ("DELETE", "unknownid12345=", b""),
                ("POST", connection_id, too_large),
            ):
                lines_before = localstack.log().count(f"apigatewaymanagementapi.{OPERATION_NAMES[method]} =>")
                direct, chained = (
                    connections_call(
                        localstack, method, connection_id=target, data=data, query=query, **kwargs
                    )
                    for query in ("", "?via=chain")
                )
                assert answer_shape(direct) == answer_shape(chained), (kwargs, method, target)
                if (method, direct.status_code) == ("POST", 200):
                    assert (ws.recv(timeout=20), ws.recv(timeout=20)) == ("hello", "hello")
                log = localstack.log()
                assert log.count(f"apigatewaymanagementapi.{OPERATION_NAMES[method]} =>") == lines_before + 2
            assert answer_shape(direct)[0] == 413
        deleted = connections_call(localstack, "DELETE", path_style(app), connection_id)
        assert deleted.status_code == 204
    disconnect = app.events(1)[0]["event"]["requestContext"]
    assert (disconnect["eventType"], disconnect["disconnectStatusCode"]) == ("DISCONNECT", 1000)


OPERATION_NAMES = {"POST": "PostToConnection", "GET": "GetConnection", "DELETE": "DeleteConnection"}


def connection_id_of(ws, app) -> str:
    ws.send('{"action": "whoami"}')
    ws.recv(timeout=20)
    connect, message = (record["event"]["requestContext"] for record in app.events(2))
    assert (connect["eventType"], message["eventType"]) == ("CONNECT", "MESSAGE")
    return message["connectionId"]
