"""Node.js functions through LocalStack's Lambda API, run by the Docker-less executor."""

import json
import re
import threading
import time
import uuid

import psutil
import pytest

from tests.lambdas import assert_aws_context, assert_max_memory_used_is_the_peak, create_function, invoke

NODE_RUNTIMES = ["nodejs18.x", "nodejs20.x", "nodejs22.x"]
RUNTIME = "nodejs20.x"  # the one the single-runtime tests use


@pytest.fixture(scope="module")
def lambda_client(aws, node_runtimes):
    if RUNTIME not in node_runtimes:
        pytest.skip(f"no Node.js interpreter for {RUNTIME}")
    return aws("lambda")


def require(runtime, node_runtimes):
    if runtime not in node_runtimes:
        pytest.skip(f"no Node.js interpreter for {runtime} on this machine, nor from npm")


@pytest.mark.parametrize("runtime", NODE_RUNTIMES)
@pytest.mark.parametrize("fixture", ["nodejs/echo_cjs", "nodejs/echo_esm"])
def test_return_value_context_and_environment(lambda_client, localstack, node_runtimes, fixture, runtime):
    require(runtime, node_runtimes)
    name = create_function(
        lambda_client, fixture, runtime, "index.handler", Environment={"Variables": {"MY_VAR": "hello"}}
    )
    response = lambda_client.invoke(FunctionName=name, Payload=b'{"a": [1, "x"]}', LogType="Tail")
    result = json.loads(response["Payload"].read())
    request_id = response["ResponseMetadata"]["RequestId"]

    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    assert result["event"] == {"a": [1, "x"]}
    assert_aws_context(result["context"], name, request_id)
    assert result["env"] == {
        "MY_VAR": "hello",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": localstack.endpoint,
        "LOCALSTACK_RUNTIME_FDS": None,
    }
    assert result["node"] == runtime.removeprefix("nodejs").removesuffix(".x")


def test_console_logs_are_framed_like_aws(lambda_client):
    name = create_function(lambda_client, "nodejs/echo_cjs", RUNTIME, "index.handler")
    invoke(lambda_client, name, {"n": 1})
    second = invoke(lambda_client, name, {"n": 2})
    request_id = second.payload["context"]["aws_request_id"]

    lines = second.logs.splitlines()
    assert lines[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert re.fullmatch(
        rf"\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z\t{request_id}\tINFO\tevent: {{\"n\":2}}", lines[1]
    )
    assert lines[2] == f"END RequestId: {request_id}"
    assert lines[3].startswith(f"REPORT RequestId: {request_id}\tDuration: ")
    assert len(lines) == 4


def test_max_memory_used_is_the_processs_peak(lambda_client):
    name = create_function(lambda_client, "nodejs/sleep", RUNTIME, "index.handler", MemorySize=512)
    assert_max_memory_used_is_the_peak(lambda_client, name, {"ms": 0})


def test_callback_handler(lambda_client):
    name = create_function(lambda_client, "nodejs/callback", RUNTIME, "index.handler")
    assert invoke(lambda_client, name, {"n": 5}).payload == {"ok": True, "n": 5}


def test_nested_module_and_export_path(lambda_client):
    name = create_function(lambda_client, "nodejs/nested", RUNTIME, "src/lib/app.handlers.main")
    assert invoke(lambda_client, name).payload == {"nested": True}


@pytest.mark.parametrize("runtime", NODE_RUNTIMES)
@pytest.mark.parametrize("fixture", ["nodejs/sdk_esm", "nodejs/sdk_cjs"])
def test_sdk_v3_call_from_the_function_reaches_localstack(
    aws, lambda_client, node_runtimes, fixture, runtime
):
    require(runtime, node_runtimes)
    sqs = aws("sqs")
    queue_url = sqs.create_queue(QueueName=f"from-node-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    name = create_function(lambda_client, fixture, runtime, "index.handler")

    result = invoke(lambda_client, name, {"queue_url": queue_url, "body": fixture})

    assert result.function_error is None, result.payload
    assert result.payload["queue_arn"].endswith(queue_url.rsplit("/", 1)[1])
    assert result.payload["clients"] == ["DynamoDBDocumentClient", "ApiGatewayManagementApiClient"]
    messages = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=5)["Messages"]
    assert [(m["MessageId"], m["Body"]) for m in messages] == [(result.payload["message_id"], fixture)]


def test_unhandled_error_returns_aws_error_payload(lambda_client):
    name = create_function(lambda_client, "nodejs/error", RUNTIME, "index.handler")
    result = invoke(lambda_client, name, {"n": 7})

    assert result.status == 200
    assert result.function_error == "Unhandled"
    assert list(result.payload) == ["errorType", "errorMessage", "trace"]
    assert result.payload["errorType"] == "TypeError"
    assert result.payload["errorMessage"] == "boom 7"
    assert result.payload["trace"][0] == "TypeError: boom 7"
    assert re.fullmatch(r"    at .+/index\.js:3:9\)?", result.payload["trace"][1])
    assert "\tERROR\tInvoke Error \t" in result.logs


def test_timeout_is_enforced_and_the_process_replaced(lambda_client):
    name = create_function(lambda_client, "nodejs/sleep", RUNTIME, "index.handler", Timeout=1)
    warm = invoke(lambda_client, name, {"ms": 0})
    started = time.monotonic()

    timed_out = invoke(lambda_client, name, {"ms": 30000})

    assert time.monotonic() - started < 5
    request_id = re.search(r"START RequestId: (\S+)", timed_out.logs).group(1)
    assert timed_out.function_error == "Unhandled"
    assert timed_out.payload == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": f"RequestId: {request_id} Error: Task timed out after 1.00 seconds",
    }
    after = invoke(lambda_client, name, {"ms": 0})
    assert after.function_error is None
    assert after.payload["pid"] != warm.payload["pid"]
    assert not psutil.pid_exists(warm.payload["pid"])


def test_init_error_import_module(lambda_client):
    name = create_function(lambda_client, "nodejs/import_error", RUNTIME, "index.handler")
    result = invoke(lambda_client, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.ImportModuleError"
    assert result.payload["errorMessage"].startswith(
        "Error: Cannot find module 'this-module-does-not-exist'\nRequire stack:\n- "
    )


def test_handler_not_found(lambda_client):
    name = create_function(lambda_client, "nodejs/echo_cjs", RUNTIME, "index.missing")
    result = invoke(lambda_client, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.HandlerNotFound"
    assert result.payload["errorMessage"] == "index.missing is undefined or not exported"


def test_process_exit_during_invoke(lambda_client):
    name = create_function(lambda_client, "nodejs/exit", RUNTIME, "index.handler")
    result = invoke(lambda_client, name)
    request_id = re.search(r"START RequestId: (\S+)", result.logs).group(1)
    assert result.payload == {
        "errorType": "Runtime.ExitError",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status 3",
    }


def test_concurrent_invocations_get_their_own_environments(lambda_client):
    name = create_function(lambda_client, "nodejs/sleep", RUNTIME, "index.handler")
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(invoke(lambda_client, name, {"ms": 1000})))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [r.payload["slept"] for r in results] == [1000, 1000, 1000]
    assert len({r.payload["pid"] for r in results}) == 3
