"""AWS's simple-websockets-chat-app end to end (github.com/aws-samples/simple-websockets-chat-app): three functions
(tests/functions/<language>/chat) keep the connection ids in a DynamoDB table and broadcast with
``PostToConnection``, written as users write them, in Node.js (SDK v3, ES modules) and in Python (boto3)."""

import contextlib
import json
import time
import uuid

import pytest
from websockets.sync.client import connect

from tests.lambdas import create_function
from tests.websocket_apps import add_route, new_api

RUNTIMES = {"nodejs20.x": "nodejs/chat", "python3.12": "python/chat"}
QUIET_SECONDS = 1.5  # how long "nothing else arrives" waits


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


def connection_ids(dynamodb, table: str) -> set[str]:
    items = dynamodb.scan(TableName=table, ConsistentRead=True)["Items"]
    ids = [item["connectionId"]["S"] for item in items]
    assert len(ids) == len(set(ids))
    return set(ids)


def wait_for_ids(dynamodb, table: str, expected: set[str], timeout: float = 20) -> set[str]:
    """The table's ids once they are ``expected``, or what they are after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while (ids := connection_ids(dynamodb, table)) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return ids


def wait_for_log_lines(logs, function_name: str, needle: str, count: int, timeout: float = 20) -> list[str]:
    """The function's log lines (CloudWatch Logs) that contain ``needle``, once there are ``count`` of them or
    after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            events = logs.filter_log_events(logGroupName=f"/aws/lambda/{function_name}")["events"]
        except logs.exceptions.ResourceNotFoundException:
            events = []
        lines = [event["message"] for event in events if needle in event["message"]]
        if len(lines) >= count or time.monotonic() >= deadline:
            return lines
        time.sleep(0.3)


def assert_quiet(*clients) -> None:
    """No client receives anything more within QUIET_SECONDS."""
    deadline = time.monotonic() + QUIET_SECONDS
    for ws in clients:
        with pytest.raises(TimeoutError):
            extra = ws.recv(timeout=max(0.05, deadline - time.monotonic()))
            pytest.fail(f"unexpected frame {extra!r}")


@pytest.mark.parametrize("runtime", list(RUNTIMES))
def test_chat_app(localstack, node_runtimes, runtime):
    if runtime.startswith("nodejs") and runtime not in node_runtimes:
        pytest.skip(f"no interpreter for {runtime}")
    dynamodb = localstack.client("dynamodb")
    url, table, sendmessage = deploy_chat(localstack, runtime)

    with contextlib.ExitStack() as stack:
        # each handshake waits for $connect, so the table has the new id as soon as connect() returns
        clients, ids = [], []
        for _ in range(3):
            clients.append(stack.enter_context(connect(url, open_timeout=30, close_timeout=10)))
            (new_id,) = connection_ids(dynamodb, table) - set(ids)
            ids.append(new_id)
        a, b, c = clients
        id_a, id_b, id_c = ids
        assert connection_ids(dynamodb, table) == {id_a, id_b, id_c}

        # a broadcast reaches everybody, the sender included, with exactly the data
        a.send(json.dumps({"action": "sendmessage", "data": "hello"}))
        assert [ws.recv(timeout=30) for ws in (a, b, c)] == ["hello"] * 3
        assert_quiet(a, b, c)

        # c leaves: its $disconnect takes it out of the table, and the next broadcast skips it
        c.close()
        assert wait_for_ids(dynamodb, table, {id_a, id_b}) == {id_a, id_b}
        b.send(json.dumps({"action": "sendmessage", "data": "c left"}))
        assert [ws.recv(timeout=30) for ws in (a, b)] == ["c left"] * 2
        assert_quiet(a, b)

        # stale ids (c's, closed, and one that never existed) get GoneException and are deleted by the broadcast
        stale = {id_c, "Stale0ConnId=="}
        for connection_id in stale:
            dynamodb.put_item(TableName=table, Item={"connectionId": {"S": connection_id}})
        assert connection_ids(dynamodb, table) == {id_a, id_b} | stale
        a.send(json.dumps({"action": "sendmessage", "data": "still here?"}))
        assert [ws.recv(timeout=30) for ws in (a, b)] == ["still here?"] * 2
        assert wait_for_ids(dynamodb, table, {id_a, id_b}) == {id_a, id_b}
        lines = wait_for_log_lines(localstack.client("logs"), sendmessage, "Found stale connection", 2)
        assert sorted(line.rstrip("\n").rsplit(" ", 1)[-1] for line in lines) == sorted(stale)
        assert_quiet(a, b)

    # a and b leave too: the table ends empty
    assert wait_for_ids(dynamodb, table, set()) == set()
