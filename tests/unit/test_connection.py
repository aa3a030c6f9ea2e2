"""
``Connection`` without I/O: a fake driver records what the connection asks of it, a fake executor runs the
handler when the test says so, a fake clock moves only when the test moves it. Limits, timers, backpressure and
the close decisions, deterministic and without sleeping.
"""

from __future__ import annotations

import typing as t

import pytest

from localstack_ws_ext.execute_api.transport import (
    ABNORMAL_CLOSURE_REASON,
    BINARY_REASON,
    FRAME_TOO_BIG_REASON,
    GOING_AWAY_REASON,
    MESSAGE_TOO_BIG_REASON,
    NO_STATUS_REASON,
    ClientBufferFull,
    Connection,
    ConnectionClosed,
    ConnectionLimits,
    ConnectionRegistry,
    ExecutorShutdown,
)
from localstack_ws_ext.execute_api.transport import connection as connection_module
from localstack_ws_ext.execute_api.transport.driver import Driver, DriverEvents
from localstack_ws_ext.execute_api.transport.rolo_driver import RoloDriver


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.epoch = 1_700_000_000.0  # wall clock at monotonic 1000.0

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.epoch + (self.now - 1000.0)


class FakeTimer:
    def __init__(self, delay: float, fn, due: float):
        self.delay, self.fn, self.due = delay, fn, due
        self.cancelled = False
        self.ran = False

    def cancel(self) -> None:
        assert not self.cancelled, "a timer is cancelled at most once"
        self.cancelled = True


class FakeDriver:
    def __init__(self, clock: FakeClock):
        self.clock = clock
        self.calls: list[tuple] = []
        self.timers: list[FakeTimer] = []
        self.queued: list[tuple] | None = None  # a list: calls from "other threads" wait for run_queued()

    def call_from_thread(self, fn, *args):
        if self.queued is None:
            fn(*args)
        else:
            self.queued.append((fn, args))

    def run_queued(self) -> None:
        queued, self.queued = self.queued, None
        for fn, args in queued:
            fn(*args)

    def call_later(self, delay, fn):
        timer = FakeTimer(delay, fn, self.clock.now + delay)
        self.timers.append(timer)
        return timer

    def send(self, data):
        self.calls.append(("send", data))

    def close(self, code, reason):
        self.calls.append(("close", code, reason))

    def abort(self):
        self.calls.append(("abort",))

    def pause_reading(self):
        self.calls.append(("pause",))

    def resume_reading(self):
        self.calls.append(("resume",))

    def pending_timer(self) -> FakeTimer:
        (timer,) = [t for t in self.timers if not t.cancelled and not t.ran]
        return timer

    def fire(self) -> None:
        """Run the pending timer now, due or not (as a late reactor would)."""
        timer = self.pending_timer()
        timer.ran = True
        timer.fn()

    def fire_due(self) -> None:
        """Run the pending timer if the clock reached it (as the reactor does)."""
        pending = [t for t in self.timers if not t.cancelled and not t.ran and t.due <= self.clock.now]
        for timer in pending:
            timer.ran = True
            timer.fn()


class FakeExecutor:
    """Queues tasks per key like ``OrderedExecutor`` (a running task still counts as pending), runs them when
    told."""

    def __init__(self):
        self.queue: list[tuple] = []
        self.shut_down = False

    def submit(self, key, fn, *args) -> int:
        if self.shut_down:
            raise ExecutorShutdown("shut down")
        self.queue.append((key, fn, args))
        return self.pending(key)

    def pending(self, key) -> int:
        return sum(1 for k, _, _ in self.queue if k is key)

    def run_one(self) -> None:
        key, fn, args = self.queue[0]
        try:
            fn(*args)
        finally:
            self.queue.pop(0)

    def run_all(self) -> None:
        while self.queue:
            self.run_one()


class Handler:
    def __init__(self):
        self.events: list[tuple] = []

    def on_message(self, connection, message):
        self.events.append(("message", message))

    def on_close(self, connection, code, reason):
        self.events.append(("close", code, reason))

    @property
    def closes(self) -> list[tuple]:
        return [e[1:] for e in self.events if e[0] == "close"]

    @property
    def messages(self) -> list:
        return [e[1] for e in self.events if e[0] == "message"]


class Setup(t.NamedTuple):
    connection: Connection
    driver: FakeDriver
    executor: FakeExecutor
    handler: Handler
    registry: ConnectionRegistry
    clock: FakeClock


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    clock = FakeClock()
    monkeypatch.setattr(connection_module, "time", clock)
    return clock


def make(clock: FakeClock, opened: bool = True, **limits) -> Setup:
    driver, executor, handler, registry = FakeDriver(clock), FakeExecutor(), Handler(), ConnectionRegistry()
    connection = Connection("c1=", handler, executor, ConnectionLimits(**limits), registry, info="info")
    if opened:
        connection.connection_made(driver)
    return Setup(connection, driver, executor, handler, registry, clock)


def test_the_two_sides_of_the_driver_contract_are_implemented():
    def members(protocol) -> set[str]:
        return {name for name in vars(protocol) if not name.startswith("_")}

    assert members(Driver) == {
        "call_from_thread",
        "call_later",
        "send",
        "close",
        "abort",
        "pause_reading",
        "resume_reading",
    }
    assert all(callable(getattr(RoloDriver, name)) for name in members(Driver))
    assert members(DriverEvents) == {
        "connection_made",
        "message_data",
        "control_frame_received",
        "close_frame_received",
        "send_buffer_full",
        "send_buffer_drained",
        "connection_lost",
    }
    assert all(callable(getattr(Connection, name)) for name in members(DriverEvents))


def test_open_registers_and_sends_go_to_the_driver(clock):
    s = make(clock, opened=False)
    with pytest.raises(ConnectionClosed):
        s.connection.send("too early")
    s.connection.close()  # nothing to close yet: a no-op
    s.connection.connection_made(s.driver)
    assert s.connection.is_open and s.registry.get("c1=") is s.connection
    s.connection.send("hello")
    s.connection.send(b"\x00")
    assert s.driver.calls == [("send", "hello"), ("send", b"\x00")]
    with pytest.raises(TypeError):
        s.connection.send(42)


def test_pieces_are_reassembled_into_one_message(clock):
    s = make(clock)
    s.connection.message_data("a" * 10, False, False)
    s.connection.message_data("b" * 10, True, False)  # end of the first frame
    s.connection.message_data("c", True, True)
    s.connection.message_data("single", True, True)
    s.executor.run_all()
    assert s.handler.messages == ["a" * 10 + "b" * 10 + "c", "single"]


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        # (data, frame_finished, message_finished) ...
        ([("x" * 100, True, True)], None),  # exactly the frame limit
        ([("é" * 50 + "x", True, True)], (1009, FRAME_TOO_BIG_REASON)),  # 101 bytes, 51 characters
        ([("x" * 60, False, False), ("x" * 41, True, True)], (1009, FRAME_TOO_BIG_REASON)),
        ([("x" * 100, True, False), ("x" * 50, True, True)], None),  # exactly the message limit
        ([("x" * 100, True, False), ("x" * 51, True, True)], (1009, MESSAGE_TOO_BIG_REASON)),
        ([(b"\x00", True, True)], (1003, BINARY_REASON)),
    ],
)
def test_limits_close_with_their_code_before_buffering(clock, pieces, expected):
    s = make(clock, max_frame_bytes=100, max_message_bytes=150)
    for piece in pieces:
        s.connection.message_data(*piece)
    s.connection.message_data("after", True, True)  # ignored once the close is decided
    s.executor.run_all()
    if expected is None:
        assert s.handler.messages == ["".join(p[0] for p in pieces), "after"]
        assert s.connection.is_open
    else:
        assert s.driver.calls == [("close", *expected)]
        assert s.handler.events == [("close", *expected)]
        assert (s.connection.close_code, s.connection.close_reason) == expected
        assert not s.connection.is_open


def test_binary_messages_when_allowed(clock):
    s = make(clock, reject_binary=False)
    s.connection.message_data(b"\x00\x01", True, False)
    s.connection.message_data(b"\x02", True, True)
    s.executor.run_all()
    assert s.handler.messages == [b"\x00\x01\x02"]


@pytest.mark.parametrize(
    ("code", "reason", "expected"),
    [(4000, "bye", (4000, "bye")), (1000, "", (1000, "")), (1005, "", (1005, NO_STATUS_REASON))],
)
def test_client_close_frame(clock, code, reason, expected):
    s = make(clock)
    s.connection.message_data("before", True, True)
    s.connection.close_frame_received(code, reason)
    s.connection.connection_lost()
    s.executor.run_all()
    # on_close once, after the messages, with the client's code; the driver answered the close itself
    assert s.handler.events == [("message", "before"), ("close", *expected)]
    assert s.driver.calls == []
    assert s.registry.get("c1=") is None and s.registry.snapshot() == []


def test_lost_tcp_connection_is_1006_and_unregisters(clock):
    s = make(clock)
    s.connection.connection_lost()
    s.executor.run_all()
    assert s.handler.closes == [(1006, ABNORMAL_CLOSURE_REASON)]
    assert s.registry.snapshot() == []
    with pytest.raises(ConnectionClosed) as raised:
        s.connection.send("gone")
    assert (raised.value.code, raised.value.reason) == (1006, ABNORMAL_CLOSURE_REASON)


def test_server_close_is_decided_once(clock):
    s = make(clock)
    s.connection.close(4001, "bye")
    s.connection.close(4002, "again")  # no-op
    s.connection.close_frame_received(4001, "bye")  # the client's answer
    s.connection.connection_lost()
    s.executor.run_all()
    assert s.driver.calls == [("close", 4001, "bye")]
    assert s.handler.closes == [(4001, "bye")]
    assert s.driver.timers[0].cancelled
    with pytest.raises(ConnectionClosed) as raised:
        s.connection.send("late")
    assert (raised.value.code, raised.value.reason) == (4001, "bye")
    for code in (1005, 1006, 1015, 999, 5000):
        with pytest.raises(ValueError):
            s.connection.close(code)
    with pytest.raises(ValueError):
        s.connection.close(1000, "x" * 124)


def test_abort_goes_to_the_driver(clock):
    s = make(clock)
    s.connection.abort()
    assert s.driver.calls == [("abort",)]


def test_idle_timer_is_reset_by_data_frames_only(clock):
    s = make(clock, idle_timeout=10, max_duration=None)
    assert s.driver.pending_timer().delay == 10
    clock.now += 6
    s.connection.message_data("x", True, True)
    s.connection.control_frame_received()  # pings do not count by default
    clock.now += 4
    s.driver.fire()  # 10 s after the upgrade, 4 s after the message: re-armed for the 6 s left
    assert s.connection.is_open and s.driver.pending_timer().delay == 6
    clock.now += 6
    s.driver.fire()
    s.executor.run_all()
    assert s.driver.calls == [("close", 1001, GOING_AWAY_REASON)]
    assert s.handler.closes == [(1001, GOING_AWAY_REASON)]


def test_pings_count_when_configured(clock):
    s = make(clock, idle_timeout=10, max_duration=None, pings_count_as_activity=True)
    clock.now += 8
    s.connection.control_frame_received()
    clock.now += 2
    s.driver.fire()
    assert s.connection.is_open and s.driver.pending_timer().delay == 8


def test_max_duration_ends_a_busy_connection(clock):
    s = make(clock, idle_timeout=10, max_duration=25)
    for _ in range(100):
        clock.now += 1
        s.connection.message_data("busy", True, True)  # a message every second: never idle
        s.driver.fire_due()
        if not s.connection.is_open:
            break
    assert clock.now == 1000 + 25
    assert s.driver.calls == [("close", 1001, GOING_AWAY_REASON)]
    assert all(t.cancelled or t.ran for t in s.driver.timers)  # no timer left armed


def test_idle_timeout_when_the_client_goes_quiet(clock):
    s = make(clock, idle_timeout=10, max_duration=None)
    for _ in range(100):
        clock.now += 1
        if clock.now <= 1000 + 15:
            s.connection.message_data("x", True, True)  # quiet after 15 s
        s.driver.fire_due()
        if not s.connection.is_open:
            break
    assert clock.now == 1000 + 15 + 10
    assert s.driver.calls == [("close", 1001, GOING_AWAY_REASON)]


def test_last_active_at_is_the_last_data_frame(clock):
    s = make(clock)
    opened_at = s.connection.last_active_at
    assert opened_at == int(clock.time() * 1000)
    clock.now += 3
    s.connection.message_data("x", True, True)
    clock.now += 5
    assert s.connection.last_active_at == opened_at + 3000


def test_backpressure_pauses_and_resumes_reading(clock):
    s = make(clock, max_pending_messages=4)
    for i in range(4):
        s.connection.message_data(f"m{i}", True, True)
    assert s.connection.reading_paused and s.driver.calls == [("pause",)]
    # a paused connection has messages in the handler: it is not idle
    clock.now += 700
    s.driver.fire()
    assert s.connection.is_open
    s.executor.run_one()
    s.executor.run_one()
    assert s.connection.reading_paused  # 3 and then 2 pending while their on_message ran: not drained yet
    s.executor.run_one()
    assert not s.connection.reading_paused and s.driver.calls == [("pause",), ("resume",)]
    s.executor.run_all()
    assert s.handler.messages == ["m0", "m1", "m2", "m3"]


def test_close_while_paused_resumes_reading_for_the_handshake(clock):
    s = make(clock, max_pending_messages=2)
    s.connection.message_data("a", True, True)
    s.connection.message_data("b", True, True)
    s.connection.close(4003, "enough")
    assert s.driver.calls == [("pause",), ("resume",), ("close", 4003, "enough")]
    s.executor.run_all()
    assert s.handler.events == [("message", "a"), ("message", "b"), ("close", 4003, "enough")]


def test_executor_shut_down(clock):
    s = make(clock)
    s.executor.shut_down = True
    s.connection.message_data("x", True, True)
    # no handler to take the message: the client is told to go away; on_close cannot run either
    assert s.driver.calls == [("close", 1001, GOING_AWAY_REASON)]
    assert s.connection.close_code == 1001 and s.executor.queue == []


def test_a_client_that_does_not_read_is_refused_or_closed(clock):
    s = make(clock, max_unread_bytes=10, client_buffer_full_close=(4008, "not reading"))
    s.connection.send("x" * 100)  # the socket's buffers take anything until the driver says they are full
    s.connection.send_buffer_full()
    s.connection.send("é" * 5)  # 10 bytes on the wire: the limit, not over it
    with pytest.raises(ClientBufferFull):
        s.connection.send("1", refuse_if_full=True)
    assert s.connection.is_open
    s.connection.send_buffer_drained()  # the client read it all: room again
    s.connection.send("y" * 8, refuse_if_full=True)
    s.connection.send_buffer_full()
    s.connection.send_buffer_full()  # (twisted may say so more than once)
    s.connection.send("z" * 10, refuse_if_full=True)
    # a send nobody could retry closes the connection instead of growing
    with pytest.raises(ConnectionClosed):
        s.connection.send("!")
    assert s.driver.calls == [
        ("send", "x" * 100),
        ("send", "é" * 5),
        ("send", "y" * 8),
        ("send", "z" * 10),
        ("close", 4008, "not reading"),
    ]
    s.executor.run_all()
    assert s.handler.closes == [(4008, "not reading")]


def test_client_buffer_limits_are_validated():
    with pytest.raises(ValueError):
        ConnectionLimits(max_unread_bytes=-1)
    with pytest.raises(ValueError):
        ConnectionLimits(client_buffer_full_close=(1006, ""))


def test_what_waits_for_the_event_loop_counts_as_unread(clock):
    s = make(clock, max_unread_bytes=10)
    s.connection.send_buffer_full()
    s.driver.queued = []  # a fast sender, an event loop that has not run yet
    s.connection.send("a" * 6, refuse_if_full=True)
    with pytest.raises(ClientBufferFull):
        s.connection.send("b" * 6, refuse_if_full=True)
    s.driver.run_queued()
    s.connection.send_buffer_drained()
    s.connection.send("c" * 6, refuse_if_full=True)  # went out: nothing waits
    s.connection.send_buffer_full()
    s.connection.send("d" * 10, refuse_if_full=True)
    assert [call[1] for call in s.driver.calls] == ["a" * 6, "c" * 6, "d" * 10]
