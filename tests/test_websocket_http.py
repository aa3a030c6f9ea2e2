"""HTTP_PROXY and HTTP integrations against a real HTTP backend started by the test (loopback only)."""

import json
import re

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.websocket_apps import add_route, new_api


@pytest.fixture(scope="module")
def http_api(localstack, backend):
    v2 = localstack.client("apigatewayv2")
    api_id = new_api(v2, "http")

    def route(key, two_way=True, **integration):
        return add_route(v2, api_id, key, integration, two_way)

    route(
        "$connect",
        two_way=False,
        IntegrationType="HTTP_PROXY",
        IntegrationMethod="POST",
        IntegrationUri=backend.url + "/${stageVariables.connect_path}",
    )
    route(
        "proxy",
        IntegrationType="HTTP_PROXY",
        IntegrationMethod="POST",
        IntegrationUri=backend.url + "/messages",
        RequestParameters={
            "integration.request.header.ConnectionId": "context.connectionId",
            "integration.request.header.X-Room": "route.request.body.room",
            "integration.request.querystring.stage": "stageVariables.color",
            "integration.request.header.X-Static": "'fixed'",
        },
    )
    templated = route(
        "templated",
        IntegrationType="HTTP",
        IntegrationMethod="PUT",
        IntegrationUri=backend.url + "/templated",
        TemplateSelectionExpression="\\$default",
        RequestTemplates={"$default": '{"wrapped": $input.json(\'$.data\'), "route": "$context.routeKey"}'},
    )
    v2.create_integration_response(
        ApiId=api_id,
        IntegrationId=templated,
        IntegrationResponseKey="$default",
        ResponseTemplates={"$default": '{"reply": $input.json(\'$.body\'), "status": $context.status}'},
    )
    route(
        "unreachable",
        IntegrationType="HTTP_PROXY",
        IntegrationMethod="POST",
        IntegrationUri="http://127.0.0.1:1/",
    )
    v2.create_stage(
        ApiId=api_id,
        StageName="dev",
        AutoDeploy=True,
        StageVariables={"connect_path": "connect", "color": "blue"},
    )
    return api_id


def url(localstack, api_id, query=""):
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev{query}"


def test_http_proxy_forwards_the_message_and_returns_the_answer(localstack, backend, http_api):
    backend.requests.clear()
    with connect(url(localstack, http_api, "?t=1"), open_timeout=20) as ws:
        ws.send('{"action": "proxy", "room": "r1"}')
        reply = json.loads(ws.recv(timeout=20))
    assert reply == {
        "backend": "got",
        "path": "/messages?stage=blue",
        "body": '{"action": "proxy", "room": "r1"}',
    }
    connect_request, message_request = backend.requests[:2]
    # $connect: the handshake's headers go to the backend, with API Gateway's own
    assert connect_request["path"] == "/connect"
    assert connect_request["headers"]["Sec-WebSocket-Version"] == "13"
    assert connect_request["headers"]["X-Amzn-Apigateway-Api-Id"] == http_api
    # a message: the frame as body, mapped parameters, no connection id unless mapped
    headers = message_request["headers"]
    assert message_request["method"] == "POST"
    assert re.fullmatch(r"[A-Za-z0-9_-]{15}=", headers["ConnectionId"])
    assert (headers["X-Room"], headers["X-Static"]) == ("r1", "fixed")
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", headers["X-Amzn-Trace-Id"])


def test_http_integration_with_templates(localstack, backend, http_api):
    backend.requests.clear()
    with connect(url(localstack, http_api), open_timeout=20) as ws:
        ws.send('{"action": "templated", "data": {"n": 1}}')
        reply = json.loads(ws.recv(timeout=20))
    request = backend.requests[-1]
    assert (request["method"], request["path"]) == ("PUT", "/templated")
    assert json.loads(request["body"]) == {"wrapped": {"n": 1}, "route": "templated"}
    assert reply == {"reply": request["body"].decode(), "status": 200}


def test_unreachable_backend_is_an_error_frame(localstack, http_api):
    with connect(url(localstack, http_api), open_timeout=20) as ws:
        ws.send('{"action": "unreachable"}')
        frame = ws.recv(timeout=20)
        assert re.fullmatch(
            r'\{"message": "Internal server error", "connectionId":"[^"]+", "requestId":"[^"]+"\}', frame
        )


def test_connect_backend_status_is_the_handshake_status(localstack, http_api):
    v2 = localstack.client("apigatewayv2")
    v2.update_stage(ApiId=http_api, StageName="dev", StageVariables={"connect_path": "status/401"})
    try:
        with pytest.raises(InvalidStatus) as error:
            with connect(url(localstack, http_api), open_timeout=20):
                pass
        assert error.value.response.status_code == 401
    finally:
        v2.update_stage(ApiId=http_api, StageName="dev", StageVariables={"connect_path": "connect"})
