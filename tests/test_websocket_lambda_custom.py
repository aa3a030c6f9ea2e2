"""Lambda without proxy (an ``AWS`` integration): integration responses are selected by the function's
``errorMessage`` (``$integration.response.body.errorMessage``, docs/aws-behaviour.md §6), a successful
invocation by ``$default``; response TemplateSelectionExpressions behave as AWS-validated tests observed."""

import json

import pytest
from websockets.sync.client import connect

from tests.lambdas import create_function
from tests.websocket_apps import new_api


@pytest.fixture(scope="module")
def lambda_api(localstack):
    v2 = localstack.client("apigatewayv2")
    lambda_client = localstack.client("lambda")
    function = create_function(lambda_client, "python/ws_custom", "python3.12", "index.handler")
    function_arn = lambda_client.get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    api_id = new_api(v2, "custom")

    def route(key: str, responses: dict[str, dict]) -> None:
        integration_id = v2.create_integration(
            ApiId=api_id,
            IntegrationType="AWS",
            IntegrationUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations",
        )["IntegrationId"]
        for response_key, response in responses.items():
            v2.create_integration_response(
                ApiId=api_id, IntegrationId=integration_id, IntegrationResponseKey=response_key, **response
            )
        route_id = v2.create_route(
            ApiId=api_id,
            RouteKey=key,
            Target=f"integrations/{integration_id}",
            RouteResponseSelectionExpression="$default",
        )["RouteId"]
        v2.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")

    route(
        "compute",
        {
            "/.*not found.*/": {
                "ResponseTemplates": {"$default": "{\"missing\": $input.json('$.errorMessage')}"}
            },
            "/boom \\d+/": {"ResponseTemplates": {"$default": "\"boom: $input.path('$.errorType')\""}},
            "$default": {"ResponseTemplates": {"$default": "{\"default\": $input.json('$')}"}},
        },
    )
    # what AWS-validated tests observed for response template selection on a Lambda integration
    templates = {
        "200": '"template 200"',
        "error message!": '"template error"',
        "$default": '"template default"',
    }
    route(
        "by-status",
        {
            "$default": {
                "TemplateSelectionExpression": "$integration.response.statuscode",
                "ResponseTemplates": templates,
            }
        },
    )
    route(
        "by-error",
        {
            "$default": {
                "TemplateSelectionExpression": "$integration.response.body.errorMessage",
                "ResponseTemplates": templates,
            }
        },
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev"


def exchange(ws, message: dict) -> str:
    ws.send(json.dumps(message))
    return ws.recv(timeout=30)


def test_a_successful_invocation_selects_default(lambda_api):
    with connect(lambda_api, open_timeout=20) as ws:
        reply = json.loads(exchange(ws, {"action": "compute", "n": 1}))
    assert reply == {"default": {"echo": {"action": "compute", "n": 1}}}


@pytest.mark.parametrize(
    "error, expected",
    [
        ("item 7 not found", {"missing": "item 7 not found"}),
        ("boom 42", "boom: RuntimeError"),
        ("boom!", None),  # matches no key: $default, with the function's error as the body
    ],
)
def test_the_error_message_selects_the_integration_response(lambda_api, error, expected):
    with connect(lambda_api, open_timeout=20) as ws:
        reply = json.loads(exchange(ws, {"action": "compute", "fail": error}))
    if expected is None:
        assert reply["default"]["errorMessage"] == "boom!"
        assert reply["default"]["errorType"] == "RuntimeError"
    else:
        assert reply == expected


@pytest.mark.parametrize(
    "route, expected",
    [
        # a failed function still answers status 200 through the Lambda Invoke API
        ("by-status", '"template 200"'),
        # a response TemplateSelectionExpression does not read the body: $default
        ("by-error", '"template default"'),
        # (the third observation, $integration.response.header.Content-Type selecting application/json, needs
        # LocalStack's Lambda Invoke to answer application/json as AWS's does; it answers text/plain)
    ],
)
@pytest.mark.parametrize("fail", [False, True])
def test_response_template_selection(lambda_api, route, expected, fail):
    message = {"action": route, **({"fail": "error message!"} if fail else {})}
    with connect(lambda_api, open_timeout=20) as ws:
        assert exchange(ws, message) == expected
