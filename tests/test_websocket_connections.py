"""The @connections management API (docs/aws-behaviour.md §11), from tests and from functions (the AWS
idiom)."""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.harness import running_localstack
from tests.lambdas import create_function, invoke
from tests.websocket_apps import connection_id_api, deploy_app


@pytest.fixture(scope="module")
def shared_app(localstack):
    return deploy_app(localstack)


@pytest.fixture
def app(shared_app):
    shared_app.drain()
    return shared_app


def management(localstack, app=None, stage="dev", aws_access_key_id="test", api_id=None):
    """A management client the AWS way (``https://{api}.../{stage}``, path-style here) or at the root."""
    api_id = api_id or (app.api_id if app else None)
    endpoint = f"{localstack.endpoint}/_aws/execute-api/{api_id}/{stage}" if api_id else localstack.endpoint
    return boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=aws_access_key_id,
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 0}),
    )


def connection_id_of(ws, app) -> str:
    ws.send('{"action": "whoami"}')
    ws.recv(timeout=20)
    records = app.events(2)
    return records[-1]["event"]["requestContext"]["connectionId"]


def error_code(call, **kwargs) -> tuple[int, str]:
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response["ResponseMetadata"]["HTTPStatusCode"], error.value.response["Error"]["Code"]


def test_post_get_delete(localstack, app):
    with app.connect(user_agent_header="agent/7") as ws:
        connection_id = connection_id_of(ws, app)
        client = management(localstack, app)

        client.post_to_connection(ConnectionId=connection_id, Data=b'{"hello": "from the server"}')
        assert ws.recv(timeout=20) == '{"hello": "from the server"}'
        client.post_to_connection(ConnectionId=connection_id, Data=b"\xff\x00binary")
        assert ws.recv(timeout=20) == b"\xff\x00binary"  # not UTF-8: a binary frame

        info = client.get_connection(ConnectionId=connection_id)
        assert info["Identity"] == {"SourceIp": "127.0.0.1", "UserAgent": "agent/7"}
        assert isinstance(info["ConnectedAt"], datetime) and isinstance(info["LastActiveAt"], datetime)
        assert info["ConnectedAt"] <= info["LastActiveAt"] <= datetime.now(UTC)

        # the root endpoint (no stage) finds the connection too
        root = management(localstack)
        root.post_to_connection(ConnectionId=connection_id, Data=b"via root")
        assert ws.recv(timeout=20) == "via root"

        response = client.delete_connection(ConnectionId=connection_id)
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=20)
        assert closed.value.rcvd.code == 1000
    disconnect = app.events(1)[0]["event"]["requestContext"]
    assert (disconnect["disconnectStatusCode"], disconnect["disconnectReason"]) == (
        1000,
        "Connection Closed Normally",
    )
    assert error_code(client.post_to_connection, ConnectionId=connection_id, Data=b"x") == (
        410,
        "GoneException",
    )
    assert error_code(client.get_connection, ConnectionId=connection_id) == (410, "GoneException")
    assert error_code(client.delete_connection, ConnectionId=connection_id) == (410, "GoneException")


def test_gone_for_unknown_ids_and_other_apis_stages_and_accounts(localstack, app):
    other_app = deploy_app(localstack, routes=("$default",))
    with app.connect() as ws:
        connection_id = connection_id_of(ws, app)
        assert error_code(management(localstack, app).get_connection, ConnectionId="unknownid12345=") == (
            410,
            "GoneException",
        )
        assert error_code(management(localstack, other_app).get_connection, ConnectionId=connection_id) == (
            410,
            "GoneException",
        )
        assert error_code(
            management(localstack, app, stage="prod").get_connection, ConnectionId=connection_id
        ) == (
            410,
            "GoneException",
        )
        other_account = management(localstack, app, aws_access_key_id="111111111111")
        assert error_code(other_account.post_to_connection, ConnectionId=connection_id, Data=b"x") == (
            410,
            "GoneException",
        )
        # still connected and reachable by the right caller
        management(localstack, app).post_to_connection(ConnectionId=connection_id, Data=b"ok")
        assert ws.recv(timeout=20) == "ok"


def test_payload_too_large(localstack, app):
    with app.connect() as ws:
        connection_id = connection_id_of(ws, app)
        client = management(localstack, app)
        client.post_to_connection(ConnectionId=connection_id, Data=b"a" * 128 * 1024)
        assert len(ws.recv(timeout=20)) == 128 * 1024
        assert error_code(
            client.post_to_connection, ConnectionId=connection_id, Data=b"a" * (128 * 1024 + 1)
        ) == (
            413,
            "PayloadTooLargeException",
        )


def test_posting_during_connect_is_gone(app):
    with app.connect("post_during_connect=1") as ws:
        ws.send("after connect")
        assert json.loads(ws.recv(timeout=20))["echo"] == "after connect"  # "too early" never arrived
    connect_record = next(r for r in app.events(3) if r["event"]["requestContext"]["eventType"] == "CONNECT")
    assert connect_record["post_during_connect"] == "GoneException"


@pytest.mark.parametrize("runtime", ["python3.12", "nodejs20.x"])
def test_functions_reach_their_connections_the_aws_way(localstack, node_runtimes, runtime):
    """``endpoint = "https://" + domainName + "/" + stage`` from inside the function: resolved and trusted."""
    if runtime.startswith("nodejs") and runtime not in node_runtimes:
        pytest.skip(f"no interpreter for {runtime}")
    app = deploy_app(localstack, runtime=runtime)
    with app.connect() as ws:
        ws.send('{"action": "post", "data": "pushed by the function"}')
        frames = [json.loads(ws.recv(timeout=30)), json.loads(ws.recv(timeout=30))]
        assert frames == [{"pushed": "pushed by the function"}, {"posted": True, "sourceIp": "127.0.0.1"}]
        ws.send('{"action": "delete"}')
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=30)
        assert closed.value.rcvd.code == 1000
    disconnect = app.events(4)[-1]["event"]["requestContext"]
    assert (disconnect["eventType"], disconnect["disconnectStatusCode"]) == ("DISCONNECT", 1000)


def test_many_pushes_arrive_in_order(localstack, app):
    # how fast is make bench's business ("server push"); here: every one arrives, in order
    with app.connect() as ws:
        connection_id = connection_id_of(ws, app)
        client = management(localstack, app)
        for n in range(50):
            client.post_to_connection(ConnectionId=connection_id, Data=f"{n}".encode())
        assert [ws.recv(timeout=20) for _ in range(50)] == [str(n) for n in range(50)]


def test_a_call_is_answered_while_every_http_worker_thread_is_busy():
    """@connections calls are answered on the thread that read them (patches/connections_on_reactor.py): with
    both of LocalStack's HTTP worker threads held by Lambda invocations, a PostToConnection still reaches its
    client and answers 200, and GetConnection 200, before either invocation is over (through the worker threads
    they would wait for one). The invocations then answer normally."""
    with running_localstack(GATEWAY_WORKER_COUNT="2") as localstack:
        api_id = connection_id_api(localstack.client("apigatewayv2"), "busy")
        lambda_client = localstack.client("lambda")
        name = create_function(lambda_client, "python/sleep", "python3.12", "index.handler", Timeout=30)
        invoke(lambda_client, name, {"seconds": 0})  # warm: the held calls below only sleep
        client = management(localstack, api_id=api_id)
        with connect(f"{localstack.endpoint.replace('http', 'ws', 1)}/_aws/execute-api/{api_id}/dev") as ws:
            ws.send("who am I")
            connection_id = json.loads(ws.recv(timeout=20))["connectionId"]
            client.post_to_connection(ConnectionId=connection_id, Data=b"service started")
            assert ws.recv(timeout=20) == "service started"
            with ThreadPoolExecutor(2) as pool:
                held = [pool.submit(invoke, lambda_client, name, {"seconds": 8}) for _ in range(2)]
                time.sleep(2)  # both invocations hold a worker thread now
                assert not any(call.done() for call in held)
                posted = client.post_to_connection(ConnectionId=connection_id, Data=b"while busy")
                got = client.get_connection(ConnectionId=connection_id)
                answered_while_held = not any(call.done() for call in held)
                assert ws.recv(timeout=20) == "while busy"
                assert answered_while_held
                assert posted["ResponseMetadata"]["HTTPStatusCode"] == 200
                assert (
                    got["ResponseMetadata"]["HTTPStatusCode"] == 200
                    and got["Identity"]["SourceIp"] == "127.0.0.1"
                )
                assert [call.result(timeout=60).payload["slept"] for call in held] == [8, 8]
