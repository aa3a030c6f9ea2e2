"""The shim's adaptation to next_gen, on its own (pure logic: no LocalStack process)."""

import pytest

from localstack_ws_ext.shim.lambda_invoke import function_arn

ARN = "arn:aws:lambda:us-east-1:000000000000:function:chat"


@pytest.mark.parametrize(
    "uri, stage_variables, expected",
    [
        (f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{ARN}/invocations", {}, ARN),
        (
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
            "arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}/invocations",
            {"fn": "chat-dev"},
            "arn:aws:lambda:us-east-1:000000000000:function:chat-dev",
        ),
        (f"{ARN}:live", {}, f"{ARN}:live"),  # a bare function ARN, as CDK and LocalStack accept
    ],
)
def test_function_arn_from_integration_uri(uri, stage_variables, expected):
    assert function_arn(uri, stage_variables) == expected
