"""What the data plane's hooks record (``inspect/capture.py``): the events' shapes, payload previews bounded in
length or switched off, the per-connection counters, and nothing at all while the inspector is off."""

import types

import pytest

from localstack_ws_ext.execute_api.context import EndpointResponse, EventType
from localstack_ws_ext.execute_api.errors import AccessDenied, IntegrationError
from localstack_ws_ext.execute_api.handlers import event_logger
from localstack_ws_ext.inspect import capture
from localstack_ws_ext.inspect.recorder import recorder
from tests.unit.contexts import message_context


@pytest.fixture
def inspector():
    recorder.configure(enabled=True, size=100, payload_bytes=8)
    recorder.clear()
    yield recorder
    for connection_id in list(recorder.known_connections()):
        recorder.closed(connection_id)
    recorder.configure(enabled=False, size=1000, payload_bytes=256)


def context_of(event_type: EventType, **members):
    context = message_context()
    context.event_type = event_type
    context.message = None
    context.started_at = 0.0
    for name, value in members.items():
        setattr(context, name, value)
    return context


def last_event() -> dict:
    events, _ = recorder.events(limit=1)
    return events[0]


def test_preview_is_bounded_and_keeps_text_and_binary_apart():
    assert capture.preview("hello", 3) == {"text": "hel", "binary": False, "truncated": True}
    assert capture.preview("hi", 3) == {"text": "hi", "binary": False, "truncated": False}
    # bytes, not characters: "é" is two, and a character is never cut in half
    assert capture.preview("ééé", 3) == {"text": "é", "binary": False, "truncated": True}
    assert capture.preview(b"\xff\x00\x01\x02", 2) == {"base64": "/wA=", "binary": True, "truncated": True}
    assert capture.preview("anything", 0) is None
    assert capture.preview(None, 10) is None
    assert (capture.size_of("é"), capture.size_of(b"ab"), capture.size_of(None)) == (2, 2, None)


def test_connect_message_disconnect(inspector):
    connect = context_of(EventType.CONNECT, route_key="$connect", subprotocol="chat")
    capture.gateway_event(connect, 1.5)
    assert last_event() == {
        "type": "CONNECT",
        "apiId": "api1234567",
        "stage": "dev",
        "connectionId": "c1=",
        "accountId": "000000000000",
        "region": "us-east-1",
        "routeKey": "$connect",
        "integrationType": None,
        "integrationStatus": None,
        "latencyMs": 1.5,
        "error": False,
        "status": 101,
        "subprotocol": "chat",
        "sourceIp": "127.0.0.1",
        "userAgent": None,
        "request": "",
        "time": last_event()["time"],
        "seq": 1,
    }
    message = context_of(
        EventType.MESSAGE,
        route_key="$default",
        message='{"action": "hello"}',
        reply="you said hello",
        integration={"IntegrationType": "MOCK"},
        endpoint_response=EndpointResponse(200),
    )
    capture.gateway_event(message, 0.25)
    event = last_event()
    assert {
        k: event[k] for k in ("type", "routeKey", "integrationType", "status", "bytesIn", "bytesOut")
    } == {
        "type": "MESSAGE",
        "routeKey": "$default",
        "integrationType": "MOCK",
        "status": 200,
        "bytesIn": 19,
        "bytesOut": 14,
    }
    assert event["payloadIn"] == {"text": '{"action', "binary": False, "truncated": True}
    assert event["payloadOut"] == {"text": "you said", "binary": False, "truncated": True}
    disconnect = context_of(EventType.DISCONNECT, route_key="$disconnect", disconnect=(1001, "Going away"))
    capture.gateway_event(disconnect, 3.0)
    event = last_event()
    assert (event["closeCode"], event["closeReason"], event["status"]) == (1001, "Going away", None)
    assert (event["framesIn"], event["bytesIn"], event["framesOut"], event["bytesOut"]) == (1, 19, 1, 14)
    assert recorder.stats("c1=") is None  # gone with its DISCONNECT


def test_errors_carry_their_status_and_error_frame(inspector):
    denied = context_of(EventType.CONNECT, route_key="$connect", error=AccessDenied("policy says no"))
    capture.gateway_event(denied, 2.0)
    event = last_event()
    assert (event["status"], event["error"], event["errorType"], event["errorMessage"]) == (
        403,
        True,
        "AccessDenied",
        "Forbidden",
    )
    assert recorder.stats("c1=") is None  # refused: never a live connection
    failed = context_of(
        EventType.MESSAGE,
        message="x",
        error=IntegrationError("boom"),
        reply='{"message": "Internal server error"}',
    )
    capture.gateway_event(failed, 2.0)
    event = last_event()
    assert (event["status"], event["errorType"], event["payloadOut"]["text"]) == (
        502,
        "IntegrationError",
        '{"messag',
    )


def test_capture_off_keeps_sizes_and_no_payload(inspector):
    recorder.configure(enabled=True, size=100, payload_bytes=0)
    capture.gateway_event(context_of(EventType.MESSAGE, message="secret", reply="also secret"), 1.0)
    event = last_event()
    assert (event["bytesIn"], event["bytesOut"]) == (6, 11)
    assert "payloadIn" not in event and "payloadOut" not in event
    capture.gateway_event(context_of(EventType.CONNECT), 1.0)
    assert "request" not in last_event()


class FakeProvider:
    def __init__(self, error: Exception | None = None):
        self.error = error
        self.calls = 0

    @capture.connections_call("POST")
    def post(self, context, request):
        self.calls += 1
        if self.error:
            raise self.error
        return "done"


def management_context(inspector_header: bool = False):
    headers = {capture.INSPECTOR_HEADER: "1"} if inspector_header else {}
    return types.SimpleNamespace(
        account_id="000000000000", region="us-east-1", request=types.SimpleNamespace(headers=headers)
    )


def test_connections_calls_are_recorded_with_their_status(inspector):
    capture.gateway_event(context_of(EventType.CONNECT), 1.0)  # c1= is open: its API and stage are known
    assert (
        FakeProvider().post(management_context(True), {"ConnectionId": "c1=", "Data": b"hello there"})
        == "done"
    )
    event = last_event()
    assert {k: event[k] for k in ("type", "apiId", "stage", "via", "status", "error", "bytesOut")} == {
        "type": "POST",
        "apiId": "api1234567",
        "stage": "dev",
        "via": "inspector",
        "status": 200,
        "error": False,
        "bytesOut": 11,
    }
    assert event["payloadOut"] == {"text": "hello th", "binary": False, "truncated": True}
    assert recorder.stats("c1=").counters() == {"framesIn": 0, "bytesIn": 0, "framesOut": 1, "bytesOut": 11}

    class Gone(Exception):
        status_code = 410
        code = "GoneException"
        message = ""

    with pytest.raises(Gone):
        FakeProvider(Gone()).post(management_context(), {"ConnectionId": "unknown=", "Data": b"\xff"})
    event = last_event()
    assert (event["via"], event["status"], event["errorType"], event["apiId"]) == (
        "@connections",
        410,
        "GoneException",
        None,
    )
    assert event["payloadOut"] == {"base64": "/w==", "binary": True, "truncated": False}


def test_nothing_is_recorded_while_the_inspector_is_off(inspector):
    recorder.configure(enabled=False, size=100, payload_bytes=8)
    before = recorder.last_seq
    provider = FakeProvider()
    assert provider.post(management_context(), {"ConnectionId": "c1="}) == "done" and provider.calls == 1
    context = context_of(EventType.MESSAGE, message="x")
    context.started_at = 0.0
    event_logger(None, context, None)  # the finalizer's hook: one attribute check
    assert recorder.events() == ([], before)
