"""TimeoutInMillis of HTTP, HTTP_PROXY and AWS integrations: a backend silent for longer gets the message an
"Endpoint request timed out" error frame (AWS: unconfirmed, WS_INTEGRATION_TIMEOUT_MESSAGE) and a $connect a
504; the connection stays open."""

import json
import re
import time

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.lambdas import create_function
from tests.websocket_apps import add_route, new_api

TIMED_OUT = (
    r'\{"message": "Endpoint request timed out", "connectionId":"[A-Za-z0-9_-]{15}=", "requestId":"[^"]+"\}'
)


@pytest.fixture(scope="module")
def timeout_api(localstack, backend):
    v2 = localstack.client("apigatewayv2")
    lambda_client = localstack.client("lambda")
    api_id = new_api(v2, "timeouts")

    def http(key: str, path: str, timeout_ms: int, integration_type: str = "HTTP_PROXY"):
        add_route(
            v2,
            api_id,
            key,
            {
                "IntegrationType": integration_type,
                "IntegrationMethod": "POST",
                "IntegrationUri": backend.url + path,
                "TimeoutInMillis": timeout_ms,
            },
            responses={"$default": "$input.body"} if integration_type == "HTTP" else None,
        )

    http("slow", "/sleep/1.5", 300)
    http("slow-template", "/sleep/1.5", 300, "HTTP")
    http("in-time", "/sleep/0.2", 1500)
    # Lambda without proxy goes through next_gen's AWS integration, with the same timeout
    function = create_function(lambda_client, "python/sleep", "python3.12", "index.handler", Timeout=10)
    function_arn = lambda_client.get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    add_route(
        v2,
        api_id,
        "slow-lambda",
        {
            "IntegrationType": "AWS",
            "IntegrationUri": f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations",
            "TimeoutInMillis": 500,
            "RequestTemplates": {"$default": "{\"seconds\": $input.path('$.seconds')}"},
        },
        responses={"$default": "$input.body"},
    )
    # Lambda proxy: a function allowed 10 s behind an integration that waits 500 ms
    sleeper = create_function(lambda_client, "python/ws_sleep", "python3.12", "index.handler", Timeout=10)
    sleeper_arn = lambda_client.get_function(FunctionName=sleeper)["Configuration"]["FunctionArn"]
    add_route(
        v2,
        api_id,
        "slow-proxy",
        {
            "IntegrationType": "AWS_PROXY",
            "IntegrationUri": f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{sleeper_arn}/invocations",
            "TimeoutInMillis": 500,
        },
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev"


@pytest.mark.parametrize("route", ["slow", "slow-template"])
def test_a_silent_backend_times_out_and_the_connection_stays_open(timeout_api, route):
    with connect(timeout_api, open_timeout=20) as ws:
        started = time.monotonic()
        ws.send(json.dumps({"action": route}))
        frame = ws.recv(timeout=20)
        elapsed = time.monotonic() - started
        assert re.fullmatch(TIMED_OUT, frame), frame
        assert elapsed > 0.25  # not before TimeoutInMillis (300); the frame says the backend (1.5 s) was cut
        ws.send('{"action": "in-time"}')
        assert json.loads(ws.recv(timeout=20)) == {"slept": True}


def test_a_backend_within_its_timeout_answers(timeout_api):
    with connect(timeout_api, open_timeout=20) as ws:
        ws.send('{"action": "in-time"}')
        assert json.loads(ws.recv(timeout=20)) == {"slept": True}


def test_lambda_without_proxy_times_out(timeout_api):
    with connect(timeout_api, open_timeout=20) as ws:
        ws.send('{"action": "slow-lambda", "seconds": 0}')
        assert json.loads(ws.recv(timeout=30))["slept"] == 0  # in time (and the function is warm)
        ws.send('{"action": "slow-lambda", "seconds": 2}')
        assert re.fullmatch(TIMED_OUT, ws.recv(timeout=20))


def test_lambda_proxy_times_out_while_the_function_runs_on(timeout_api):
    with connect(timeout_api, open_timeout=20) as ws:
        ws.send('{"action": "slow-proxy", "seconds": 0}')
        assert ws.recv(timeout=30) == "slept 0"  # in time (and the function is warm)
        started = time.monotonic()
        ws.send('{"action": "slow-proxy", "seconds": 1.5}')
        assert re.fullmatch(TIMED_OUT, ws.recv(timeout=20))
        assert time.monotonic() - started > 0.45  # not before TimeoutInMillis
        # the connection stays open; the function finishes its invocation and serves the next one
        ws.send('{"action": "slow-proxy", "seconds": 0}')
        assert ws.recv(timeout=30) == "slept 0"


def test_messages_after_a_timed_out_one_are_answered_while_its_function_runs_on(timeout_api, localstack):
    """The timed-out message is answered on its deadline, once (one event line); the connection's next messages do
    not wait for its function (the gateway is done with it), and its late answer reaches nobody."""
    with connect(timeout_api, open_timeout=20) as ws:
        ws.send('{"action": "slow-proxy", "seconds": 0}')
        assert ws.recv(timeout=30) == "slept 0"  # in time (and the function is warm)
        started = time.monotonic()
        ws.send('{"action": "slow-proxy", "seconds": 8}')
        timed_out = ws.recv(timeout=20)
        assert re.fullmatch(TIMED_OUT, timed_out)
        connection_id = json.loads(timed_out)["connectionId"]
        for _ in range(2):  # the second one has a second environment: the first is busy
            ws.send('{"action": "slow-proxy", "seconds": 0}')
            assert ws.recv(timeout=30) == "slept 0"
        assert time.monotonic() - started < 8  # answered while the first invocation still ran
        time.sleep(max(0.0, started + 9 - time.monotonic()))  # its function has answered by now
        ws.send('{"action": "slow-proxy", "seconds": 0}')
        assert ws.recv(timeout=30) == "slept 0"  # the next frame: the late answer went nowhere
    lines = [
        line
        for line in localstack.log().splitlines()
        if "MESSAGE api=" in line and f"connection={connection_id} " in line
    ]
    assert len(lines) == 5, lines  # one per message, the timed-out one included
    assert sum("IntegrationTimeout" in line for line in lines) == 1


def test_connect_timeout_of_a_lambda_proxy_fails_the_handshake_with_504(localstack, aws):
    lambda_client, v2 = aws("lambda"), aws("apigatewayv2")
    sleeper = create_function(lambda_client, "python/ws_sleep", "python3.12", "index.handler", Timeout=10)
    sleeper_arn = lambda_client.get_function(FunctionName=sleeper)["Configuration"]["FunctionArn"]
    api_id = new_api(v2, "connect-lambda-timeout")
    add_route(
        v2,
        api_id,
        "$connect",
        {"IntegrationType": "AWS_PROXY", "IntegrationUri": sleeper_arn, "TimeoutInMillis": 1000},
        two_way=False,
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    url = f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev"
    with connect(url + "?sleep=0", open_timeout=20):
        pass  # in time (and the function is warm)
    with pytest.raises(InvalidStatus) as error:
        with connect(url + "?sleep=2", open_timeout=20):
            pass
    assert error.value.response.status_code == 504
    assert json.loads(error.value.response.body) == {"message": "Endpoint request timed out"}


def test_connect_timeout_fails_the_handshake_with_504(localstack, backend):
    v2 = localstack.client("apigatewayv2")
    api_id = new_api(v2, "connect-timeout")
    add_route(
        v2,
        api_id,
        "$connect",
        {
            "IntegrationType": "HTTP_PROXY",
            "IntegrationMethod": "POST",
            "IntegrationUri": backend.url + "/sleep/1.5",
            "TimeoutInMillis": 300,
        },
        two_way=False,
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    url = f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev"
    with pytest.raises(InvalidStatus) as error:
        with connect(url, open_timeout=20):
            pass
    assert error.value.response.status_code == 504
    assert json.loads(error.value.response.body) == {"message": "Endpoint request timed out"}
