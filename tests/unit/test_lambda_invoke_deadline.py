"""An invocation on the calling thread with its integration's deadline answered from another one
(shim/lambda_invoke.py, ``on_timeout``)."""

import threading
import time

import pytest

from localstack_ws_ext.shim.lambda_invoke import (
    InvocationAbandoned,
    InvocationTimedOut,
    LambdaResult,
    _invoke_with_deadline,
)

RESULT = LambdaResult(b"{}", None)


def slow(seconds: float, result=RESULT, error: Exception | None = None):
    def invoke():
        time.sleep(seconds)
        if error is not None:
            raise error
        return result

    return invoke


def test_an_answer_in_time_is_the_result_and_the_deadline_never_fires():
    answered = []
    assert _invoke_with_deadline(slow(0.01), 0.3, answered.append) is RESULT
    time.sleep(0.5)
    assert answered == []


def test_an_error_in_time_is_raised_as_it_is():
    with pytest.raises(ValueError, match="boom"):
        _invoke_with_deadline(slow(0.01, error=ValueError("boom")), 0.3, lambda error: None)


def test_a_late_answer_is_answered_once_by_the_deadline_on_another_thread_and_then_abandoned():
    answered = []
    caller = threading.current_thread()

    def on_timeout(error):
        answered.append((type(error), str(error), threading.current_thread() is caller, time.monotonic()))

    started = time.monotonic()
    with pytest.raises(InvocationAbandoned):
        _invoke_with_deadline(slow(0.6), 0.2, on_timeout)
    ended = time.monotonic()
    assert len(answered) == 1
    error_type, message, on_caller, at = answered[0]
    assert (error_type, message, on_caller) == (InvocationTimedOut, "no answer within 0.2 s", False)
    assert started + 0.2 <= at < ended  # at the deadline, while the function still ran


def test_a_late_error_is_abandoned_too():
    answered = []
    with pytest.raises(InvocationAbandoned):
        _invoke_with_deadline(slow(0.5, error=ValueError("late")), 0.1, answered.append)
    assert len(answered) == 1


def test_the_invoking_thread_waits_until_the_deadline_is_answered():
    steps = []

    def on_timeout(error):
        steps.append("answering")
        time.sleep(0.4)  # the function ends meanwhile
        steps.append("answered")

    with pytest.raises(InvocationAbandoned):
        _invoke_with_deadline(slow(0.25), 0.1, on_timeout)
    steps.append("abandoned")
    assert steps == ["answering", "answered", "abandoned"]
