"""Timers sharing one thread (localstack_ws_ext/timers.py): ``threading.Timer``'s behaviour without a thread per
timer."""

import threading
import time

from localstack_ws_ext import timers as shared_timers
from localstack_ws_ext.timers import SharedTimer


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
    assert len(shared_timers._scheduler._due) < 1100


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


def test_an_earlier_timer_started_after_a_later_one_fires_first_and_on_time():
    fired = []
    done = threading.Event()
    SharedTimer(30, lambda: fired.append("later")).start()
    started = time.monotonic()
    SharedTimer(0.1, lambda: (fired.append("earlier"), done.set())).start()
    assert done.wait(5)
    assert fired == ["earlier"]
    assert time.monotonic() - started < 5  # woken for it, not at the later timer's deadline
