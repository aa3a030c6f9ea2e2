"""Python functions through LocalStack's Lambda API, run by the Docker-less executor."""

import json
import re
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import psutil
import pytest

from localstack_ws_ext.lambda_runtime.interpreters import InterpreterNotFound, find_interpreter
from tests.lambdas import assert_aws_context, assert_max_memory_used_is_the_peak, create_function, invoke

PYTHON_RUNTIMES = ["python3.9", "python3.10", "python3.11", "python3.12", "python3.13"]


@pytest.fixture(scope="module")
def lambda_client(aws):
    return aws("lambda")


@pytest.fixture(scope="module")
def echo(lambda_client):
    return create_function(
        lambda_client,
        "python/echo",
        "python3.12",
        "index.handler",
        Environment={"Variables": {"MY_VAR": "hello"}},
    )


def test_return_value_context_and_environment(lambda_client, echo, localstack):
    response = lambda_client.invoke(FunctionName=echo, Payload=b'{"a": [1, "x"]}')
    result = json.loads(response["Payload"].read())
    request_id = response["ResponseMetadata"]["RequestId"]

    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    assert result["event"] == {"a": [1, "x"]}
    assert_aws_context(result["context"], echo, request_id)
    assert result["env"] == {
        "MY_VAR": "hello",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": localstack.endpoint,
        "AWS_LAMBDA_FUNCTION_NAME": echo,
        "LAMBDA_TASK_ROOT": result["env"]["LAMBDA_TASK_ROOT"],
        "_X_AMZN_TRACE_ID": True,
    }
    assert result["internal_variables"] == []
    # LocalStack's hostnames resolve to LocalStack inside the function, with or without DNS on the host
    assert result["execute_api_host_resolves_to"] == "127.0.0.1"
    assert result["python"] == "3.12"
    assert result["cwd_is_task_root"] is True
    # the SDK is there, LocalStack's own venv is not
    assert result["boto3"] is True
    assert result["localstack_importable"] is False


def test_tail_logs_are_framed_like_aws(lambda_client, echo):
    first = invoke(lambda_client, echo, {"n": 1})
    second = invoke(lambda_client, echo, {"n": 2})
    request_id = second.payload["context"]["aws_request_id"]

    lines = second.logs.splitlines()
    assert lines[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert lines[1] == "event: {'n': 2}"
    assert re.fullmatch(
        rf"\[WARNING\]\t\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z\t{request_id}\ta warning", lines[2]
    )
    assert lines[3] == f"END RequestId: {request_id}"
    assert re.fullmatch(
        rf"REPORT RequestId: {request_id}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\t"
        r"Memory Size: 128 MB\tMax Memory Used: \d+ MB\t",
        lines[4],
    )
    assert len(lines) == 5
    # module-level output of the cold start belongs to the first invocation only
    assert "init output" not in second.logs
    assert first.logs.startswith("init output\n") or "init output" not in first.logs


def test_max_memory_used_is_the_processs_peak(lambda_client):
    name = create_function(lambda_client, "python/sleep", "python3.12", "index.handler", MemorySize=512)
    assert_max_memory_used_is_the_peak(lambda_client, name, {"seconds": 0})


def test_logs_reach_cloudwatch(aws, lambda_client, echo):
    marker = uuid.uuid4().hex
    invoke(lambda_client, echo, {"marker": marker})
    logs = aws("logs")
    events = []
    deadline = (
        time.monotonic() + 30
    )  # shipped asynchronously, in 1 s batches, by a thread a busy CI may starve
    while time.monotonic() < deadline:
        try:
            events = logs.filter_log_events(logGroupName=f"/aws/lambda/{echo}", filterPattern=marker)[
                "events"
            ]
        except logs.exceptions.ResourceNotFoundException:
            events = []
        if any(marker in event["message"] for event in events):
            break
        time.sleep(0.2)
    assert any(marker in event["message"] for event in events), (
        f"{len(events)} events, the last: {[event['message'] for event in events[-3:]]}"
    )


@pytest.mark.parametrize("runtime", PYTHON_RUNTIMES)
def test_every_python_runtime_runs_on_its_own_interpreter(lambda_client, runtime):
    try:
        find_interpreter(runtime)
    except InterpreterNotFound as e:
        pytest.skip(str(e))
    name = create_function(lambda_client, "python/echo", runtime, "index.handler")
    result = invoke(lambda_client, name, {"runtime": runtime})
    assert result.function_error is None, result.payload
    assert result.payload["python"] == runtime.removeprefix("python")
    assert result.payload["boto3"] is True
    assert result.payload["localstack_importable"] is False


@pytest.mark.parametrize("handler", ["pkg/sub/mod.main", "pkg.sub.mod.main"])
def test_nested_module_handler(lambda_client, handler):
    name = create_function(lambda_client, "python/nested", "python3.12", handler)
    result = invoke(lambda_client, name)
    assert result.payload == {"nested": True, "module": "pkg.sub.mod"}


def test_sdk_call_from_the_function_reaches_localstack(aws, lambda_client):
    # DynamoDB in LocalStack community needs Java and DynamoDB Local downloaded at runtime: SQS needs nothing
    sqs = aws("sqs")
    queue_url = sqs.create_queue(QueueName=f"from-lambda-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    name = create_function(lambda_client, "python/sqs", "python3.12", "index.handler")

    result = invoke(lambda_client, name, {"queue_url": queue_url, "body": "from-python"})

    assert result.function_error is None, result.payload
    assert result.payload["queue_arn"].endswith(queue_url.rsplit("/", 1)[1])
    messages = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=5)["Messages"]
    assert [(m["MessageId"], m["Body"]) for m in messages] == [(result.payload["message_id"], "from-python")]


def test_unhandled_exception_returns_aws_error_payload(lambda_client):
    name = create_function(lambda_client, "python/error", "python3.12", "index.handler")
    response = lambda_client.invoke(FunctionName=name, Payload=b'{"n": 7}', LogType="Tail")
    payload = json.loads(response["Payload"].read())

    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    assert list(payload) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert payload["errorMessage"] == "boom 7"
    assert payload["errorType"] == "ValueError"
    assert payload["requestId"] == response["ResponseMetadata"]["RequestId"]
    assert len(payload["stackTrace"]) == 2
    assert re.fullmatch(
        r'  File "/.+/index\.py", line 6, in handler\n    fail\(event\["n"\]\)\n', payload["stackTrace"][0]
    )
    assert re.fullmatch(
        r'  File "/.+/index\.py", line 2, in fail\n    raise ValueError\("boom %s" % n\)\n',
        payload["stackTrace"][1],
    )


def test_timeout_is_enforced_and_the_process_replaced(lambda_client):
    name = create_function(lambda_client, "python/sleep", "python3.12", "index.handler", Timeout=1)
    warm = invoke(lambda_client, name, {"seconds": 0})
    started = time.monotonic()

    timed_out = invoke(lambda_client, name, {"seconds": 30})

    elapsed = time.monotonic() - started
    assert elapsed < 5
    request_id = re.search(r"START RequestId: (\S+)", timed_out.logs).group(1)
    assert timed_out.function_error == "Unhandled"
    assert timed_out.payload == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": f"RequestId: {request_id} Error: Task timed out after 1.00 seconds",
    }
    assert re.search(rf"Z {request_id} Task timed out after 1\.00 seconds\n", timed_out.logs)
    assert "\tStatus: timeout" in timed_out.logs
    # the next invocation gets a fresh process (a cold start, as on AWS)
    after = invoke(lambda_client, name, {"seconds": 0})
    assert after.function_error is None
    assert after.payload["pid"] != warm.payload["pid"]
    assert "Init Duration:" in after.logs
    assert not psutil.pid_exists(warm.payload["pid"])


def test_init_error_import_module(lambda_client):
    name = create_function(lambda_client, "python/import_error", "python3.12", "index.handler")
    result = invoke(lambda_client, name)
    assert result.function_error == "Unhandled"
    assert result.payload == {
        "errorMessage": "Unable to import module 'index': No module named 'this_module_does_not_exist'",
        "errorType": "Runtime.ImportModuleError",
        "requestId": "",
        "stackTrace": [],
    }


def test_handler_not_found(lambda_client):
    name = create_function(lambda_client, "python/echo", "python3.12", "index.missing")
    result = invoke(lambda_client, name)
    assert result.function_error == "Unhandled"
    assert result.payload == {
        "errorMessage": "Handler 'missing' missing on module 'index'",
        "errorType": "Runtime.HandlerNotFound",
        "requestId": "",
        "stackTrace": [],
    }


def test_process_exit_during_invoke(lambda_client):
    name = create_function(lambda_client, "python/exit", "python3.12", "index.handler")
    result = invoke(lambda_client, name)
    request_id = re.search(r"START RequestId: (\S+)", result.logs).group(1)
    assert result.function_error == "Unhandled"
    assert result.payload == {
        "errorType": "Runtime.ExitError",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status 3",
    }
    assert "exiting" in result.logs


def test_concurrent_invocations_get_their_own_environments(lambda_client):
    name = create_function(lambda_client, "python/sleep", "python3.12", "index.handler")
    results = []

    def call():
        results.append(invoke(lambda_client, name, {"seconds": 1}))

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [r.payload["slept"] for r in results] == [1, 1, 1]
    assert len({r.payload["pid"] for r in results}) == 3


def test_every_invocation_counts_in_metrics_and_logs(aws, lambda_client):
    """Invocation metrics and logs are batched (lambda_runtime/shared_threads.py): none may be lost or merged."""
    ok = create_function(lambda_client, "python/echo", "python3.12", "index.handler")
    failing = create_function(lambda_client, "python/error", "python3.12", "index.handler")

    def invoke_many(name: str, count: int):
        threads = [
            threading.Thread(
                target=lambda_client.invoke, kwargs={"FunctionName": name, "Payload": b'{"n": 1}'}
            )
            for _ in range(count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

    invoke_many(ok, 40)
    invoke_many(failing, 3)

    cloudwatch, logs = aws("cloudwatch"), aws("logs")
    now = datetime.now(UTC)

    def statistics(name: str, metric: str) -> dict:
        datapoints = cloudwatch.get_metric_statistics(
            Namespace="AWS/Lambda",
            MetricName=metric,
            Dimensions=[{"Name": "FunctionName", "Value": name}],
            StartTime=now - timedelta(hours=1),
            EndTime=now + timedelta(hours=1),
            Period=7200,
            Statistics=["Sum", "SampleCount"],
        )["Datapoints"]
        # (LocalStack may answer a data point without statistics before the data arrived)
        points = [point for point in datapoints if "Sum" in point]
        return {key: points[0][key] for key in ("Sum", "SampleCount")} if points else {}

    def starts(name: str) -> int:
        try:
            events = logs.filter_log_events(logGroupName=f"/aws/lambda/{name}", filterPattern="START")[
                "events"
            ]
        except logs.exceptions.ResourceNotFoundException:
            return 0
        return sum(event["message"].startswith("START RequestId:") for event in events)

    expected = {
        (ok, "Invocations"): {"Sum": 40.0, "SampleCount": 40.0},
        (failing, "Invocations"): {"Sum": 3.0, "SampleCount": 3.0},
        (failing, "Errors"): {"Sum": 3.0, "SampleCount": 3.0},
    }
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        seen = {key: statistics(*key) for key in expected}
        log_starts = (starts(ok), starts(failing))
        if seen == expected and log_starts == (40, 3):
            break
        time.sleep(0.3)
    assert seen == expected
    assert log_starts == (40, 3)
    assert statistics(ok, "Errors") == {}
