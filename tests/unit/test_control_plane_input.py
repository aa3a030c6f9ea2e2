"""What the control plane does with input the fuzzer (tests/test_fuzz_control_plane.py) found hard: members of the
wrong JSON type, model schemas nested deeper than validation can recurse, recursive schemas in GetModelTemplate.
Each answers a BadRequestException or a result, never an unhandled exception (a 500)."""

import json

import pytest
from localstack.aws.spec import load_service

from localstack_ws_ext.api.apigatewayv2 import BadRequestException
from localstack_ws_ext.control_plane import validation
from localstack_ws_ext.control_plane.dispatch import checked_dispatch_table
from localstack_ws_ext.control_plane.model_templates import model_template

SERVICE = load_service("apigatewayv2")


def input_shape(operation: str):
    return SERVICE.operation_model(operation).input_shape


def nested(levels: int) -> dict:
    """A schema nesting 2 * levels + 1 JSON objects."""
    schema: dict = {"type": "string"}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


@pytest.mark.parametrize(
    "operation, members, named",
    [
        ("CreateRoute", {"ApiId": "a", "RouteKey": 5}, "RouteKey"),
        ("CreateRoute", {"ApiId": "a", "RouteKey": "k", "ApiKeyRequired": "true"}, "ApiKeyRequired"),
        ("CreateRoute", {"ApiId": "a", "RouteKey": "k", "AuthorizationScopes": "s"}, "AuthorizationScopes"),
        (
            "CreateRoute",
            {"ApiId": "a", "RouteKey": "k", "AuthorizationScopes": ["s", 1]},
            "AuthorizationScopes[1]",
        ),
        (
            "CreateRoute",
            {"ApiId": "a", "RouteKey": "k", "RequestModels": {"$default": ["M"]}},
            "RequestModels",
        ),
        (
            "CreateRoute",
            {"ApiId": "a", "RouteKey": "k", "RequestParameters": {"p": {"Required": "no"}}},
            "Required",
        ),
        ("CreateApi", {"Name": "n", "ProtocolType": "WEBSOCKET", "Tags": []}, "Tags"),
        ("CreateStage", {"ApiId": "a", "StageName": {"x": 1}}, "StageName"),
    ],
)
def test_a_member_of_the_wrong_type_is_a_bad_request(operation, members, named):
    with pytest.raises(BadRequestException) as error:
        validation.request_types(input_shape(operation), members)
    assert named in error.value.message


def test_members_of_the_right_types_unknown_members_and_nulls_pass():
    validation.request_types(
        input_shape("CreateRoute"),
        {
            "ApiId": "a",
            "RouteKey": "k",
            "ApiKeyRequired": False,
            "AuthorizationScopes": ["s"],
            "RequestModels": {"$default": "M"},
            "RequestParameters": {"route.request.header.x": {"Required": True}},
            "Target": None,
            "NotAMember": 5,
        },
    )


def test_the_dispatch_table_checks_types_before_the_provider(monkeypatch):
    from localstack_ws_ext.control_plane.provider import ApiGatewayV2Provider

    calls = []
    monkeypatch.setattr(
        ApiGatewayV2Provider, "create_api", lambda self, context, request: calls.append(request)
    )
    table = checked_dispatch_table(ApiGatewayV2Provider())
    context = type("Context", (), {"operation": SERVICE.operation_model("CreateApi")})()
    with pytest.raises(BadRequestException):
        table["CreateApi"](context, {"Name": 1, "ProtocolType": "WEBSOCKET"})
    assert calls == []


def test_a_model_nesting_within_the_limit_is_valid():
    schema = nested((validation.MAX_MODEL_SCHEMA_DEPTH - 1) // 2)
    assert validation.json_schema(json.dumps(schema)) == schema


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(nested(validation.MAX_MODEL_SCHEMA_DEPTH // 2)),
        json.dumps(nested(600)),
        '{"a":' * 3000 + "1" + "}" * 3000,
        "[" * 100_000 + "]" * 100_000,  # deeper than Python's JSON parser goes: RecursionError
    ],
)
def test_a_model_nesting_deeper_is_a_bad_request(text):
    with pytest.raises(BadRequestException) as error:
        validation.json_schema(text)
    assert "Invalid model specified" in error.value.message


def test_the_template_of_a_recursive_model_expands_each_reference_once():
    schema = {
        "definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}}},
        "$ref": "#/definitions/node",
    }
    assert model_template(schema) == (
        '#set($inputRoot = $input.path(\'$\'))\n{\n  "next" : "$inputRoot.next"\n}\n'
    )


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},  # draft 4 tuple items
        {"type": "object", "properties": []},
        {"$ref": "#/definitions/missing"},
        {"definitions": {"a": 5}, "$ref": "#/definitions/a"},
        {
            "type": "object",
            "properties": {"self": {"$ref": "#"}, "list": {"type": "array", "items": {"$ref": "#"}}},
        },
    ],
)
def test_the_template_of_any_valid_schema_is_made(schema):
    assert model_template(schema).startswith("#set($inputRoot = $input.path('$'))\n")
