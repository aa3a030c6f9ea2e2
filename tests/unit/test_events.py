"""AWS_PROXY event builders (docs/aws-behaviour.md §4) and route selection (§3) of the WebSocket gateway (pure
logic)."""

from localstack_ws_ext.control_plane.store import ApiSnapshot, WebSocketApi
from localstack_ws_ext.execute_api import events
from localstack_ws_ext.execute_api.context import ConnectionInfo, EventType, WebSocketInvocationContext
from localstack_ws_ext.execute_api.handlers.route_selection import select_route_key
from tests.unit.contexts import message_context


def connection(**overrides) -> ConnectionInfo:
    values = dict(
        connection_id="L0SM9cOFvHcCIhw=",
        api_id="abcdef1234",
        stage="prod",
        account_id="000000000000",
        region="us-east-1",
        connected_at=1708326702789,
        source_ip="203.0.113.15",
        user_agent="Mozilla/5.0",
        domain_name="abcdef1234.execute-api.localhost.localstack.cloud:4566",
        scheme="https",
        port=4566,
        handshake_headers=[
            ("Host", "abcdef1234.execute-api.localhost.localstack.cloud:4566"),
            ("Connection", "Upgrade"),
            ("Upgrade", "websocket"),
            ("Sec-WebSocket-Key", "DM+9PqsQtaZrN+IMZbWTzg=="),
            ("Cookie", "a=1"),
            ("Cookie", "b=2"),
        ],
        query_string={"token": ["abc"]},
    )
    values.update(overrides)
    return ConnectionInfo(**values)


def connect_context(**overrides) -> WebSocketInvocationContext:
    """The CONNECT event of ``connection(**overrides)`` on an API with an empty deployment."""
    info = connection(**overrides)
    api = WebSocketApi({"ApiId": info.api_id}, info.account_id, info.region)
    snapshot = ApiSnapshot({"ApiId": info.api_id}, {}, {}, {}, {}, {}, {})
    return WebSocketInvocationContext(EventType.CONNECT, api, snapshot, info)


def test_request_time_is_english_clf_in_utc():
    assert events.request_time(1708326702789) == "19/Feb/2024:07:11:42 +0000"


def test_connect_event_matches_the_captured_shape():
    event = events.connect_event(
        connection(), "TXzPWFkkjoEF92g=", "Root=1-65d2ff2e-718990494fd688f062bf1571", {}
    )
    assert event == {
        "headers": {
            "Host": "abcdef1234.execute-api.localhost.localstack.cloud:4566",
            "Sec-WebSocket-Key": "DM+9PqsQtaZrN+IMZbWTzg==",
            "Cookie": "b=2",
            "X-Amzn-Trace-Id": "Root=1-65d2ff2e-718990494fd688f062bf1571",
            "X-Forwarded-For": "203.0.113.15",
            "X-Forwarded-Port": "4566",
            "X-Forwarded-Proto": "https",
        },
        "multiValueHeaders": {
            "Host": ["abcdef1234.execute-api.localhost.localstack.cloud:4566"],
            "Sec-WebSocket-Key": ["DM+9PqsQtaZrN+IMZbWTzg=="],
            "Cookie": ["a=1", "b=2"],
            "X-Amzn-Trace-Id": ["Root=1-65d2ff2e-718990494fd688f062bf1571"],
            "X-Forwarded-For": ["203.0.113.15"],
            "X-Forwarded-Port": ["4566"],
            "X-Forwarded-Proto": ["https"],
        },
        "queryStringParameters": {"token": "abc"},
        "multiValueQueryStringParameters": {"token": ["abc"]},
        "requestContext": {
            "routeKey": "$connect",
            "eventType": "CONNECT",
            "extendedRequestId": "TXzPWFkkjoEF92g=",
            "requestTime": "19/Feb/2024:07:11:42 +0000",
            "messageDirection": "IN",
            "stage": "prod",
            "connectedAt": 1708326702789,
            "requestTimeEpoch": 1708326702789,
            "identity": {"userAgent": "Mozilla/5.0", "sourceIp": "203.0.113.15"},
            "requestId": "TXzPWFkkjoEF92g=",
            "domainName": "abcdef1234.execute-api.localhost.localstack.cloud:4566",
            "connectionId": "L0SM9cOFvHcCIhw=",
            "apiId": "abcdef1234",
        },
        "isBase64Encoded": False,
    }


def test_authorizer_and_api_key_follow_the_connection():
    info = connection(authorizer={"principalId": "user-1", "integrationLatency": 12}, api_key=("k", "kid"))
    event = events.disconnect_event(info, "R1koeHsUtjMFbRw=", 1001, "", {"v": "1"})
    context = event["requestContext"]
    assert list(context)[:4] == ["routeKey", "disconnectStatusCode", "authorizer", "eventType"]
    assert context["authorizer"] == {"principalId": "user-1", "integrationLatency": 12}
    assert context["identity"] == {
        "apiKey": "k",
        "apiKeyId": "kid",
        "userAgent": "Mozilla/5.0",
        "sourceIp": "203.0.113.15",
    }
    assert event["stageVariables"] == {"v": "1"}
    assert (context["disconnectStatusCode"], context["disconnectReason"]) == (1001, "")


def test_message_event_has_no_headers_and_keeps_the_body_verbatim():
    event = events.message_event(connection(), "send", '{"a":\r\n1}', "rid", "mid", {})
    assert list(event) == ["requestContext", "body", "isBase64Encoded"]
    assert event["body"] == '{"a":\r\n1}'
    assert event["requestContext"]["messageId"] == "mid"


def route_key(expression: str, message: str | bytes) -> str:
    return select_route_key(expression, message_context(message))


def test_route_key_selection():
    assert route_key("$request.body.action", '{"action": "join"}') == "join"
    assert route_key("$request.body.action", "not json") == ""
    assert route_key("$request.body.action", b'{"action": "bytes"}') == "bytes"
    assert route_key("\\$default", '{"action": "x"}') == "$default"
    assert route_key("\\$default", "not json") == ""  # a frame that is not JSON selects nothing
    assert route_key("static", "null") == "static"  # JSON null is JSON


def test_route_key_selection_never_selects_a_lifecycle_route():
    """docs/aws-behaviour.md §3: a message that names $connect or $disconnect goes to $default."""
    assert route_key("$request.body.action", '{"action": "$connect"}') == ""
    assert route_key("$request.body.action", '{"action": "$disconnect"}') == ""
    assert route_key("${request.body.a}connect", '{"a": "$"}') == ""
    assert route_key("$request.body.action", '{"action": "$default"}') == "$default"
