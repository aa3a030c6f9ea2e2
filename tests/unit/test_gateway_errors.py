"""The one error path of the gateway (pure logic): every failure is raised, and the exception handler alone
turns it into the refused handshake on $connect, the error frame on a message, nothing on $disconnect."""

import json

import pytest

from localstack_ws_ext.control_plane.store import ApiSnapshot, WebSocketApi
from localstack_ws_ext.execute_api import handlers
from localstack_ws_ext.execute_api.context import ConnectionInfo, EventType, WebSocketInvocationContext
from localstack_ws_ext.execute_api.errors import (
    AccessDenied,
    AuthorizerConfigurationError,
    BadRequestBody,
    ConnectRejected,
    Forbidden,
    IntegrationError,
    IntegrationTimeout,
    InvalidApiKey,
    InvalidSignature,
    Unauthorized,
)
from localstack_ws_ext.execute_api.gateway import WebSocketGateway
from localstack_ws_ext.execute_api.handlers.errors import error_frame, error_response
from localstack_ws_ext.settings import settings


@pytest.mark.parametrize(
    "error, status, message, error_type",
    [
        (Forbidden(), 403, "Forbidden", "ForbiddenException"),
        (Unauthorized(), 401, "Unauthorized", "UnauthorizedException"),
        (AccessDenied(), 403, "Forbidden", "AccessDeniedException"),
        (
            InvalidSignature("unsigned", message="Missing Authentication Token"),
            403,
            "Missing Authentication Token",
            "InvalidSignatureException",
        ),
        (InvalidApiKey(), settings().api_key_error_status, "Forbidden", "ForbiddenException"),
        (
            AuthorizerConfigurationError(),
            settings().authorizer_error_status,
            "Internal server error",
            "AuthorizerConfigurationException",
        ),
        (IntegrationError(), 502, "Internal server error", "InternalServerErrorException"),
        (IntegrationTimeout(), 504, settings().integration_timeout_message, "InternalServerErrorException"),
        (ConnectRejected(401), 401, "Internal server error", "UnauthorizedException"),
        (ConnectRejected(400), 400, "Internal server error", "BadRequestException"),
        (ConnectRejected(503), 503, "Internal server error", "InternalServerErrorException"),
    ],
)
def test_refused_handshakes(error, status, message, error_type):
    response = error_response(error)
    assert (response.status_code, response.get_json(), response.headers["x-amzn-ErrorType"]) == (
        status,
        {"message": message},
        error_type,
    )
    assert response.mimetype == "application/json"


def test_error_frames():
    assert (
        error_frame(Forbidden(), "c=", "r=", "m=")
        == '{"message": "Forbidden", "connectionId":"c=", "requestId":"r="}'
    )
    assert error_frame(IntegrationError("boom"), "c=", "r=", None) == (
        '{"message": "Internal server error", "connectionId":"c=", "requestId":"r="}'
    )


# --- through the gateway's chain ------------------------------------------------------------------------------

EMAIL_MODEL = {"ModelId": "m1", "Name": "Email", "Schema": json.dumps({"type": "object", "required": ["to"]})}


def snapshot(*routes: dict) -> ApiSnapshot:
    return ApiSnapshot(
        {"ApiId": "api1234567", "RouteSelectionExpression": "$request.body.action"},
        {str(n): route for n, route in enumerate(routes)},
        {},
        {},
        {},
        {},
        {"m1": EMAIL_MODEL},
    )


def run(event_type: EventType, deployed: ApiSnapshot | None, message: str | None = None):
    connection = ConnectionInfo(
        "c1=", "api1234567", "dev", "000000000000", "us-east-1", 1, "127.0.0.1", None, "d", "http", 1
    )
    api = WebSocketApi({"ApiId": "api1234567"}, "000000000000", "us-east-1")
    context = WebSocketInvocationContext(event_type, api, deployed, connection)
    context.message = message
    if event_type == EventType.DISCONNECT:
        context.disconnect = (1000, "")
    return context, WebSocketGateway().process(context)


def test_a_stage_without_deployment():
    context, response = run(EventType.CONNECT, None)
    assert isinstance(context.error, Forbidden)
    assert (response.status_code, response.get_json()) == (403, {"message": "Forbidden"})
    context, _ = run(EventType.MESSAGE, None, "hello")
    assert json.loads(context.reply) == {
        "message": "Forbidden",
        "connectionId": "c1=",
        "requestId": context.request_id,
    }
    context, _ = run(EventType.DISCONNECT, None)
    assert (context.error, context.reply, context.route_key) == (None, None, None)  # nothing to call


def test_no_route_is_the_forbidden_frame():
    context, _ = run(EventType.MESSAGE, snapshot({"RouteId": "r1", "RouteKey": "other"}), '{"action": "x"}')
    assert isinstance(context.error, Forbidden)
    assert context.reply == error_frame(context.error, "c1=", context.request_id, context.message_id)


def test_a_message_failing_its_model_never_reaches_the_integration():
    route = {
        "RouteId": "r1",
        "RouteKey": "$default",
        "ModelSelectionExpression": "\\$default",
        "RequestModels": {"$default": "Email"},
        "Target": "integrations/none",  # reaching it would answer "Internal server error"
    }
    context, _ = run(EventType.MESSAGE, snapshot(route), '{"action": "send"}')
    assert isinstance(context.error, BadRequestBody)
    assert context.error.validation_errors == "['to' is a required property]"
    assert context.reply == error_frame(context.error, "c1=", context.request_id, context.message_id)
    assert json.loads(context.reply)["message"] == "Bad request body"


def test_unexpected_errors_are_integration_errors(monkeypatch):
    def broken(chain, context, response):
        raise RuntimeError("a bug")

    monkeypatch.setattr(handlers, "route_selection", broken)
    context, response = run(EventType.CONNECT, snapshot())
    assert isinstance(context.error, IntegrationError) and response.status_code == 502
    context, _ = run(EventType.MESSAGE, snapshot(), "{}")
    assert json.loads(context.reply)["message"] == "Internal server error"
