"""WebSocket APIs end to end: real LocalStack, real functions, a real WebSocket client.
Handshake, route selection, AWS_PROXY event shapes (docs/aws-behaviour.md §2-4)."""

import json
import re
import socket
import time

import pytest
import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.tls import trusting_anything
from tests.websocket_apps import CONNECT_CONTEXT_KEYS, deploy_app, mock_rest_api

GATEWAY_ID = r"[A-Za-z0-9_-]{15}="
REQUEST_TIME = r"\d{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2} \+0000"


@pytest.fixture(scope="module")
def shared_app(localstack):
    return deploy_app(localstack, stage_variables={"color": "blue"})


@pytest.fixture
def app(shared_app):
    shared_app.drain()
    return shared_app


def test_seed_regression_connect_through_lambda_proxy_on_next_gen(localstack):
    """The reported failure: $connect with a Lambda proxy under next_gen died with
    "'NoneType' object has no attribute 'details'" and the connection was denied."""
    app = deploy_app(localstack)
    with app.connect() as ws:
        ws.send("hello")
        assert json.loads(ws.recv(timeout=20)) == {"route": "$default", "echo": "hello"}
    connect_event, message_event, disconnect_event = (r["event"] for r in app.events(3))
    assert [e["requestContext"]["eventType"] for e in (connect_event, message_event, disconnect_event)] == [
        "CONNECT",
        "MESSAGE",
        "DISCONNECT",
    ]
    # the $connect function printed its event and context: the logs have them
    logs = localstack.client("logs")
    deadline = time.monotonic() + 20
    messages = []
    while time.monotonic() < deadline and not any("event:" in m for m in messages):
        try:
            messages = [
                e["message"]
                for e in logs.filter_log_events(logGroupName=f"/aws/lambda/{app.function_name}")["events"]
            ]
        except logs.exceptions.ResourceNotFoundException:
            pass
        time.sleep(0.3)
    assert any('"eventType": "CONNECT"' in m for m in messages)
    assert any(m.startswith("context: ") for m in messages)
    assert "'NoneType' object has no attribute 'details'" not in localstack.log()


def test_connect_event(app, localstack):
    with app.connect(
        "token=abc&tag=1&tag=2", additional_headers={"X-Custom": "v1"}, user_agent_header="test-agent/1.0"
    ) as ws:
        ws.send("ping")
        ws.recv(timeout=20)
    record = app.events(3)[0]
    event = record["event"]
    context = event["requestContext"]

    assert list(event) == [
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "stageVariables",
        "requestContext",
        "isBase64Encoded",
    ]
    headers = event["headers"]
    assert headers["Host"] == f"127.0.0.1:{localstack.port}"
    assert headers["X-Custom"] == "v1"
    assert headers["User-Agent"] == "test-agent/1.0"
    assert headers["Sec-WebSocket-Version"] == "13"
    assert re.fullmatch(r"[A-Za-z0-9+/]{22}==", headers["Sec-WebSocket-Key"])
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", headers["X-Amzn-Trace-Id"])
    assert headers["X-Forwarded-For"] == "127.0.0.1"
    assert headers["X-Forwarded-Port"] == str(localstack.port)
    assert headers["X-Forwarded-Proto"] == "http"
    assert not {"Connection", "Upgrade", "connection", "upgrade", "content-length"} & set(headers)
    assert event["multiValueHeaders"] == {name: [value] for name, value in headers.items()}
    assert event["queryStringParameters"] == {"token": "abc", "tag": "2"}
    assert event["multiValueQueryStringParameters"] == {"token": ["abc"], "tag": ["1", "2"]}
    assert event["stageVariables"] == {"color": "blue"}
    assert event["isBase64Encoded"] is False

    assert list(context) == CONNECT_CONTEXT_KEYS
    assert context["routeKey"] == "$connect"
    assert context["eventType"] == "CONNECT"
    assert context["messageDirection"] == "IN"
    assert context["stage"] == "dev"
    assert context["apiId"] == app.api_id
    assert context["domainName"] == f"{app.api_id}.execute-api.localhost.localstack.cloud:{localstack.port}"
    assert re.fullmatch(GATEWAY_ID, context["connectionId"])
    assert re.fullmatch(GATEWAY_ID, context["requestId"])
    assert context["extendedRequestId"] == context["requestId"]
    assert re.fullmatch(REQUEST_TIME, context["requestTime"])
    assert context["requestTimeEpoch"] == context["connectedAt"]
    assert abs(context["connectedAt"] - time.time() * 1000) < 60_000
    assert context["identity"] == {"userAgent": "test-agent/1.0", "sourceIp": "127.0.0.1"}


def test_message_and_disconnect_events(app, localstack):
    with app.connect(user_agent_header=None) as ws:
        ws.send('{"action": "unknown",\r\n "data": "x"}')
        ws.recv(timeout=20)
        ws.close(4000, "bye")
    connect_event, message_event, disconnect_event = (r["event"] for r in app.events(3))
    connection = connect_event["requestContext"]

    assert list(message_event) == ["stageVariables", "requestContext", "body", "isBase64Encoded"]
    assert message_event["body"] == '{"action": "unknown",\r\n "data": "x"}'  # the frame as sent
    context = message_event["requestContext"]
    assert list(context) == [
        "routeKey",
        "messageId",
        "eventType",
        "extendedRequestId",
        "requestTime",
        "messageDirection",
        "stage",
        "connectedAt",
        "requestTimeEpoch",
        "identity",
        "requestId",
        "domainName",
        "connectionId",
        "apiId",
    ]
    assert context["routeKey"] == "$default"
    assert context["eventType"] == "MESSAGE"
    assert re.fullmatch(GATEWAY_ID, context["messageId"])
    assert context["requestId"] not in (connection["requestId"], context["messageId"])
    assert context["connectedAt"] == connection["connectedAt"]
    assert context["requestTimeEpoch"] >= connection["connectedAt"]
    assert context["connectionId"] == connection["connectionId"]
    assert context["identity"] == {"sourceIp": "127.0.0.1"}  # no User-Agent in the handshake: none here

    host = f"{app.api_id}.execute-api.localhost.localstack.cloud:{localstack.port}"
    assert disconnect_event["headers"] == {
        "Host": host,
        "x-api-key": "",
        "X-Forwarded-For": "",
        "x-restapi": "",
    }
    assert disconnect_event["multiValueHeaders"] == {
        "Host": [host],
        "x-api-key": [""],
        "X-Forwarded-For": [""],
        "x-restapi": [""],
    }
    assert list(disconnect_event) == [
        "headers",
        "multiValueHeaders",
        "stageVariables",
        "requestContext",
        "isBase64Encoded",
    ]
    context = disconnect_event["requestContext"]
    assert list(context)[:7] == [
        "routeKey",
        "disconnectStatusCode",
        "eventType",
        "extendedRequestId",
        "requestTime",
        "messageDirection",
        "disconnectReason",
    ]
    assert (context["routeKey"], context["eventType"]) == ("$disconnect", "DISCONNECT")
    assert (context["disconnectStatusCode"], context["disconnectReason"]) == (4000, "bye")
    assert context["connectedAt"] == connection["connectedAt"]


def test_connect_without_query_string_has_no_query_keys(app):
    with app.connect():
        pass
    connect_event = app.events(2)[0]["event"]
    assert "queryStringParameters" not in connect_event
    assert "multiValueQueryStringParameters" not in connect_event


# --- route selection ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def routed_app(localstack):
    return deploy_app(
        localstack,
        routes=("join", "chat/send", "$default"),
        two_way=("join", "chat/send", "$default"),
        route_selection_expression="${request.body.service}/${request.body.action}",
    )


@pytest.mark.parametrize(
    "message, route",
    [
        ('{"service": "chat", "action": "send"}', "chat/send"),
        ('{"service": "chat", "action": "leave"}', "$default"),
        ('{"action": "send"}', "$default"),
        ("not json", "$default"),
        ("[1, 2]", "$default"),
    ],
)
def test_route_selection(routed_app, message, route):
    with routed_app.connect() as ws:
        ws.send(message)
        assert json.loads(ws.recv(timeout=20)) == {"route": route, "echo": message}


def test_nested_route_selection_and_no_default_route(localstack):
    app = deploy_app(
        localstack, routes=("r1",), two_way=("r1",), route_selection_expression="$request.body.a.b"
    )
    with app.connect() as ws:
        ws.send('{"a": {"b": "r1"}}')
        assert json.loads(ws.recv(timeout=20))["route"] == "r1"
        ws.send('{"a": {"b": "r2"}}')
        frame = ws.recv(timeout=20)
        match = re.fullmatch(
            r'\{"message": "Forbidden", "connectionId":"([^"]+)", "requestId":"([^"]+)"\}', frame
        )
        assert match, frame
        assert re.fullmatch(GATEWAY_ID, match.group(2))
        ws.send('{"a": {"b": "r1"}}')  # the connection stays open
        assert json.loads(ws.recv(timeout=20))["route"] == "r1"
    # lifecycle routes are never selected by the expression; without $connect/$disconnect routes nothing is called
    events = app.events(2)
    assert [e["event"]["requestContext"]["routeKey"] for e in events] == ["r1", "r1"]
    assert app.no_more_events()


def test_one_way_routes_answer_nothing(localstack):
    app = deploy_app(localstack, routes=("quiet", "$default"), two_way=("$default",))
    with app.connect() as ws:
        ws.send('{"action": "quiet"}')
        ws.send('{"action": "loud"}')
        # the only frame is the two-way route's answer
        assert json.loads(ws.recv(timeout=20))["route"] == "$default"
        with pytest.raises(TimeoutError):
            ws.recv(timeout=1)
    routes = [e["event"]["requestContext"]["routeKey"] for e in app.events(2)]
    assert routes == ["quiet", "$default"]


def test_integration_error_frame_keeps_the_connection_open(app):
    with app.connect() as ws:
        ws.send('{"action": "fail"}')
        frame = ws.recv(timeout=20)
        assert re.fullmatch(
            r'\{"message": "Internal server error", "connectionId":"[A-Za-z0-9_=-]+", "requestId":"[A-Za-z0-9_=-]+"\}',
            frame,
        ), frame
        ws.send("still there?")
        assert json.loads(ws.recv(timeout=20))["echo"] == "still there?"


# --- handshake ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [401, 400, 503])
def test_connect_status_is_the_handshake_status(app, status):
    with pytest.raises(InvalidStatus) as error:
        with app.connect(f"status={status}"):
            pass
    assert error.value.response.status_code == status
    assert app.events(1)[0]["event"]["requestContext"]["eventType"] == "CONNECT"
    assert app.no_more_events()  # a refused connection has no $disconnect


def test_connect_function_error_is_502(app):
    with pytest.raises(InvalidStatus) as error:
        with app.connect("fail=1"):
            pass
    assert error.value.response.status_code == 502


def test_subprotocol_only_when_connect_returns_it(app):
    with app.connect("protocol=chat.v2", subprotocols=["chat.v1", "chat.v2"]) as ws:
        assert ws.subprotocol == "chat.v2"
    with app.connect() as ws:
        assert ws.subprotocol is None
        assert "Sec-WebSocket-Protocol" not in ws.response.headers


def test_no_connect_route_accepts(localstack):
    app = deploy_app(localstack, routes=("$default",))
    with app.connect() as ws:
        ws.send("x")
        assert json.loads(ws.recv(timeout=20))["route"] == "$default"


def test_undeployed_stage_and_unknown_paths_are_refused(localstack, app):
    v2 = localstack.client("apigatewayv2")
    v2.create_stage(ApiId=app.api_id, StageName="undeployed")
    for url in (
        f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{app.api_id}/undeployed",
        f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{app.api_id}/nostage",
        f"{app.url}/extra/path",
    ):
        with pytest.raises(InvalidStatus) as error:
            with connect(url, open_timeout=20):
                pass
        assert error.value.response.status_code == 403
        assert json.loads(error.value.response.body) == {"message": "Forbidden"}


def test_host_style_and_tls_urls(app, localstack):
    host = f"{app.api_id}.execute-api.localhost.localstack.cloud:{localstack.port}"
    # no DNS for the host here: the socket goes to 127.0.0.1, the URL (and so the Host header) names the API
    sock = socket.create_connection(("127.0.0.1", localstack.port))
    with connect(f"ws://{host}/dev", sock=sock, open_timeout=20) as ws:
        ws.send("via host")
        assert json.loads(ws.recv(timeout=20))["echo"] == "via host"
    insecure = trusting_anything()
    with connect(
        f"wss://127.0.0.1:{localstack.port}/_aws/execute-api/{app.api_id}/dev?q=1",
        ssl=insecure,
        open_timeout=20,
    ) as ws:
        ws.send("via tls")
        assert json.loads(ws.recv(timeout=20))["echo"] == "via tls"
    connect_events = [
        r["event"] for r in app.events(6) if r["event"]["requestContext"]["eventType"] == "CONNECT"
    ]
    assert connect_events[0]["headers"]["Host"] == host
    assert connect_events[1]["headers"]["X-Forwarded-Proto"] == "https"
    assert connect_events[1]["queryStringParameters"] == {"q": "1"}


def test_rest_api_beside_a_websocket_api(localstack, app):
    rest_api_id = mock_rest_api(localstack.client("apigateway"), "", '{"rest": "ok"}')

    response = requests.get(f"{localstack.endpoint}/_aws/execute-api/{rest_api_id}/dev/", timeout=20)
    assert (response.status_code, response.json()) == (200, {"rest": "ok"})
    with app.connect() as ws:
        ws.send("ws still works")
        assert json.loads(ws.recv(timeout=20))["echo"] == "ws still works"
    # a WebSocket handshake to the REST API is still next_gen's answer, not ours
    with pytest.raises(InvalidStatus) as error:
        with connect(
            f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{rest_api_id}/nostage", open_timeout=20
        ):
            pass
    assert error.value.response.status_code == 404


def test_every_event_is_logged(app, localstack):
    with app.connect() as ws:
        ws.send("logged")
        ws.recv(timeout=20)
    connection_id = app.events(3)[0]["event"]["requestContext"]["connectionId"]
    time.sleep(0.5)
    lines = [line for line in localstack.log().splitlines() if f"connection={connection_id}" in line]
    assert [line.split("l.websocket")[1].split()[1] for line in lines] == ["CONNECT", "MESSAGE", "DISCONNECT"]
    assert all(
        f"api={app.api_id} stage=dev" in line and re.search(r"\(\d+\.\d ms\)$", line) for line in lines
    )
    assert "route=$connect integration 200" in lines[0]


def test_messages_of_a_connection_are_handled_in_order(app):
    with app.connect() as ws:
        for n in range(20):
            ws.send(f"m{n}")
        replies = [json.loads(ws.recv(timeout=30))["echo"] for _ in range(20)]
    assert replies == [f"m{n}" for n in range(20)]
    bodies = [r["event"].get("body") for r in app.events(22)]
    assert bodies[1:21] == [f"m{n}" for n in range(20)]
