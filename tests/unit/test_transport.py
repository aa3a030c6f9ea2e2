"""
``localstack_ws_ext.execute_api.transport`` against the real thing: rolo's twisted server (``TwistedGateway``
on the global reactor, in a background thread) on a free 127.0.0.1 port, and the ``websockets`` client over
real sockets. No mocks. Every wait and loop is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import psutil
import pytest
from twisted.internet import reactor
from websockets.exceptions import ConnectionClosed as ClientConnectionClosed
from websockets.frames import Frame, Opcode
from websockets.sync.client import connect

from localstack_ws_ext.execute_api.transport import (
    ABNORMAL_CLOSURE_REASON,
    BINARY_REASON,
    FRAME_TOO_BIG_REASON,
    MESSAGE_TOO_BIG_REASON,
    NO_STATUS_REASON,
    ClientBufferFull,
    ConnectionClosed,
    ConnectionLimits,
    OrderedExecutor,
    close_all,
)
from localstack_ws_ext.execute_api.transport import connections as registry
from tests.tls import trusting_certificate_file
from tests.unit.ws_server import Recorder, TestServer, in_reactor, stop_reactor

HERE = os.path.dirname(__file__)


@pytest.fixture(scope="module")
def server():
    instance = TestServer().start()
    yield instance
    instance.stop()
    stop_reactor()


@pytest.fixture
def rec(server) -> tuple[Recorder, str]:
    key = uuid.uuid4().hex[:12]
    return server.recorder(key), key


def server_close(ws, timeout: float = 5.0) -> tuple[int, str]:
    """Read until the server closes; return the code and reason of the server's close frame."""
    deadline = time.monotonic() + timeout
    for _ in range(10_000):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            ws.recv(timeout=remaining)
        except ClientConnectionClosed as e:
            assert e.rcvd is not None, f"no close frame from the server: {e!r}"
            return e.rcvd.code, e.rcvd.reason
        except TimeoutError:
            break
    raise AssertionError(f"the server did not close within {timeout}s")


@contextlib.contextmanager
def torn_down(client):
    """``with client as ws`` for a client whose TCP connection the test breaks under its feet: its own close at
    the end may fail with ``OSError``. Only that close is excused; nothing is asserted there."""
    ws = client.__enter__()
    try:
        yield ws
    finally:
        with contextlib.suppress(OSError):
            client.__exit__(None, None, None)


def open_connections():
    return registry.snapshot()


def still_open(ws, seconds: float) -> bool:
    try:
        ws.recv(timeout=seconds)
    except TimeoutError:
        return True
    except ClientConnectionClosed:
        return False
    return True


def assert_closed_once(recorder: Recorder, connection_id: str, expected: tuple[int, str], settle=0.3):
    assert recorder.wait_close(connection_id) == expected
    time.sleep(settle)  # a second on_close would show up by now
    assert recorder.closes[connection_id] == [expected]
    assert not recorder.order_errors


# the OrderedExecutor alone


def test_executor_orders_per_key_and_runs_keys_in_parallel():
    executor = OrderedExecutor(3, name="unit")
    lock = threading.Lock()
    seen: dict[str, list[int]] = {"a": [], "b": [], "c": []}
    active = {"a": 0, "b": 0, "c": 0}
    errors = []
    running = [0, 0]  # now, max

    def task(key, i):
        with lock:
            active[key] += 1
            running[0] += 1
            running[1] = max(running[1], running[0])
            if active[key] > 1:
                errors.append(key)
        time.sleep(0.002)
        with lock:
            seen[key].append(i)
            active[key] -= 1
            running[0] -= 1

    for i in range(50):
        for key in seen:
            executor.submit(key, task, key, i)
    assert executor.wait_idle(10)
    assert errors == []
    assert all(v == list(range(50)) for v in seen.values())
    assert running[1] == 3
    assert executor.thread_count == 3
    assert executor.shutdown(wait=True, timeout=5)
    with pytest.raises(RuntimeError):
        executor.submit("a", task, "a", 0)


def test_executor_survives_failing_tasks():
    executor = OrderedExecutor(1)
    done = []
    executor.submit("k", lambda: 1 / 0)
    executor.submit("k", done.append, 1)
    assert executor.wait_idle(5) and done == [1]
    executor.shutdown(timeout=5)


def test_a_released_task_lets_its_keys_next_tasks_run_while_it_goes_on():
    executor = OrderedExecutor(1)
    releases, order = [], []
    finish_slow = threading.Event()

    def slow():
        releases.append(executor.release_current())
        order.append("slow started")
        finish_slow.wait(10)
        order.append("slow done")

    executor.submit("k", slow)
    executor.submit("k", order.append, "next")
    deadline = time.monotonic() + 5
    while not releases and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert order == ["slow started"]  # in order: the next task waits for the running one
    assert releases[0]() is True
    assert releases[0]() is False  # once
    while len(order) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert order == ["slow started", "next"]  # on a worker beyond max_workers=1: the released one is busy
    assert executor.thread_count == 2
    executor.submit("k", order.append, "after")
    assert executor.wait_idle(5)  # the key's own tasks are done; the released one is not the key's any more
    finish_slow.set()
    while "slow done" not in order and time.monotonic() < deadline:
        time.sleep(0.01)
    assert order == ["slow started", "next", "after", "slow done"]
    executor.submit("k", order.append, "last")
    assert executor.wait_idle(5) and order[-1] == "last" and executor.thread_count == 2
    executor.shutdown(timeout=5)


def test_releasing_a_task_that_ended_changes_nothing():
    executor = OrderedExecutor(2)
    releases = []
    executor.submit("k", lambda: releases.append(executor.release_current()))
    assert executor.wait_idle(5)
    executor.submit("k", time.sleep, 0.3)
    time.sleep(0.1)
    assert releases[0]() is False  # its task ended: the key's running task now is another one
    assert executor.pending("k") == 1
    assert executor.release_current()() is False  # not on a worker
    assert executor.wait_idle(5)
    executor.shutdown(timeout=5)


def test_limits_validation():
    with pytest.raises(ValueError):
        ConnectionLimits(max_pending_messages=1)
    with pytest.raises(ValueError):
        ConnectionLimits(idle_timeout=0)
    limits = ConnectionLimits()
    assert (limits.idle_timeout, limits.max_duration) == (600, 7200)
    assert (limits.max_frame_bytes, limits.max_message_bytes) == (32768, 131072)
    assert limits.pings_count_as_activity is False


# over real sockets


def test_echo_text_round_trip(server, rec):
    recorder, key = rec
    with connect(server.url(key), subprotocols=["chat"], user_agent_header="test-agent/1") as ws:
        assert ws.subprotocol == "chat"
        assert ws.response.headers["X-Test"] == "accepted"
        ws.send("hello")
        assert ws.recv(timeout=5) == "hello"
        ws.send("héllo wörld ✓")
        assert ws.recv(timeout=5) == "héllo wörld ✓"
        (conn,) = recorder.wait_connections(1)
        assert conn.info.source_ip == "127.0.0.1"
        assert conn.info.user_agent == "test-agent/1"
        assert conn.subprotocol == "chat"
        assert conn.last_active_at >= conn.info.connected_at
        assert registry.get(conn.id) is conn and conn in open_connections()
        assert len(conn.id) == 16 and conn.id.endswith("=")
    assert_closed_once(recorder, conn.id, (1000, ""))
    assert registry.get(conn.id) is None
    # handlers ran on the executor, and the endpoint returned (its pool thread is free)
    assert recorder.threads and all(name.startswith("ws-worker") for name in recorder.threads)
    assert server.endpoint_returns >= 1


def test_fragmented_message_is_reassembled_and_pings_are_answered(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        ws.send(["a" * 30000, "b" * 30000, "c" * 30000, "d" * 30000])  # 4 frames, 120,000 bytes
        assert ws.recv(timeout=5) == "a" * 30000 + "b" * 30000 + "c" * 30000 + "d" * 30000
        assert ws.ping(b"p1").wait(5)
        (conn,) = recorder.wait_connections(1)
    assert recorder.messages[conn.id] == ["a" * 30000 + "b" * 30000 + "c" * 30000 + "d" * 30000]
    assert_closed_once(recorder, conn.id, (1000, ""))


def test_per_connection_order_with_two_workers(server, rec):
    recorder, key = rec
    recorder.delay = 0.005
    n = 40
    with contextlib.ExitStack() as stack:
        clients = [stack.enter_context(connect(server.url(key, workers=2))) for _ in range(3)]
        connections = recorder.wait_connections(3)
        by_client = {}
        for i, ws in enumerate(clients):
            ws.send(f"hello-{i}")
            assert ws.recv(timeout=5) == f"hello-{i}"
        for conn in connections:  # map server connections to clients by their first message
            by_client[int(recorder.messages[conn.id][0].split("-")[1])] = conn
        for m in range(n):  # interleaved bursts
            for i, ws in enumerate(clients):
                ws.send(f"{i}:{m}")
        for i, ws in enumerate(clients):
            echoed = [ws.recv(timeout=10) for _ in range(n)]
            assert echoed == [f"{i}:{m}" for m in range(n)]
            assert recorder.messages[by_client[i].id][1:] == [f"{i}:{m}" for m in range(n)]
    for conn in connections:
        recorder.wait_close(conn.id)
    assert not recorder.order_errors
    assert recorder.max_parallel == 2  # connections ran in parallel, bounded by the pool
    assert {t.rsplit("-", 1)[0] for t in recorder.threads} == {"ws-worker2"}
    assert server.executor(2).thread_count == 2


def test_client_close_with_code_and_reason(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        ws.send("one")
        assert ws.recv(timeout=5) == "one"
        ws.close(4321, "client says bye")
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (4321, "client says bye"))
    assert recorder.messages[conn.id] == ["one"]


def test_client_close_without_status(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        # the public close() always sends a status code; this sends an empty close frame and waits for
        # the TCP connection to end
        with ws.send_context():
            ws.protocol.send_close()
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (1005, NO_STATUS_REASON))
    assert NO_STATUS_REASON == "Client-side close frame status not set"


@pytest.mark.parametrize("how", ["reset", "fin"])
def test_abrupt_tcp_loss(server, rec, how):
    recorder, key = rec
    with torn_down(connect(server.url(key))) as ws:
        ws.send("before")
        assert ws.recv(timeout=5) == "before"
        (conn,) = recorder.wait_connections(1)
        sock = ws.socket
        if how == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()  # RST, no close frame
        else:
            sock.shutdown(socket.SHUT_RDWR)  # FIN, no close frame
        assert_closed_once(recorder, conn.id, (1006, ABNORMAL_CLOSURE_REASON))
        with pytest.raises(ConnectionClosed):
            conn.send("after")
        assert recorder.wait(lambda: conn not in open_connections(), 5)


def test_invalid_utf8_from_client_closes_1007(server, rec):
    recorder, key = rec
    with torn_down(connect(server.url(key))) as ws:
        ws.send("valid")
        assert ws.recv(timeout=5) == "valid"
        # a text frame with invalid UTF-8, framed by the websockets library, written under its feet
        ws.socket.sendall(Frame(Opcode.TEXT, b"ok \xff\xfe").serialize(mask=True))
        code, reason = server_close(ws)
    (conn,) = recorder.wait_connections(1)
    assert code == 1007
    assert_closed_once(recorder, conn.id, (1007, reason))
    assert recorder.messages[conn.id] == ["valid"]


def test_client_gone_before_the_endpoint_accepts(server, rec):
    """The client disconnects while the endpoint still runs (before ``accept_connection``): the connection
    is returned already closed, and ``on_close(1006)`` still fires exactly once."""
    recorder, key = rec
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(
            f"GET /ws/{key}?delay_accept=0.5 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        time.sleep(0.1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    (conn,) = recorder.wait_connections(1)
    assert not conn.is_open
    assert_closed_once(recorder, conn.id, (1006, ABNORMAL_CLOSURE_REASON))
    assert conn not in open_connections()


def test_server_close_from_foreign_thread(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        (conn,) = recorder.wait_connections(1)
        closer = threading.Thread(target=conn.close, args=(4001, "bye"))
        closer.start()
        closer.join(5)
        assert server_close(ws) == (4001, "bye")
    assert_closed_once(recorder, conn.id, (4001, "bye"))
    assert conn.close_code == 4001 and conn.close_reason == "bye"
    conn.close(4002, "again")  # no-op
    time.sleep(0.2)
    assert recorder.closes[conn.id] == [(4001, "bye")]
    with pytest.raises(ValueError):
        conn.close(1006)


def test_server_close_from_handler_after_earlier_messages(server, rec):
    recorder, key = rec
    recorder.delay = 0.02

    def hook(connection, message):
        if message == "close-me":
            connection.close(4100, "as you wish")

    recorder.hook = hook
    with connect(server.url(key)) as ws:
        for i in range(5):
            ws.send(f"m{i}")
        ws.send("close-me")
        ws.send("ignored")  # arrives after the server decided to close
        received = []
        with pytest.raises(ClientConnectionClosed) as closed:
            for _ in range(20):
                received.append(ws.recv(timeout=5))
        assert closed.value.rcvd.code == 4100 and closed.value.rcvd.reason == "as you wish"
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (4100, "as you wish"))
    assert recorder.messages[conn.id][:6] == ["m0", "m1", "m2", "m3", "m4", "close-me"]
    assert received[:5] == ["m0", "m1", "m2", "m3", "m4"]


def test_frame_limit(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        ws.send("x" * 32768)  # exactly the limit: fine
        assert ws.recv(timeout=5) == "x" * 32768
        ws.send("é" * 16384 + "x")  # 32,769 bytes, 16,385 characters
        assert server_close(ws) == (1009, FRAME_TOO_BIG_REASON)
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (1009, FRAME_TOO_BIG_REASON))
    assert recorder.messages[conn.id] == ["x" * 32768]


def test_message_limit(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        ws.send(["y" * 32768] * 4)  # exactly 128 KB in 4 frames: fine
        assert len(ws.recv(timeout=5)) == 131072
        ws.send(["y" * 32768] * 4 + ["y"])  # one byte more
        assert server_close(ws) == (1009, MESSAGE_TOO_BIG_REASON)
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (1009, MESSAGE_TOO_BIG_REASON))
    assert len(recorder.messages[conn.id]) == 1


def test_limits_from_the_caller(server, rec):
    recorder, key = rec
    with connect(server.url(key, frame=100, message=150)) as ws:
        ws.send(["a" * 100, "b" * 50])
        assert ws.recv(timeout=5) == "a" * 100 + "b" * 50
        ws.send(["a" * 100, "b" * 51])
        assert server_close(ws) == (1009, MESSAGE_TOO_BIG_REASON)
    with connect(server.url(key, frame=100, message=150)) as ws:
        ws.send("z" * 101)
        assert server_close(ws) == (1009, FRAME_TOO_BIG_REASON)


def test_binary_message_closes_1003(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        ws.send("text first")
        assert ws.recv(timeout=5) == "text first"
        ws.send(b"\x00\x01binary")
        assert server_close(ws) == (1003, BINARY_REASON)
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (1003, BINARY_REASON))
    assert recorder.messages[conn.id] == ["text first"]


def test_binary_allowed_when_configured(server, rec):
    recorder, key = rec
    with connect(server.url(key, binary=1)) as ws:
        ws.send(b"\x00\x01")
        (conn,) = recorder.wait_connections(1)
        assert recorder.wait(lambda: recorder.messages[conn.id] == [b"\x00\x01"], 5)
        conn.send(b"\x02\x03")  # the server can send binary
        assert ws.recv(timeout=5) == b"\x02\x03"


def test_idle_timeout(server, rec):
    recorder, key = rec
    with connect(server.url(key, idle=0.5), ping_interval=None) as ws:
        # data frames keep it alive: five round trips 0.2 s apart outlast the 0.5 s idle timeout
        for i in range(5):
            time.sleep(0.2)
            ws.send(f"keepalive {i}")
            assert ws.recv(timeout=5) == f"keepalive {i}"
        # then silence
        assert server_close(ws) == (1001, "Going away")
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (1001, "Going away"))


@pytest.mark.parametrize("pings_count", [False, True])
def test_idle_timeout_and_pings(server, rec, pings_count):
    recorder, key = rec
    url = server.url(key, idle=0.5, pings=int(pings_count))
    with connect(url, ping_interval=None) as ws:
        survived = True
        for _ in range(6):  # 1.2 s of pings every 0.2 s
            try:
                ws.ping().wait(2)
            except ClientConnectionClosed:
                survived = False
                break
            time.sleep(0.2)
        assert survived is pings_count
        if pings_count:
            assert server_close(ws) == (1001, "Going away")  # silence afterwards
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (1001, "Going away"))


def test_max_duration(server, rec):
    recorder, key = rec
    with connect(server.url(key, idle=10, duration=0.8), ping_interval=None) as ws:
        closed = None
        echoed = 0
        for i in range(20):  # busy connection: 20 x 0.1 s, never idle
            try:
                ws.send(f"busy {i}")
                ws.recv(timeout=2)
                echoed += 1
            except ClientConnectionClosed as e:
                closed = (e.rcvd.code, e.rcvd.reason)
                break
            time.sleep(0.1)
        assert closed == (1001, "Going away")  # the 10 s idle timeout cannot have fired: the duration did
        assert echoed > 0
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (1001, "Going away"))


def test_send_from_foreign_threads(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        (conn,) = recorder.wait_connections(1)

        def sender(tag):
            for i in range(50):
                conn.send(f"{tag}-{i}")

        threads = [threading.Thread(target=sender, args=(f"t{n}",)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        conn.send("from the test thread")
        received = [ws.recv(timeout=5) for _ in range(201)]
        for n in range(4):  # each thread's messages in its order
            assert [m for m in received if m.startswith(f"t{n}-")] == [f"t{n}-{i}" for i in range(50)]
        assert received[-1] == "from the test thread"


def test_send_after_close_raises(server, rec):
    recorder, key = rec
    with connect(server.url(key)) as ws:
        (conn,) = recorder.wait_connections(1)
        conn.close(4002, "closing")
        with pytest.raises(ConnectionClosed) as raised:
            conn.send("too late")
        assert raised.value.connection_id == conn.id
        assert server_close(ws) == (4002, "closing")
    assert_closed_once(recorder, conn.id, (4002, "closing"))
    with pytest.raises(ConnectionClosed) as raised:
        conn.send("still too late")
    assert (raised.value.code, raised.value.reason) == (4002, "closing")
    # and after a client-side close
    with connect(server.url(key)) as ws:
        (_, conn2) = recorder.wait_connections(2)
    recorder.wait_close(conn2.id)
    with pytest.raises(ConnectionClosed):
        conn2.send("gone")


def test_backpressure_pauses_reading(server, rec):
    recorder, key = rec
    recorder.gate = threading.Event()
    other_recorder, other_key = server.recorder("other-" + key), "other-" + key
    payload = "p" * 20000
    with connect(server.url(key, pending=4, idle=60)) as ws:
        (conn,) = recorder.wait_connections(1)
        sender = threading.Thread(target=lambda: [ws.send(f"{i:03d}{payload}") for i in range(60)])
        sender.start()
        try:
            executor = server.executor(4)
            assert recorder.wait(lambda: conn.reading_paused, 5), "reading was not paused"
            time.sleep(0.3)
            # bounded: the limit plus what one 64 KB read of the socket can hold
            assert conn.reading_paused and executor.pending(conn) <= 4 + 65536 // 20000 + 1
            # other connections are served meanwhile
            with connect(server.url(other_key)) as other:
                other.send("still served")
                assert other.recv(timeout=5) == "still served"
        finally:
            recorder.gate.set()
        sender.join(20)
        received = [ws.recv(timeout=10)[:3] for _ in range(60)]
        assert received == [f"{i:03d}" for i in range(60)]
        assert not conn.reading_paused
    assert_closed_once(recorder, conn.id, (1000, ""))
    assert other_recorder.close_count() == 1


def test_no_http_idle_timer_left_behind(server, rec):
    """rolo swaps the HTTPChannel out of the transport on upgrade; without our fix its 60 s HTTP idle timer,
    re-armed when the request finishes, kept every closed WebSocket's objects alive for 60-75 s."""
    recorder, key = rec

    def http_timers():
        return sum(
            1 for c in reactor.getDelayedCalls() if "TimeoutMixin" in getattr(c.func, "__qualname__", "")
        )

    before = in_reactor(http_timers)
    for _ in range(3):
        with connect(server.url(key)) as ws:
            ws.send("x")
            ws.recv(timeout=5)
    assert recorder.wait(lambda: recorder.close_count() == 3, 5)
    assert recorder.wait(lambda: not any(c in open_connections() for c in recorder.connections), 5)
    assert in_reactor(http_timers) <= before


def test_close_all_on_shutdown(server, rec):
    recorder, key = rec
    with contextlib.ExitStack() as stack:
        clients = [stack.enter_context(connect(server.url(key), ping_interval=None)) for _ in range(5)]
        connections = recorder.wait_connections(5)
        for ws in clients:
            ws.send("hi")
            assert ws.recv(timeout=5) == "hi"
        closed = close_all(code=1001, reason="Going away", timeout=5)
        assert closed >= 5
        for ws in clients:
            assert server_close(ws) == (1001, "Going away")
        for conn in connections:
            assert recorder.wait_close(conn.id) == (1001, "Going away")
        assert not any(c in open_connections() for c in connections)
        time.sleep(0.3)
        assert all(recorder.closes[c.id] == [(1001, "Going away")] for c in connections)


# behind LocalStack's own TLSMultiplexer (ws:// and wss:// on one port), as LocalStack serves


@pytest.fixture(scope="module")
def ls_server(server, tmp_path_factory):
    instance = TestServer().start(
        localstack_tls_multiplexer=True, cert_dir=str(tmp_path_factory.mktemp("cert"))
    )
    yield instance
    instance.stop()


def ls_connect(ls_server, url: str, **kwargs):
    if url.startswith("wss:"):
        kwargs["ssl"] = trusting_certificate_file(ls_server.cert_file)
    return connect(url, **kwargs)


@pytest.mark.parametrize("scheme", ["ws", "wss"])
def test_through_localstack_tls_multiplexer(ls_server, scheme):
    recorder = ls_server.recorder(key := uuid.uuid4().hex[:12])
    recorder.gate = threading.Event()
    recorder.gate.set()
    with ls_connect(ls_server, ls_server.url(key, scheme)) as ws:
        ws.send("hello")
        assert ws.recv(timeout=5) == "hello"
        ws.send(["a" * 20000, "b" * 20000])
        assert ws.recv(timeout=5) == "a" * 20000 + "b" * 20000
        assert ws.ping().wait(5)
        ws.close(4005, "done")
    (conn,) = recorder.wait_connections(1)
    assert_closed_once(recorder, conn.id, (4005, "done"))
    # server close
    with ls_connect(ls_server, ls_server.url(key, scheme)) as ws:
        (_, conn) = recorder.wait_connections(2)
        conn.close(4001, "bye")
        assert server_close(ws) == (4001, "bye")
    assert_closed_once(recorder, conn.id, (4001, "bye"))
    # limit
    with ls_connect(ls_server, ls_server.url(key, scheme)) as ws:
        ws.send("x" * 40000)
        assert server_close(ws) == (1009, FRAME_TOO_BIG_REASON)
    (_, _, conn) = recorder.wait_connections(3)
    assert_closed_once(recorder, conn.id, (1009, FRAME_TOO_BIG_REASON))
    # backpressure pauses and resumes reading through the protocol wrappers
    recorder.gate.clear()
    payload = "p" * 20000
    with ls_connect(ls_server, ls_server.url(key, scheme, pending=4)) as ws:
        (_, _, _, conn) = recorder.wait_connections(4)
        sender = threading.Thread(target=lambda: [ws.send(f"{i:03d}{payload}") for i in range(40)])
        sender.start()
        try:
            assert recorder.wait(lambda: conn.reading_paused, 5), "reading was not paused"
        finally:
            recorder.gate.set()
        sender.join(20)
        assert [ws.recv(timeout=10)[:3] for _ in range(40)] == [f"{i:03d}" for i in range(40)]
    assert_closed_once(recorder, conn.id, (1000, ""))
    # abrupt loss
    with torn_down(ls_connect(ls_server, ls_server.url(key, scheme))) as ws:
        (*_, conn) = recorder.wait_connections(5)
        ws.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        ws.socket.close()
        assert_closed_once(recorder, conn.id, (1006, ABNORMAL_CLOSURE_REASON))
    assert recorder.wait(lambda: not any(c in open_connections() for c in recorder.connections), 5)


UNREAD_LIMIT = 256 * 1024
PUSH = "p" * 60_000


def not_reading_client(ls_server, scheme: str, key: str):
    """A client whose socket takes little and that stops reading as soon as one frame waits in its queue."""
    sock = socket.create_connection(("127.0.0.1", ls_server.port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    url = ls_server.url(key, scheme, unread=UNREAD_LIMIT)
    return ls_connect(ls_server, url, sock=sock, max_queue=1, max_size=None, ping_interval=None)


@pytest.mark.parametrize("scheme", ["ws", "wss"])
def test_a_client_that_does_not_read(ls_server, scheme):
    """What is sent to a client that does not read waits in memory up to ``max_unread_bytes`` (beyond the
    socket's buffers): then a refusable send is refused and the connection works on once the client reads; any
    other send closes the connection with ``client_buffer_full_close``, after what was accepted."""
    recorder = ls_server.recorder(key := uuid.uuid4().hex[:12])
    recorder.echo = False
    with not_reading_client(ls_server, scheme, key) as ws:
        (conn,) = recorder.wait_connections(1)
        accepted = 0
        with pytest.raises(ClientBufferFull):
            for n in range(500):  # 30 MB if nothing stopped it
                conn.send(f"{n:04d}{PUSH}", refuse_if_full=True)
                accepted += 1
                in_reactor(lambda: None)  # written: only a full socket buffer can make it wait
        assert conn.is_open
        # the client reads again: everything accepted arrives, in order, and nothing else
        assert [ws.recv(timeout=10)[:4] for _ in range(accepted)] == [f"{n:04d}" for n in range(accepted)]
        conn.send("after")
        assert ws.recv(timeout=10) == "after"
        ws.close()
    assert_closed_once(recorder, conn.id, (1000, ""))

    with not_reading_client(ls_server, scheme, key) as ws:
        (_, conn) = recorder.wait_connections(2)
        accepted = 0
        with pytest.raises(ConnectionClosed):
            for n in range(500):
                conn.send(f"{n:04d}{PUSH}")
                accepted += 1
                in_reactor(lambda: None)
        assert recorder.wait_close(conn.id) == (4008, "not reading")
        assert [ws.recv(timeout=10)[:4] for _ in range(accepted)] == [f"{n:04d}" for n in range(accepted)]
        assert server_close(ws) == (4008, "not reading")
    assert_closed_once(recorder, conn.id, (4008, "not reading"))
    assert recorder.wait(lambda: not any(c in open_connections() for c in recorder.connections), 5)


def _http_get_ms(port: int) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:
        assert response.read() == b"ok"
    return (time.perf_counter() - started) * 1000


def test_1000_idle_connections_hold_no_threads(server, rec):
    recorder, key = rec
    n = 1000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 512:  # one descriptor per server-side socket
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(n + 512, hard), hard))
    process = psutil.Process()
    # warm up every code path once (and the reactor pool), so the baseline holds the one-time costs
    for _ in range(3):
        with contextlib.ExitStack() as stack:
            for _ in range(10):
                stack.enter_context(connect(server.url(key, idle=120), ping_interval=None))
    assert recorder.wait(lambda: recorder.close_count() == 30, 10)
    time.sleep(0.5)
    gc.collect()
    threads_before = process.num_threads()
    rss_before = process.memory_info().rss
    http_before = _http_get_ms(server.port)

    client = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "ws_load_client.py"), server.url(key, idle=120), str(n)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        started = time.monotonic()
        line = client.stdout.readline()  # bounded by the client's own 180 s limit
        assert line.strip() == f"OPEN {n}", line
        open_seconds = time.monotonic() - started
        assert recorder.wait(lambda: len(recorder.connections) == 30 + n, 30)
        time.sleep(0.5)
        gc.collect()
        threads_open = process.num_threads()
        rss_open = process.memory_info().rss
        pool = reactor.getThreadPool()
        pool_busy, pool_size = len(pool.working), len(pool.threads)
        http_ms = sorted(_http_get_ms(server.port) for _ in range(20))
        assert len([c for c in open_connections() if c.is_open]) >= n

        client.stdin.write("close\n")
        client.stdin.flush()
        line = client.stdout.readline()
        assert line.strip() == f"CLOSED {n}", line
        assert recorder.wait(lambda: recorder.close_count() == 30 + n, 30)
    finally:
        client.kill()
        client.wait(10)
    time.sleep(0.3)
    assert recorder.close_count() == 30 + n
    assert all(v == [(1000, "")] for v in recorder.closes.values())

    per_connection_kb = (rss_open - rss_before) / n / 1024
    report = (
        f"\n{n} idle WebSockets: opened in {open_seconds:.1f}s; threads {threads_before} -> {threads_open} "
        f"(reactor pool: {pool_size} threads, {pool_busy} busy); "
        f"RSS {rss_before / 2**20:.1f} -> {rss_open / 2**20:.1f} MiB = {per_connection_kb:.1f} KB per connection; "
        f"HTTP GET while open: median {http_ms[len(http_ms) // 2]:.1f} ms, max {http_ms[-1]:.1f} ms "
        f"(before: {http_before:.1f} ms)"
    )
    print(report)
    assert threads_open < 50
    # no thread is held by a connection: the reactor pool (max 10) is idle, and the rest did not grow
    assert pool_busy == 0
    assert threads_open - threads_before <= pool_size
    assert per_connection_kb <= 50
    # the HTTP latency in the report is for reading, not asserted: timings belong in `make bench`
