"""The shared timer, batching and grouping that replace the Lambda service's per-invocation threads and sends
(patches/lambda_shared_threads.py), and what the patch relies on upstream."""

import inspect
import queue
import re
import threading
import time
from datetime import UTC, datetime

import pytest
from localstack.services.lambda_.invocation.logs import QUEUE_SHUTDOWN, LogItem

from localstack_ws_ext import patches
from localstack_ws_ext.patches import lambda_shared_threads as shared_threads
from localstack_ws_ext.patches.lambda_shared_threads import (
    collect_batch,
    log_events,
    metric_data,
)
from localstack_ws_ext.timers import SharedTimer


def test_batch_takes_what_arrives_within_the_window(monkeypatch):
    monkeypatch.setattr(shared_threads, "BATCH_WINDOW_SECONDS", 0.2)
    source = queue.SimpleQueue()
    for item in range(5):
        source.put(item)
    threading.Timer(0.05, source.put, args=[5]).start()
    assert collect_batch(source, limit=100) == [0, 1, 2, 3, 4, 5]


def test_batch_stops_at_its_limit_and_at_the_shutdown_item(monkeypatch):
    monkeypatch.setattr(shared_threads, "BATCH_WINDOW_SECONDS", 0.05)
    source = queue.SimpleQueue()
    for item in range(10):
        source.put(item)
    assert collect_batch(source, limit=4) == [0, 1, 2, 3]
    source.put(QUEUE_SHUTDOWN)
    source.put("after")
    assert collect_batch(source, limit=100, stop_at=QUEUE_SHUTDOWN) == [4, 5, 6, 7, 8, 9, QUEUE_SHUTDOWN]


def test_batch_window_ends_at_once_when_the_handler_stops(monkeypatch):
    monkeypatch.setattr(shared_threads, "BATCH_WINDOW_SECONDS", 30)
    source, stopped = queue.SimpleQueue(), threading.Event()
    source.put("first")
    threading.Timer(0.1, lambda: (stopped.set(), source.put(QUEUE_SHUTDOWN))).start()
    started = time.monotonic()
    assert collect_batch(source, limit=100, stop_at=QUEUE_SHUTDOWN, stopped=stopped) == [
        "first",
        QUEUE_SHUTDOWN,
    ]
    assert time.monotonic() - started < 10  # not the 30 s window


def test_batch_of_the_shutdown_item_alone_does_not_wait(monkeypatch):
    monkeypatch.setattr(shared_threads, "BATCH_WINDOW_SECONDS", 30)
    source = queue.SimpleQueue()
    source.put(QUEUE_SHUTDOWN)
    assert collect_batch(source, limit=100, stop_at=QUEUE_SHUTDOWN) == [QUEUE_SHUTDOWN]


def test_metric_data_keeps_sums_and_sample_counts_of_single_sends():
    now = datetime(2026, 11, 26, tzinfo=UTC)
    batch = [
        ("111111111111", "us-east-1", "fn", "Invocations"),
        ("111111111111", "us-east-1", "fn", "Invocations"),
        ("111111111111", "us-east-1", "fn", "Errors"),
        ("111111111111", "eu-west-1", "fn", "Invocations"),
        ("222222222222", "us-east-1", "other", "Invocations"),
    ]
    assert metric_data(batch, now) == {
        ("111111111111", "us-east-1"): [
            {
                "MetricName": "Invocations",
                "Dimensions": [{"Name": "FunctionName", "Value": "fn"}],
                "Timestamp": now,
                "Values": [1.0],
                "Counts": [2.0],
            },
            {
                "MetricName": "Errors",
                "Dimensions": [{"Name": "FunctionName", "Value": "fn"}],
                "Timestamp": now,
                "Values": [1.0],
                "Counts": [1.0],
            },
        ],
        ("111111111111", "eu-west-1"): [
            {
                "MetricName": "Invocations",
                "Dimensions": [{"Name": "FunctionName", "Value": "fn"}],
                "Timestamp": now,
                "Values": [1.0],
                "Counts": [1.0],
            }
        ],
        ("222222222222", "us-east-1"): [
            {
                "MetricName": "Invocations",
                "Dimensions": [{"Name": "FunctionName", "Value": "other"}],
                "Timestamp": now,
                "Values": [1.0],
                "Counts": [1.0],
            }
        ],
    }


def test_log_events_per_stream_in_order_without_empty_lines():
    items = [
        LogItem("/aws/lambda/a", "s1", "START 1\nhello\n\nEND 1\n"),
        LogItem("/aws/lambda/b", "s9", "START 9\n"),
        LogItem("/aws/lambda/a", "s1", "START 2\nEND 2"),
    ]
    assert log_events(items, 1700000000000) == {
        ("/aws/lambda/a", "s1"): [
            {"timestamp": 1700000000000, "message": "START 1\n"},
            {"timestamp": 1700000000000, "message": "hello\n"},
            {"timestamp": 1700000000000, "message": "END 1\n"},
            {"timestamp": 1700000000000, "message": "START 2\n"},
            {"timestamp": 1700000000000, "message": "END 2\n"},
        ],
        ("/aws/lambda/b", "s9"): [{"timestamp": 1700000000000, "message": "START 9\n"}],
    }


# --- the patch, and what it relies on upstream ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def lambda_modules():
    shared_threads.install()
    from localstack.services.lambda_.invocation import execution_environment, logs, version_manager

    return execution_environment, version_manager, logs


def test_the_lambda_service_is_patched_once(lambda_modules):
    execution_environment, version_manager, logs = lambda_modules
    start_thread, run_log_loop = version_manager.start_thread, logs.LogHandler.run_log_loop
    assert execution_environment.Timer is SharedTimer
    assert (start_thread._ws_ext_patched, run_log_loop._ws_ext_patched) == (True, True)
    assert version_manager.record_cw_metric_invocation is shared_threads.record_invocation
    assert version_manager.record_cw_metric_error is shared_threads.record_error
    shared_threads.install()
    assert (version_manager.start_thread, logs.LogHandler.run_log_loop) == (start_thread, run_log_loop)


def test_the_switch_leaves_the_lambda_service_alone(environment):
    environment(WS_LAMBDA_SHARED_THREADS="0")
    assert "lambda_shared_threads" not in patches.install_all()
    environment(WS_LAMBDA_SHARED_THREADS="1")
    assert "lambda_shared_threads" in patches.install_all()


def test_the_environments_use_only_what_shared_timer_has(lambda_modules):
    import threading as threading_module

    execution_environment = lambda_modules[0]
    source = inspect.getsource(execution_environment)
    assert re.search(
        r"^from threading import .*\bTimer\b", source, re.M
    )  # a module global the patch replaces
    assert threading_module.Timer is not SharedTimer
    timer_methods = set(re.findall(r"_timer\.(\w+)\(", source))
    assert timer_methods and timer_methods <= {"start", "cancel", "is_alive"}
    assert re.findall(r"\bTimer\((?:[^()]|\([^()]*\))*\)", source)  # Timer(interval, function) calls
    assert not re.search(r"\bTimer\([^)]*(?:args|kwargs)=", source)


def test_the_metric_threads_are_what_the_patch_runs_in_place(lambda_modules):
    from localstack.services.lambda_.invocation import metrics
    from localstack.utils import threads

    version_manager = lambda_modules[1]
    source = inspect.getsource(version_manager)
    # two metric threads per module, each a bare start_thread(lambda ..., name="record-cloudwatch-metric...")
    # whose thread is not kept (the patch runs them in place and returns None)
    calls = re.findall(r"\n(\s*)start_thread\(\s*lambda \*args, \*\*kwargs: (record_cw_metric_\w+)\(", source)
    assert sorted(name for _, name in calls) == ["record_cw_metric_error", "record_cw_metric_invocation"]
    assert source.count(f'name=f"{shared_threads.METRIC_THREAD_PREFIX}') == 2
    assert {"method", "params", "name"} <= set(inspect.signature(threads.start_thread).parameters)
    for name in ("record_cw_metric_invocation", "record_cw_metric_error"):
        upstream = inspect.signature(getattr(metrics, name))
        ours = inspect.signature(getattr(version_manager, name))
        assert (
            list(upstream.parameters)
            == list(ours.parameters)
            == ["function_name", "account_id", "region_name"]
        )
    # the data points the batcher sends in their place: the same metrics, namespace and dimension
    from localstack.utils.cloudwatch import cloudwatch_util

    assert re.findall(r'"(\w+)",\s*1,', inspect.getsource(metrics.record_cw_metric_invocation)) == [
        "Invocations"
    ]
    assert re.findall(r'"(\w+)",\s*1,', inspect.getsource(metrics.record_cw_metric_error)) == [
        "Invocations",
        "Errors",
    ]
    assert 'Namespace="AWS/Lambda"' in inspect.getsource(cloudwatch_util.publish_lambda_metric)
    assert cloudwatch_util.dimension_lambda({"func_name": "fn"}) == [{"Name": "FunctionName", "Value": "fn"}]


def test_the_batched_log_loop_sends_each_stream_once(lambda_modules, monkeypatch):
    logs = lambda_modules[2]
    calls = []

    def call(self, operation, **parameters):
        calls.append((self.account_id, self.region, operation, parameters))

    monkeypatch.setattr(shared_threads.InProcessLogs, "call", call)
    handler = logs.LogHandler("arn:aws:iam::111111111111:role/r", "eu-west-1")
    # the attributes the batched loop reads
    assert {"log_queue", "_shutdown_event", "region", "role_arn"} <= set(vars(handler))
    assert list(inspect.signature(logs.LogHandler.run_log_loop.__wrapped__).parameters) == [
        "self",
        "args",
        "kwargs",
    ]
    assert "FuncThread(self.run_log_loop" in inspect.getsource(logs.LogHandler.start_subscriber)
    for item in (
        LogItem("/aws/lambda/a", "s", "one\n"),
        LogItem("/aws/lambda/a", "s", "two"),
        QUEUE_SHUTDOWN,
    ):
        handler.log_queue.put(item)
    handler.run_log_loop()
    # in the account of the function's role, as the assumed-role client of LocalStack's handler sends them
    assert [(account, region, operation) for account, region, operation, _ in calls] == [
        ("111111111111", "eu-west-1", "PutLogEvents")
    ]
    parameters = calls[0][3]
    assert (parameters["logGroupName"], parameters["logStreamName"]) == ("/aws/lambda/a", "s")
    assert [event["message"] for event in parameters["logEvents"]] == ["one\n", "two\n"]


def test_a_missing_group_and_stream_are_created_before_the_events_are_sent_again(monkeypatch):
    from localstack.aws.api import CommonServiceException

    calls = []
    existing = {"groups": {"/aws/lambda/a"}, "streams": set()}

    def call(self, operation, **parameters):
        calls.append(operation)
        if operation == "PutLogEvents" and parameters["logStreamName"] not in existing["streams"]:
            raise CommonServiceException(
                "ResourceNotFoundException", "The specified log stream does not exist."
            )
        if operation == "CreateLogGroup" and parameters["logGroupName"] in existing["groups"]:
            raise CommonServiceException(
                "ResourceAlreadyExistsException", "The specified log group already exists"
            )
        if operation == "CreateLogStream":
            existing["streams"].add(parameters["logStreamName"])

    monkeypatch.setattr(shared_threads.InProcessLogs, "call", call)
    logs = shared_threads.InProcessLogs("arn:aws:iam::000000000000:role/r", "us-east-1")
    shared_threads._put_log_events(logs, "/aws/lambda/a", "s", [{"timestamp": 1, "message": "m\n"}])
    assert calls == ["PutLogEvents", "CreateLogGroup", "CreateLogStream", "PutLogEvents"]


def test_what_the_in_process_logs_rely_on_is_still_upstream():
    from localstack.aws.forwarder import create_aws_request_context
    from localstack.services.logs.provider import LogsProvider
    from localstack.services.plugins import Service

    assert list(inspect.signature(create_aws_request_context).parameters)[:5] == [
        "service_name",
        "action",
        "protocol",
        "parameters",
        "region",
    ]
    assert "skeleton" in inspect.signature(Service.__init__).parameters
    # the provider stores through moto with the request the context carries, in the account moto is told
    assert "call_moto(context)" in inspect.getsource(LogsProvider.put_log_events)
