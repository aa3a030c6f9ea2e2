"""The extension's lifecycle in a real LocalStack: activation rule, health, clean shutdown."""

import threading
import time

import psutil
import pytest
from botocore.exceptions import ClientError

from localstack_ws_ext.extension import DISABLED_MESSAGE
from tests.harness import running_localstack
from tests.lambdas import create_function, invoke


def runtime_processes(localstack) -> list[psutil.Process]:
    children = psutil.Process(localstack.process.pid).children(recursive=True)
    return [p for p in children if any("bootstrap" in part for part in p.cmdline())]


def invoke_until_localstack_stops(lambda_client, name, event):
    """An invocation left in flight on purpose: its connection breaks when LocalStack goes away."""
    try:
        invoke(lambda_client, name, event)
    except Exception:
        pass


def test_extension_and_executor_are_announced(localstack):
    log = localstack.log()
    assert "localstack-ws-ext 0.1.0: WebSocket APIs enabled (API Gateway engine: next_gen)" in log
    assert "Lambda runtime executor 'local' (Docker-less); runtimes: " in log
    assert log.count("WebSocket APIs enabled") == 1


def test_health_lists_apigatewayv2(localstack):
    assert localstack.health()["services"]["apigatewayv2"] in ("available", "running")


@pytest.fixture(scope="module")
def legacy_localstack():
    """A second LocalStack: legacy API Gateway engine, and an interpreter override that points nowhere."""
    with running_localstack(
        PROVIDER_OVERRIDE_APIGATEWAY="legacy", LAMBDA_LOCAL_RUNTIME_NODEJS18_X="/nonexistent/node"
    ) as localstack:
        yield localstack


def test_legacy_engine_gives_a_clear_message_and_error_never_a_traceback(legacy_localstack):
    client = legacy_localstack.client("apigatewayv2")
    with pytest.raises(ClientError) as error:
        client.create_api(
            Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
        )
    with pytest.raises(ClientError) as list_error:
        client.get_apis()
    log = legacy_localstack.log()

    assert error.value.response["Error"] == {"Code": "NotImplemented", "Message": DISABLED_MESSAGE}
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert list_error.value.response["Error"]["Code"] == "NotImplemented"
    assert log.count("PROVIDER_OVERRIDE_APIGATEWAY=legacy is set") == 1
    assert "WebSocket APIs enabled" not in log
    assert "Traceback" not in log


def test_missing_interpreter_fails_the_function_with_a_clear_reason(legacy_localstack):
    lambda_client = legacy_localstack.client("lambda")
    name = create_function(lambda_client, "nodejs/echo_cjs", "nodejs18.x", "index.handler", wait=False)
    deadline = time.monotonic() + 30
    while (config := lambda_client.get_function_configuration(FunctionName=name))["State"] == "Pending":
        assert time.monotonic() < deadline
        time.sleep(0.2)

    assert config["State"] == "Failed"
    assert config["StateReasonCode"] == "InternalError"
    assert config["StateReason"] == (
        "Error while creating lambda: LAMBDA_LOCAL_RUNTIME_NODEJS18_X=/nonexistent/node does not run; "
        "point it at a working interpreter for runtime nodejs18.x."
    )
    with pytest.raises(ClientError) as error:
        lambda_client.invoke(FunctionName=name, Payload=b"{}")
    assert error.value.response["Error"]["Code"] == "ResourceConflictException"
    assert "Failed" in error.value.response["Error"]["Message"]
    assert "Traceback" not in legacy_localstack.log()


def test_shutdown_leaves_no_runtime_process_and_is_quick():
    with running_localstack() as localstack:
        lambda_client = localstack.client("lambda")
        name = create_function(lambda_client, "python/sleep", "python3.12", "index.handler", Timeout=60)
        warm = invoke(lambda_client, name, {"seconds": 0})
        assert warm.function_error is None
        # two environments stay busy in invocations while LocalStack stops
        for _ in range(2):
            threading.Thread(
                target=invoke_until_localstack_stops, args=(lambda_client, name, {"seconds": 50}), daemon=True
            ).start()
        deadline = time.monotonic() + 30
        while len(runtime_processes(localstack)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        processes = runtime_processes(localstack)
        assert len(processes) == 2
        assert warm.payload["pid"] in [p.pid for p in processes]

        exit_seconds = localstack.stop()

        assert localstack.process.returncode is not None
        assert exit_seconds < 10, f"LocalStack took {exit_seconds:.1f}s to exit"
        time.sleep(0.5)
        assert [p.pid for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE] == []


def test_function_processes_end_when_localstack_is_killed():
    with running_localstack() as localstack:
        lambda_client = localstack.client("lambda")
        python = create_function(lambda_client, "python/sleep", "python3.12", "index.handler", Timeout=60)
        node = create_function(lambda_client, "nodejs/sleep", "nodejs20.x", "index.handler", Timeout=60)
        assert invoke(lambda_client, python, {"seconds": 0}).function_error is None
        assert invoke(lambda_client, node, {"ms": 0}).function_error is None
        # the Python one busy in an invocation, the Node.js one idle
        threading.Thread(
            target=invoke_until_localstack_stops, args=(lambda_client, python, {"seconds": 50}), daemon=True
        ).start()
        time.sleep(1)
        processes = runtime_processes(localstack)
        assert sorted(p.name() for p in processes) == ["node", "python3.12"]

        localstack.process.kill()  # no shutdown hooks run: the processes notice the closed pipe themselves
        localstack.process.wait()

        gone, alive = psutil.wait_procs(processes, timeout=5)
        assert alive == []
