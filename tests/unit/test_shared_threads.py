"""The shared timer, batching and grouping that replace the Lambda service's per-invocation threads and sends."""

import queue
import threading
import time
from datetime import UTC, datetime

from localstack.services.lambda_.invocation.logs import QUEUE_SHUTDOWN, LogItem

from localstack_ws_ext.lambda_runtime import shared_threads
from localstack_ws_ext.lambda_runtime.shared_threads import (
    SharedTimer,
    collect_batch,
    log_events,
    metric_data,
)


def test_timer_fires_once_after_its_interval_on_a_thread_of_its_own():
    fired = []
    done = threading.Event()

    def expire(*args, **kwargs):
        fired.append((args, kwargs, threading.current_thread().name, time.monotonic()))
        done.set()

    started = time.monotonic()
    timer = SharedTimer(0.2, expire, args=["env-1"], kwargs={"why": "keepalive"})
    timer.start()
    assert timer.is_alive()
    assert done.wait(5)
    (args, kwargs, thread_name, fired_at) = fired[0]
    assert (args, kwargs, thread_name) == (("env-1",), {"why": "keepalive"}, "lambda-timer")
    assert fired_at - started >= 0.2
    time.sleep(0.1)
    assert len(fired) == 1
    assert not timer.is_alive()


def test_cancelled_timer_never_fires_and_does_not_hold_back_later_timers():
    fired = []
    cancelled = SharedTimer(0.1, lambda: fired.append("cancelled"))
    later = SharedTimer(0.2, lambda: fired.append("later"))
    cancelled.start()
    later.start()
    cancelled.cancel()
    assert not cancelled.is_alive()
    deadline = time.monotonic() + 5
    while not fired and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)
    assert fired == ["later"]


def test_many_cancelled_timers_are_dropped_from_the_schedule():
    timers = [SharedTimer(3600, lambda: None) for _ in range(3000)]
    for timer in timers:
        timer.start()
        timer.cancel()
    assert len(shared_threads._scheduler._due) < 1100


def test_timer_starts_once():
    timer = SharedTimer(3600, lambda: None)
    timer.start()
    timer.cancel()
    try:
        timer.start()
    except RuntimeError as e:
        assert "once" in str(e)
    else:
        raise AssertionError("a second start must fail, as threading.Timer's does")


def test_batch_takes_what_arrives_within_the_window(monkeypatch):
    monkeypatch.setattr(shared_threads, "BATCH_WINDOW_SECONDS", 0.2)
    source = queue.SimpleQueue()
    for item in range(5):
        source.put(item)
    threading.Timer(0.05, source.put, args=[5]).start()
    assert collect_batch(source, limit=100) == [0, 1, 2, 3, 4, 5]


def test_batch_stops_at_its_limit_and_at_the_shutdown_item():
    source = queue.SimpleQueue()
    for item in range(10):
        source.put(item)
    assert collect_batch(source, limit=4) == [0, 1, 2, 3]
    source.put(QUEUE_SHUTDOWN)
    source.put("after")
    assert collect_batch(source, limit=100, stop_at=QUEUE_SHUTDOWN) == [4, 5, 6, 7, 8, 9, QUEUE_SHUTDOWN]


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
