"""ContentHandlingStrategy (docs/aws-behaviour.md §9): CONVERT_TO_BINARY on an integration sends the bytes a
text frame encodes in base64; CONVERT_TO_TEXT base64-encodes a binary answer; on an integration response,
CONVERT_TO_BINARY makes the reply a binary frame. Binary frames from clients still close the connection (1003)."""

import base64
import json
import re

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.http_backend import BINARY
from tests.websocket_apps import add_route, new_api

INTERNAL_ERROR = (
    r'\{"message": "Internal server error", "connectionId":"[A-Za-z0-9_-]{15}=", "requestId":"[^"]+"\}'
)


@pytest.fixture(scope="module")
def content_api(localstack, backend):
    v2 = localstack.client("apigatewayv2")
    api_id = new_api(v2, "content")

    def proxy(path: str, **integration) -> dict:
        return {
            "IntegrationType": "HTTP_PROXY",
            "IntegrationMethod": "POST",
            "IntegrationUri": backend.url + path,
            **integration,
        }

    # the frame is base64: the backend gets its bytes, and its binary echo comes back as a binary frame
    add_route(v2, api_id, "$default", proxy("/echo", ContentHandlingStrategy="CONVERT_TO_BINARY"))
    # a binary answer becomes base64 text
    add_route(v2, api_id, "download", proxy("/binary", ContentHandlingStrategy="CONVERT_TO_TEXT"))
    add_route(v2, api_id, "raw", proxy("/binary"))
    # HTTP: the template picks the base64 field, the backend gets its bytes; the integration response
    # base64-encodes the binary answer before its template embeds it
    upload = add_route(
        v2,
        api_id,
        "upload",
        {
            "IntegrationType": "HTTP",
            "IntegrationMethod": "POST",
            "IntegrationUri": backend.url + "/echo",
            "ContentHandlingStrategy": "CONVERT_TO_BINARY",
            "TemplateSelectionExpression": "\\$default",
            "RequestTemplates": {"$default": "$input.path('$.data')"},
        },
    )
    v2.create_integration_response(
        ApiId=api_id,
        IntegrationId=upload,
        IntegrationResponseKey="$default",
        ContentHandlingStrategy="CONVERT_TO_TEXT",
        ResponseTemplates={"$default": '{"echoed": "$input.body"}'},
    )
    # MOCK: the response template renders base64 (of "hello"), the client gets the bytes as a binary frame
    picture = add_route(
        v2,
        api_id,
        "picture",
        {"IntegrationType": "MOCK", "RequestTemplates": {"$default": '{"statusCode": 200}'}},
    )
    v2.create_integration_response(
        ApiId=api_id,
        IntegrationId=picture,
        IntegrationResponseKey="$default",
        ContentHandlingStrategy="CONVERT_TO_BINARY",
        ResponseTemplates={"$default": "aGVsbG8="},
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev"


def test_convert_to_binary_sends_the_decoded_frame(backend, content_api):
    backend.requests.clear()
    with connect(content_api, open_timeout=20) as ws:
        ws.send(base64.b64encode(BINARY).decode())
        reply = ws.recv(timeout=20)
    assert backend.requests[-1]["body"] == BINARY
    assert reply == BINARY  # the backend's binary answer, as a binary frame


def test_convert_to_binary_of_text_that_is_not_base64_is_an_error_frame(backend, content_api):
    backend.requests.clear()
    with connect(content_api, open_timeout=20) as ws:
        ws.send("this is not base64!")
        assert re.fullmatch(INTERNAL_ERROR, ws.recv(timeout=20))
    assert backend.requests == []


def test_convert_to_text_base64_encodes_a_binary_answer(content_api):
    with connect(content_api, open_timeout=20) as ws:
        ws.send('{"action": "download"}')
        assert ws.recv(timeout=20) == base64.b64encode(BINARY).decode()
        # without a strategy a binary answer stays binary
        ws.send('{"action": "raw"}')
        assert ws.recv(timeout=20) == BINARY


def test_template_and_integration_response_conversions(backend, content_api):
    data = bytes(range(256))
    with connect(content_api, open_timeout=20) as ws:
        ws.send(json.dumps({"action": "upload", "data": base64.b64encode(data).decode()}))
        reply = ws.recv(timeout=20)
    assert backend.requests[-1]["body"] == data
    assert json.loads(reply) == {"echoed": base64.b64encode(data).decode()}


def test_integration_response_convert_to_binary_sends_a_binary_frame(content_api):
    with connect(content_api, open_timeout=20) as ws:
        ws.send('{"action": "picture"}')
        reply = ws.recv(timeout=20)
    assert reply == b"hello"  # bytes: a binary frame, although they are UTF-8


def test_binary_frames_from_clients_still_close_the_connection(content_api):
    with connect(content_api, open_timeout=20) as ws:
        ws.send(BINARY)
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=20)
    assert closed.value.rcvd.code == 1003
