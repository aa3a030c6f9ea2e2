"""Request validation by models (pure logic): which model a message is checked against, and why it fails."""

import json

import pytest

from localstack_ws_ext.execute_api.errors import BadRequestBody
from localstack_ws_ext.execute_api.handlers.errors import error_frame
from localstack_ws_ext.execute_api.handlers.request_validation import select_model, validation_errors
from tests.unit.contexts import message_context

EMAIL = {"type": "object", "required": ["address"], "properties": {"address": {"type": "string"}}}
MODELS = {
    "m1": {"ModelId": "m1", "Name": "Email", "Schema": json.dumps(EMAIL)},
    "m2": {
        "ModelId": "m2",
        "Name": "Wrapper",
        "Schema": json.dumps(
            {
                "type": "object",
                "properties": {"e": {"$ref": "https://apigateway.amazonaws.com/apis/x/models/Email"}},
            }
        ),
    },
    "m3": {
        "ModelId": "m3",
        "Name": "Dangling",
        "Schema": json.dumps({"properties": {"e": {"$ref": "https://example.com/models/Nope"}}}),
    },
}


@pytest.mark.parametrize(
    "route, message, expected",
    [
        ({}, "{}", (False, None)),
        ({"RequestModels": {"$default": "Email"}}, "{}", (False, None)),  # no expression: no validation
        ({"ModelSelectionExpression": "$request.body.t"}, "{}", (False, None)),  # no models
        (
            {"ModelSelectionExpression": "$request.body.t", "RequestModels": {"a": "Email"}},
            '{"t": "a"}',
            (True, "Email"),
        ),
        (
            {"ModelSelectionExpression": "${request.body.t}", "RequestModels": {"a": "Email"}},
            '{"t": "b"}',
            (True, None),
        ),
        (
            {"ModelSelectionExpression": "$request.body.t", "RequestModels": {"a": "X", "$default": "Email"}},
            '{"t": "b"}',
            (True, "Email"),
        ),
        (
            {"ModelSelectionExpression": "\\$default", "RequestModels": {"$default": "Email"}},
            "no json",
            (True, "Email"),
        ),
        ({"ModelSelectionExpression": "static", "RequestModels": {"static": "Email"}}, "{}", (True, "Email")),
    ],
)
def test_model_selection(route, message, expected):
    assert select_model(route, message_context(message)) == expected


def test_validation_errors():
    assert validation_errors("Email", MODELS, '{"address": "a@b"}') is None
    assert validation_errors("Email", MODELS, "{}") == "['address' is a required property]"
    assert validation_errors("Email", MODELS, '{"address": 1}') == "[1 is not of type 'string']"
    assert validation_errors("Email", MODELS, "not json").startswith("[Invalid JSON in request body: ")
    assert validation_errors(None, MODELS, "{}").startswith("[no model matches")
    assert validation_errors("Gone", MODELS, "{}") == "[model Gone does not exist in the deployment]"


def test_references_to_other_models():
    assert validation_errors("Wrapper", MODELS, '{"e": {"address": "a@b"}}') is None
    assert validation_errors("Wrapper", MODELS, '{"e": {}}') == "['address' is a required property]"
    assert validation_errors("Dangling", MODELS, '{"e": 1}').startswith(
        "[unresolvable reference in model Dangling"
    )


def test_frames(environment):
    error = BadRequestBody("['address' is a required property]")
    assert error_frame(error, "c=", "r=", "m=") == (
        '{"message" : "Bad request body", "connectionId": "c=", "messageId": "m="}'
    )
    environment(WS_REQUEST_VALIDATION_FRAME="invalid-request-body")
    assert error_frame(error, "c=", "r=", "m=") == (
        '{"message": "Invalid request body", "connectionId":"c=", "requestId":"r="}'
    )


def test_a_message_nested_deeper_than_json_parsing_goes_fails_validation():
    """A 128 KB message can nest 65,000 levels; Python's parser gives up (RecursionError) long before."""
    deep = "[" * 60_000 + "]" * 60_000
    assert validation_errors("Email", MODELS, deep) == "[Invalid JSON in request body: nested too deeply]"


def test_a_recursive_model_against_a_deep_message_fails_validation():
    node = {"type": "object", "properties": {"next": {"$ref": "#"}}}
    models = {"m": {"ModelId": "m", "Name": "Node", "Schema": json.dumps(node)}}
    message = '{"next":' * 900 + "{}" + "}" * 900  # parses, but validation recurses deeper than Python goes
    assert validation_errors("Node", models, message) == (
        "[the request body is nested too deeply to validate against model Node]"
    )
