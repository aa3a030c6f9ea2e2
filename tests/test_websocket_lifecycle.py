"""Connection lifecycle and limits (docs/aws-behaviour.md §12): exactly one $disconnect per connection,
whatever ends it."""

import contextlib
import re
import socket
import threading
import time

import psutil
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.harness import LocalStack
from tests.websocket_apps import deploy_app


@pytest.fixture(scope="module")
def short_limits():
    """A LocalStack whose idle timeout and maximum duration are short enough to wait for."""
    instance = LocalStack(WS_IDLE_TIMEOUT_SECONDS="2", WS_MAX_CONNECTION_SECONDS="6").start()
    yield instance
    instance.stop()


@pytest.fixture
def app(short_limits):
    return deploy_app(short_limits)


def disconnect_of(app) -> tuple[int, str]:
    records = app.events(2)
    context = records[-1]["event"]["requestContext"]
    assert context["eventType"] == "DISCONNECT"
    assert app.no_more_events(wait=1), "more than one $disconnect"
    return context["disconnectStatusCode"], context["disconnectReason"]


def closed_by_server(ws, timeout=20) -> tuple[int, str]:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=timeout)
    return closed.value.rcvd.code, closed.value.rcvd.reason


def test_idle_timeout(app):
    with app.connect() as ws:
        started = time.monotonic()
        assert closed_by_server(ws) == (1001, "Going away")
        assert time.monotonic() - started > 1.5  # not before the idle timeout (2 s)
    assert disconnect_of(app) == (1001, "Going away")


def test_maximum_duration_even_when_active(app):
    with app.connect() as ws:
        started = time.monotonic()
        with pytest.raises(ConnectionClosed) as closed:
            for _ in range(40):  # active every 0.5 s: the idle timeout never fires
                ws.send("tick")
                ws.recv(timeout=20)
                time.sleep(0.5)
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1001, "Going away")
        assert time.monotonic() - started > 5  # not before the maximum duration (6 s)
    records = app.events(3)
    while records[-1]["event"]["requestContext"]["eventType"] != "DISCONNECT":
        records += app.events(1)
    assert records[-1]["event"]["requestContext"]["disconnectStatusCode"] == 1001


def test_frame_too_large(app):
    with app.connect(max_size=None) as ws:
        ws.send("x" * (32 * 1024 + 1))
        assert closed_by_server(ws)[0] == 1009
    assert disconnect_of(app)[0] == 1009


def test_message_too_large_in_fragments(app):
    with app.connect() as ws:
        fragments = ["y" * 30 * 1024] * 5  # 150 KB in frames of 30 KB
        ws.send(iter(fragments))
        assert closed_by_server(ws)[0] == 1009
    assert disconnect_of(app)[0] == 1009


def test_largest_allowed_message_in_fragments(app):
    with app.connect() as ws:
        ws.send(iter(["z" * 32 * 1024] * 4))  # exactly 128 KB
        assert len(ws.recv(timeout=20)) > 128 * 1024


def test_binary_frames_close_with_1003(app):
    with app.connect() as ws:
        ws.send(b"\x00\x01")
        assert closed_by_server(ws)[0] == 1003
    assert disconnect_of(app)[0] == 1003


def test_client_close_without_status(app):
    with app.connect() as ws:
        ws.close(None)  # a close frame without status code
    assert disconnect_of(app) == (1005, "Client-side close frame status not set")


def test_abrupt_tcp_loss(app):
    ws = app.connect().__enter__()
    ws.send("hello")
    ws.recv(timeout=20)
    ws.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    ws.socket.close()  # RST, no close frame
    records = app.events(3)
    context = records[-1]["event"]["requestContext"]
    assert (context["eventType"], context["disconnectStatusCode"]) == ("DISCONNECT", 1006)
    assert app.no_more_events(wait=1)


def test_idle_connections_hold_no_thread_and_the_control_plane_answers(localstack):
    # how quick the control plane stays with 10,000 idle connections is make bench's business
    app = deploy_app(localstack, routes=("$default",))
    process = psutil.Process(localstack.process.pid)
    threads_before = process.num_threads()
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(app.connect()) for _ in range(300)]
        threads_with_connections = process.num_threads()
        assert app.api_id in [api["ApiId"] for api in localstack.client("apigatewayv2").get_apis()["Items"]]
        sockets[-1].send("still served")
        assert "still served" in sockets[-1].recv(timeout=20)
    assert threads_with_connections - threads_before < 40, (threads_before, threads_with_connections)


def test_shutdown_closes_with_1001_and_runs_disconnect():
    localstack = LocalStack().start()
    with contextlib.ExitStack() as stack:
        stack.callback(localstack.stop)  # on failure too; a second stop() does nothing
        app = deploy_app(localstack)
        clients = [stack.enter_context(app.connect()) for _ in range(3)]
        for ws in clients:
            ws.send("before shutdown")
            ws.recv(timeout=20)
        codes = []

        def wait_close(ws):
            try:
                while True:
                    ws.recv(timeout=30)
            except ConnectionClosed as e:
                codes.append(e.rcvd.code if e.rcvd else None)
            except TimeoutError:
                codes.append("timeout")

        waiters = [threading.Thread(target=wait_close, args=(ws,)) for ws in clients]
        for waiter in waiters:
            waiter.start()
        exit_seconds = localstack.stop()
        for waiter in waiters:
            waiter.join(30)
    assert codes == [1001, 1001, 1001]
    assert exit_seconds < 20
    # every connection's $disconnect integration ran with 1001 (LocalStack itself already answers the
    # function's own AWS calls with 503 at that point: it is shutting down)
    disconnects = re.findall(
        r"DISCONNECT api=\S+ stage=dev connection=(\S+) route=\$disconnect close=1001 'Going away'",
        localstack.log(),
    )
    assert len(set(disconnects)) == 3


@pytest.mark.parametrize("deleted", ["api", "stage"])
def test_deleting_the_api_or_its_stage_closes_its_connections(localstack, deleted):
    """The clients of a deleted API (or stage) get 1001 "Going away"; no $disconnect runs, as its route went with
    the API (AWS: unconfirmed). Connections of other stages stay."""
    app = deploy_app(localstack)
    v2 = localstack.client("apigatewayv2")
    deployment_id = v2.get_stage(ApiId=app.api_id, StageName="dev")["DeploymentId"]
    v2.create_stage(ApiId=app.api_id, StageName="other", DeploymentId=deployment_id)
    other_url = app.url.rsplit("/", 1)[0] + "/other"
    with app.connect() as ws, connect(other_url, open_timeout=30) as other:
        connected = {
            r["event"]["requestContext"]["stage"]: r["event"]["requestContext"]["connectionId"]
            for r in app.events(2)
        }
        if deleted == "api":
            v2.delete_api(ApiId=app.api_id)
            assert closed_by_server(ws) == (1001, "Going away")
            assert closed_by_server(other) == (1001, "Going away")
            assert app.no_more_events(wait=2)
            return
        v2.delete_stage(ApiId=app.api_id, StageName="dev")
        assert closed_by_server(ws) == (1001, "Going away")
        other.send("still here")
        assert other.recv(timeout=20)
    later = [
        (r["event"]["requestContext"]["eventType"], r["event"]["requestContext"]["connectionId"])
        for r in app.events(2)
    ]
    assert later == [("MESSAGE", connected["other"]), ("DISCONNECT", connected["other"])]
    assert app.no_more_events(wait=2)
