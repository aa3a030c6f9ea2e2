"""MOCK integrations with request/response templates rendered by LocalStack's VTL engine
(docs/aws-behaviour.md §6)."""

import json
import re

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.websocket_apps import add_route, new_api

RESPONSE_TEMPLATE = (
    '{"connectionId": "$context.connectionId", "route": "$context.routeKey", "eventType": "$context.eventType",'
    ' "status": $context.status, "color": "$stageVariables.color"}'
)


@pytest.fixture(scope="module")
def mock_api(localstack):
    v2 = localstack.client("apigatewayv2")
    api_id = new_api(v2, "mock")

    def mock_route(route_key, integration_kwargs, responses, two_way=True):
        add_route(
            v2, api_id, route_key, {"IntegrationType": "MOCK", **integration_kwargs}, two_way, responses
        )

    mock_route(
        "echo", {"RequestTemplates": {"$default": '{"statusCode": 200}'}}, {"$default": RESPONSE_TEMPLATE}
    )
    mock_route(
        "status",
        {
            "TemplateSelectionExpression": "$request.body.kind",
            "RequestTemplates": {"ok": '{"statusCode": 200}', "bad": '{"statusCode": 500}'},
        },
        {"/2\\d\\d/": '"fine $context.status"', "/5\\d\\d/": '"broken $context.status"'},
    )
    mock_route(
        "quiet",
        {"RequestTemplates": {"$default": '{"statusCode": 200}'}},
        {"$default": '"unsent"'},
        two_way=False,
    )
    mock_route(
        "strict",
        {
            "PassthroughBehavior": "NEVER",
            "TemplateSelectionExpression": "$request.body.kind",
            "RequestTemplates": {"known": '{"statusCode": 200}'},
        },
        {"$default": '"strict ok"'},
    )
    v2.create_stage(ApiId=api_id, StageName="dev", StageVariables={"color": "blue"}, AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev", api_id


def test_mock_two_way_route_renders_the_response_template(mock_api):
    url, _ = mock_api
    with connect(url, open_timeout=20) as ws:
        ws.send('{"action": "echo"}')
        reply = json.loads(ws.recv(timeout=20))
    assert re.fullmatch(r"[A-Za-z0-9_-]{15}=", reply.pop("connectionId"))
    assert reply == {"route": "echo", "eventType": "MESSAGE", "status": 200, "color": "blue"}


@pytest.mark.parametrize("kind, expected", [("ok", "fine 200"), ("bad", "broken 500")])
def test_request_template_selection_and_integration_response_selection(mock_api, kind, expected):
    url, _ = mock_api
    with connect(url, open_timeout=20) as ws:
        ws.send(json.dumps({"action": "status", "kind": kind}))
        assert ws.recv(timeout=20) == f'"{expected}"'


def test_one_way_mock_route_answers_nothing(mock_api):
    url, _ = mock_api
    with connect(url, open_timeout=20) as ws:
        ws.send('{"action": "quiet"}')
        ws.send('{"action": "status", "kind": "ok"}')
        assert ws.recv(timeout=20) == '"fine 200"'
        with pytest.raises(TimeoutError):
            ws.recv(timeout=1)


def test_passthrough_never_without_a_matching_template_is_an_error_frame(mock_api):
    url, _ = mock_api
    with connect(url, open_timeout=20) as ws:
        ws.send('{"action": "strict", "kind": "known"}')
        assert ws.recv(timeout=20) == '"strict ok"'
        ws.send('{"action": "strict", "kind": "unknown"}')
        frame = ws.recv(timeout=20)
        assert re.fullmatch(
            r'\{"message": "Internal server error", "connectionId":"[^"]+", "requestId":"[^"]+"\}', frame
        )


def test_mock_connect_status_decides_the_handshake(localstack):
    v2 = localstack.client("apigatewayv2")
    api_id = v2.create_api(
        Name="mock-connect", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.a"
    )["ApiId"]
    integration_id = v2.create_integration(
        ApiId=api_id, IntegrationType="MOCK", RequestTemplates={"$default": '{"statusCode": 403}'}
    )["IntegrationId"]
    v2.create_route(ApiId=api_id, RouteKey="$connect", Target=f"integrations/{integration_id}")
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    with pytest.raises(InvalidStatus) as error:
        with connect(f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev", open_timeout=20):
            pass
    assert error.value.response.status_code == 403
