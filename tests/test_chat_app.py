"""AWS's simple-websockets-chat-app end to end (github.com/aws-samples/simple-websockets-chat-app): three functions
(tests/functions/<language>/chat) keep the connection ids in a DynamoDB table and broadcast with
``PostToConnection``, written as users write them, in Node.js (SDK v3, ES modules) and in Python (boto3)."""

import uuid

import pytest

from tests.chat import chat
from tests.lambdas import create_function
from tests.websocket_apps import add_route, new_api

RUNTIMES = {"nodejs20.x": "nodejs/chat", "python3.12": "python/chat"}


def deploy_chat(localstack, runtime: str) -> tuple[str, str, str]:
    """The sample's stack: table, three functions, API with $connect / $disconnect / sendmessage (one-way, as in
    the sample's template), deployment and stage ``dev``; returns the WebSocket URL, the table name and the
    sendmessage function's name."""
    dynamodb, lambda_client, v2 = (localstack.client(s) for s in ("dynamodb", "lambda", "apigatewayv2"))
    table = f"chat-connections-{uuid.uuid4().hex[:8]}"
    dynamodb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 0.5, "MaxAttempts": 60})

    api_id = new_api(v2, "chat", "$request.body.action")
    functions = {}
    for route_key, handler in (
        ("$connect", "onconnect.handler"),
        ("$disconnect", "ondisconnect.handler"),
        ("sendmessage", "sendmessage.handler"),
    ):
        name = create_function(
            lambda_client,
            RUNTIMES[runtime],
            runtime,
            handler,
            Timeout=30,
            MemorySize=256,
            Environment={"Variables": {"TABLE_NAME": table}},
        )
        functions[route_key] = name
        arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
        uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"
        add_route(
            v2, api_id, route_key, {"IntegrationType": "AWS_PROXY", "IntegrationUri": uri}, two_way=False
        )
    deployment_id = v2.create_deployment(ApiId=api_id)["DeploymentId"]
    v2.create_stage(ApiId=api_id, StageName="dev", DeploymentId=deployment_id)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev", table, functions["sendmessage"]


@pytest.mark.parametrize("runtime", list(RUNTIMES))
def test_chat_app(localstack, node_runtimes, runtime):
    if runtime.startswith("nodejs") and runtime not in node_runtimes:
        pytest.skip(f"no interpreter for {runtime}")
    url, table, sendmessage = deploy_chat(localstack, runtime)

    chat(localstack, url, table, sendmessage)
