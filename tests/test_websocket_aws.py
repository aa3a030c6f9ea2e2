"""AWS integrations (service actions and Lambda non-proxy) against LocalStack's own services."""

import json
import re
import uuid

import pytest
from websockets.sync.client import connect

from tests.lambdas import create_function
from tests.websocket_apps import add_route


@pytest.fixture(scope="module")
def aws_api(localstack):
    v2 = localstack.client("apigatewayv2")
    sqs = localstack.client("sqs")
    lambda_client = localstack.client("lambda")
    queue_name = f"ws-frames-{uuid.uuid4().hex[:6]}"
    queue_url = sqs.create_queue(QueueName=queue_name)["QueueUrl"]
    function = create_function(lambda_client, "python/ws_echo", "python3.12", "index.handler")
    function_arn = lambda_client.get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    api_id = v2.create_api(
        Name=f"aws-{uuid.uuid4().hex[:6]}",
        ProtocolType="WEBSOCKET",
        RouteSelectionExpression="$request.body.action",
    )["ApiId"]

    def route(key, response_template, **integration):
        add_route(
            v2,
            api_id,
            key,
            {"IntegrationType": "AWS", **integration},
            responses={"$default": response_template},
        )

    # the common SQS pattern: the frame as message body, the connection id as a message attribute
    route(
        "enqueue",
        '{"queued": true, "status": $context.status}',
        IntegrationUri=f"arn:aws:apigateway:us-east-1:sqs:path/000000000000/{queue_name}",
        RequestParameters={"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
        TemplateSelectionExpression="\\$default",
        PassthroughBehavior="NEVER",
        RequestTemplates={
            "$default": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
            "&MessageAttribute.1.Name=connectionId&MessageAttribute.1.Value.StringValue=$context.connectionId"
            "&MessageAttribute.1.Value.DataType=String"
        },
    )
    # Lambda without proxy: the request template is the payload, the response template shapes the answer
    route(
        "compute",
        "{\"fromLambda\": $input.json('$.body')}",
        IntegrationUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations",
        TemplateSelectionExpression="\\$default",
        RequestTemplates={"$default": '{"body": "computed $input.path(\'$.n\')"}'},
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev", queue_url


def test_sqs_action_receives_the_frame(localstack, aws_api):
    url, queue_url = aws_api
    frame = '{"action": "enqueue", "text": "hello & welcome"}'
    with connect(url, open_timeout=20) as ws:
        ws.send(frame)
        assert json.loads(ws.recv(timeout=20)) == {"queued": True, "status": 200}
    messages = localstack.client("sqs").receive_message(
        QueueUrl=queue_url, MessageAttributeNames=["All"], WaitTimeSeconds=5
    )["Messages"]
    assert [m["Body"] for m in messages] == [frame]
    assert re.fullmatch(
        r"[A-Za-z0-9_-]{15}=", messages[0]["MessageAttributes"]["connectionId"]["StringValue"]
    )


def test_lambda_non_proxy(aws_api):
    url, _ = aws_api
    with connect(url, open_timeout=20) as ws:
        ws.send('{"action": "compute", "n": 42}')
        assert json.loads(ws.recv(timeout=30)) == {"fromLambda": "computed 42"}
