"""Request validation by models (AWS's "Request validation for WebSocket APIs"): the route's
ModelSelectionExpression picks one of its RequestModels (else $default); a message that fails it gets the
"Bad request body" frame, the integration is not called and the connection stays open."""

import json
import re

import pytest
from websockets.sync.client import connect

from tests.client_errors import error_of
from tests.http_backend import Backend
from tests.websocket_apps import new_api

ID = r"[A-Za-z0-9_-]{15}="
BAD_REQUEST_BODY = re.compile(
    rf'\{{"message" : "Bad request body", "connectionId": "({ID})", "messageId": "({ID})"\}}'
)

EMAIL = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "required": ["address"],
    "properties": {"address": {"type": "string"}},
}
COUNT = {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer", "minimum": 1}}}


@pytest.fixture(scope="module")
def backend():
    server = Backend()
    yield server
    server.stop()


def create_api(v2) -> str:
    return new_api(v2, "models")


def two_way_route(v2, api_id: str, route_key: str, integration: dict, **route) -> str:
    """A two-way route (with the given Create Route members) to a new integration; returns the route id."""
    integration_id = v2.create_integration(ApiId=api_id, **integration)["IntegrationId"]
    route_id = v2.create_route(
        ApiId=api_id,
        RouteKey=route_key,
        Target=f"integrations/{integration_id}",
        RouteResponseSelectionExpression="$default",
        **route,
    )["RouteId"]
    v2.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")
    return route_id


@pytest.fixture(scope="module")
def models_api(localstack, backend):
    v2 = localstack.client("apigatewayv2")
    api_id = create_api(v2)
    v2.create_model(ApiId=api_id, Name="Email", Schema=json.dumps(EMAIL), ContentType="application/json")
    v2.create_model(ApiId=api_id, Name="Count", Schema=json.dumps(COUNT))
    # a model may reference another one by its URL (as REST models do)
    wrapper = {
        "type": "object",
        "required": ["email"],
        "properties": {"email": {"$ref": f"https://apigateway.amazonaws.com/restapis/{api_id}/models/Email"}},
    }
    v2.create_model(ApiId=api_id, Name="Wrapper", Schema=json.dumps(wrapper))
    proxy = {
        "IntegrationType": "HTTP_PROXY",
        "IntegrationMethod": "POST",
        "IntegrationUri": backend.url + "/m",
    }
    two_way_route(
        v2,
        api_id,
        "send",
        proxy,
        ModelSelectionExpression="${request.body.messageType}",
        RequestModels={"email": "Email", "count": "Count"},
    )
    two_way_route(
        v2,
        api_id,
        "wrapped",
        proxy,
        ModelSelectionExpression="$request.body.kind",
        RequestModels={"$default": "Wrapper"},
    )
    # without a model selection expression there is no validation (AWS's guide)
    two_way_route(v2, api_id, "unchecked", proxy, RequestModels={"$default": "Count"})
    # a static expression: every message of the route is checked against $default
    two_way_route(
        v2,
        api_id,
        "$default",
        proxy,
        ModelSelectionExpression="\\$default",
        RequestModels={"$default": "Count"},
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev"


def exchange(ws, message: dict | str) -> str:
    ws.send(message if isinstance(message, str) else json.dumps(message))
    return ws.recv(timeout=20)


def test_a_valid_message_reaches_the_integration(backend, models_api):
    backend.requests.clear()
    message = {"action": "send", "messageType": "email", "address": "mary_major@example.com"}
    with connect(models_api, open_timeout=20) as ws:
        reply = json.loads(exchange(ws, message))
    assert json.loads(reply["body"]) == message
    assert [json.loads(r["body"]) for r in backend.requests] == [message]


def test_an_invalid_message_gets_bad_request_body_and_the_connection_stays_open(backend, models_api):
    backend.requests.clear()
    with connect(models_api, open_timeout=20) as ws:
        frame = exchange(ws, {"action": "send", "messageType": "email"})
        assert BAD_REQUEST_BODY.fullmatch(frame), frame
        # the integration was not called; the next message is served on the same connection
        assert backend.requests == []
        valid = {"action": "send", "messageType": "email", "address": "a@b"}
        assert json.loads(json.loads(exchange(ws, valid))["body"]) == valid
    assert len(backend.requests) == 1


def test_each_message_has_its_own_message_id(models_api):
    with connect(models_api, open_timeout=20) as ws:
        first = BAD_REQUEST_BODY.fullmatch(exchange(ws, {"action": "send", "messageType": "email"}))
        second = BAD_REQUEST_BODY.fullmatch(exchange(ws, {"action": "send", "messageType": "email"}))
    assert first.group(1) == second.group(1)  # the connection
    assert first.group(2) != second.group(2)  # the message


@pytest.mark.parametrize(
    "message, valid",
    [
        ({"action": "send", "messageType": "count", "n": 2}, True),
        ({"action": "send", "messageType": "count", "n": 0}, False),  # minimum 1
        ({"action": "send", "messageType": "count", "n": "2"}, False),  # not an integer
        ({"action": "send", "messageType": "count", "address": "a@b"}, False),  # the Count model applies
        ({"action": "send", "messageType": "other", "address": "a@b"}, False),  # no such key, no $default
        ({"action": "send", "address": "a@b"}, False),  # the expression selects nothing, no $default
        ({"action": "wrapped", "email": {"address": "a@b"}}, True),
        ({"action": "wrapped", "email": {"address": 7}}, False),  # the referenced model applies
        ({"action": "unchecked", "n": "anything"}, True),
        ({"action": "nothing", "n": 3}, True),  # $default route
        ({"action": "nothing", "n": -3}, False),
    ],
)
def test_model_selection(models_api, message, valid):
    with connect(models_api, open_timeout=20) as ws:
        frame = exchange(ws, message)
    if valid:
        assert json.loads(json.loads(frame)["body"]) == message
    else:
        assert BAD_REQUEST_BODY.fullmatch(frame), frame


@pytest.mark.parametrize("frame", ["not json", "", "[1, 2]"])
def test_a_body_that_is_not_a_json_object_fails_when_a_model_applies(models_api, frame):
    with connect(models_api, open_timeout=20) as ws:
        assert BAD_REQUEST_BODY.fullmatch(exchange(ws, frame))


def test_validation_uses_the_deployed_models(localstack, backend):
    """A changed model applies only once deployed, as the rest of the route's configuration."""
    v2 = localstack.client("apigatewayv2")
    api_id = create_api(v2)
    model_id = v2.create_model(ApiId=api_id, Name="Count", Schema=json.dumps(COUNT))["ModelId"]
    proxy = {
        "IntegrationType": "HTTP_PROXY",
        "IntegrationMethod": "POST",
        "IntegrationUri": backend.url + "/d",
    }
    two_way_route(
        v2,
        api_id,
        "$default",
        proxy,
        ModelSelectionExpression="\\$default",
        RequestModels={"$default": "Count"},
    )
    v2.create_stage(ApiId=api_id, StageName="dev")
    v2.create_deployment(ApiId=api_id, StageName="dev")
    stricter = {**COUNT, "properties": {"n": {"type": "integer", "minimum": 10}}}
    v2.update_model(ApiId=api_id, ModelId=model_id, Schema=json.dumps(stricter))
    url = f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev"
    with connect(url, open_timeout=20) as ws:
        assert json.loads(exchange(ws, {"n": 5}))["path"] == "/d"
        v2.create_deployment(ApiId=api_id, StageName="dev")
        assert BAD_REQUEST_BODY.fullmatch(exchange(ws, {"n": 5}))
        assert json.loads(exchange(ws, {"n": 50}))["path"] == "/d"


def test_control_plane_checks_models_and_their_use(localstack):
    v2 = localstack.client("apigatewayv2")
    api_id = create_api(v2)
    # a schema must be valid JSON Schema draft 4
    assert error_of(v2.create_model, ApiId=api_id, Name="Broken", Schema='{"type": "objekt"}') == (
        400,
        "BadRequestException",
        "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified: "
        "'objekt' is not valid under any of the given schemas]",
    )
    assert error_of(v2.create_model, ApiId=api_id, Name="Broken", Schema='{"required": []}')[:2] == (
        400,
        "BadRequestException",
    )
    # routes name existing models, and select them with a body or static expression
    assert error_of(v2.create_route, ApiId=api_id, RouteKey="r", RequestModels={"$default": "Missing"}) == (
        400,
        "BadRequestException",
        "Invalid model name specified: Missing",
    )
    assert error_of(
        v2.create_route, ApiId=api_id, RouteKey="r", ModelSelectionExpression="$request.header.x"
    )[:2] == (400, "BadRequestException")
