"""Faults behind a WebSocket API (issue #12): a function process killed mid-invocation, hanging past its timeout,
writing garbage to its pipes or exiting at import; an HTTP backend that resets, hangs or answers garbage; an
``@connections`` caller that goes away mid-request; a client that stops reading; LocalStack stopped mid-traffic.

For each: the client gets AWS's answer (docs/aws-behaviour.md §15), the connection survives where
AWS's would and the next message works, the function sees exactly the events expected, and nothing leaks: no
function process or zombie left behind, LocalStack's file descriptors and threads back to their level.
"""

import base64
import collections
import contextlib
import dataclasses
import gc
import json
import re
import socket
import struct
import threading
import time
import uuid
from pathlib import Path

import boto3
import psutil
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests import runtimes
from tests.harness import LocalStack
from tests.http_backend import Backend
from tests.lambdas import create_function
from tests.websocket_apps import WebSocketApp, add_route, connection_id_api, lambda_proxy_api, new_api

RUNTIMES = ["python3.12", "nodejs20.x"]
FIXTURES = {"python3.12": "python/ws_faults", "nodejs20.x": "nodejs/ws_faults"}
FUNCTION_TIMEOUT = 3  # seconds: the fault functions' own timeout
GATEWAY_ID = r"[A-Za-z0-9_-]{15}="
HTTP_FAULT_TIMEOUT_MS = 1000
SETTLE_SECONDS = 15  # how long LocalStack may take to give back what a fault used
# each fault this often on one connection: LocalStack's footprint after the first is the baseline, which the
# others must not add to (beyond LEAK_SLACK: thread pools grow with a busier moment, a keep-alive connection
# more or less), so that a leak of one descriptor or thread per fault shows
ROUNDS = 4
LEAK_SLACK = 2


def error_frame(frame: str, message: str, connection_id: str | None = None) -> str:
    """``frame`` is API Gateway's error frame for ``message`` on that connection (any, if None)
    (docs/aws-behaviour.md §5, §8); returns the connection id in it."""
    connection = re.escape(connection_id) if connection_id else GATEWAY_ID
    pattern = rf'\{{"message": "{re.escape(message)}", "connectionId":"({connection})", "requestId":"{GATEWAY_ID}"\}}'
    match = re.fullmatch(pattern, frame)
    assert match, frame
    return match.group(1)


# ---------------------------------------------------------------------------------------------------------------
# what LocalStack holds


@dataclasses.dataclass
class Footprint:
    fds: int
    threads: int


class Watch:
    """LocalStack's process as the tests measure it: its file descriptors and threads, its function processes."""

    def __init__(self, localstack: LocalStack):
        self.localstack = localstack
        self.process = psutil.Process(localstack.process.pid)

    def footprint(self) -> Footprint:
        gc.collect()  # boto3 clients the test dropped close their connections to LocalStack
        return Footprint(sum(self.descriptors().values()), self.process.num_threads())

    def descriptors(self) -> dict[str, int]:
        """LocalStack's file descriptors by kind (socket, pipe, file name), without CloudWatch's metric database:
        LocalStack's CloudWatch opens an sqlite3 connection per call and leaves it to the garbage collector (a
        connection is in a reference cycle with its statement cache), so those come and go with LocalStack's
        garbage collections, whatever the test does."""
        kinds = collections.Counter()
        for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = str(fd.readlink())
                kinds[target.split(":")[0] if ":" in target else target.rsplit("/", 1)[-1]] += 1
        kinds.pop("metrics.db", None)
        return dict(kinds)

    def baseline(self) -> Footprint:
        """The footprint once it stopped moving (LocalStack finishes what the last request started: log shipping,
        metrics): the same for a second, or after SETTLE_SECONDS the highest seen."""
        deadline = time.monotonic() + SETTLE_SECONDS
        last = self.footprint()
        highest = last
        while time.monotonic() < deadline:
            time.sleep(1)
            now = self.footprint()
            if now == last:
                return now
            highest = Footprint(max(highest.fds, now.fds), max(highest.threads, now.threads))
            last = now
        return highest

    def function_processes(self, function_name: str) -> list[psutil.Process]:
        found = []
        for child in self.process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if child.environ().get("AWS_LAMBDA_FUNCTION_NAME") == function_name:
                    found.append(child)
        return found

    def zombies(self) -> list[int]:
        found = []
        for child in self.process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if child.status() == psutil.STATUS_ZOMBIE:
                    found.append(child.pid)
        return found

    def assert_back_to(self, baseline: Footprint) -> None:
        """Within SETTLE_SECONDS, LocalStack holds no more file descriptors nor threads than at ``baseline`` (give or
        take LEAK_SLACK), and no child of it is a zombie."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            now = self.footprint()
            zombies = self.zombies()
            if (
                now.fds <= baseline.fds + LEAK_SLACK
                and now.threads <= baseline.threads + LEAK_SLACK
                and not zombies
            ):
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"LocalStack holds more than before: {now} vs {baseline}; zombies {zombies}; "
                    f"its descriptors: {self.descriptors()}"
                )
            time.sleep(0.2)

    def assert_clean_log(self, start: int = 0) -> None:
        log = self.localstack.log()[start:]
        assert "Traceback" not in log
        assert [line for line in log.splitlines() if " ERROR --- " in line] == []


@pytest.fixture(scope="module")
def faults_localstack(node_runtimes, tmp_path_factory):
    """A LocalStack of this module's own: its file descriptors, threads and memory are measured. It has served
    WebSocket messages, a function (its SQS calls, logs and metrics) and a failed invocation before the first test,
    so that what LocalStack starts once (services, pools) is there before anything is measured."""
    instance = LocalStack(**runtimes.interpreter_overrides(node_runtimes)).start()
    try:
        warm_up = deploy_fault_app(instance, "python3.12", tmp_path_factory.mktemp("warm-up"))
        with warm_up.connect() as ws:
            for action in ("hello", "kill", "garbage"):
                ws.send(json.dumps({"action": action}))
                ws.recv(timeout=30)
        warm_up.app.events(5, timeout=30)
        yield instance
    finally:
        instance.stop()


@pytest.fixture(scope="module")
def watch(faults_localstack):
    return Watch(faults_localstack)


@pytest.fixture(autouse=True)
def clean_log(request):
    """No fault may leave a traceback or an ERROR line in LocalStack's log (in what the test added to it)."""
    if "watch" not in request.fixturenames:
        yield
        return
    watch = request.getfixturevalue("watch")
    start = len(watch.localstack.log())
    yield
    watch.assert_clean_log(start)


# ---------------------------------------------------------------------------------------------------------------
# the fault functions behind a WebSocket API


@dataclasses.dataclass
class FaultApp:
    app: WebSocketApp
    flag: Path  # while this file exists, the function's process exits at import

    def connect(self, **kwargs):
        return self.app.connect(**kwargs)

    def ask(self, ws, message: dict, timeout: float = 30) -> dict:
        """Sends ``message``; the function's answer."""
        ws.send(json.dumps(message))
        frame = ws.recv(timeout=timeout)
        answer = json.loads(frame)
        assert answer.get("route") == "$default", frame
        return answer

    def recorded(self, count: int) -> list[tuple[str, str | None]]:
        """The next ``count`` events the function recorded, as (event type, body), and no more."""
        records = self.app.events(count, timeout=30)
        assert self.app.no_more_events(wait=2), "more events than expected"
        return [(r["event"]["requestContext"]["eventType"], r["event"].get("body")) for r in records]


def deploy_fault_app(localstack, runtime: str, tmp_dir: Path, timeout: int = FUNCTION_TIMEOUT) -> FaultApp:
    """A ws_faults function behind a Lambda proxy API ($connect, $disconnect, two-way $default)."""
    lambda_client = localstack.client("lambda")
    queue_url = localstack.client("sqs").create_queue(
        QueueName=f"ws-faults-{uuid.uuid4().hex[:8]}.fifo", Attributes={"FifoQueue": "true"}
    )["QueueUrl"]
    flag = tmp_dir / f"exit-at-import-{uuid.uuid4().hex[:8]}"
    name = create_function(
        lambda_client,
        FIXTURES[runtime],
        runtime,
        "index.handler",
        Timeout=timeout,
        Environment={"Variables": {"EVENTS_QUEUE_URL": queue_url, "EXIT_AT_IMPORT_IF": str(flag)}},
    )
    arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    api_id, route_ids = lambda_proxy_api(localstack, arn)
    return FaultApp(WebSocketApp(localstack, api_id, "dev", name, queue_url, route_ids), flag)


@pytest.fixture
def fault_apps(faults_localstack, node_runtimes, tmp_path):
    """Makes a fault app of its own for the test: ``fault_apps(runtime, timeout=...)``."""

    def make(runtime: str, timeout: int = FUNCTION_TIMEOUT) -> FaultApp:
        if runtime.startswith("nodejs") and runtime not in node_runtimes:
            pytest.skip(f"no interpreter for {runtime}")
        return deploy_fault_app(faults_localstack, runtime, tmp_path, timeout)

    return make


def direct_invoke(localstack, function_name: str, message: dict) -> dict:
    """The function invoked through the Lambda API with a MESSAGE event carrying ``message``: AWS's answer."""
    event = {
        "requestContext": {"routeKey": "$default", "connectionId": "direct"},
        "body": json.dumps(message),
    }
    response = localstack.client("lambda").invoke(
        FunctionName=function_name, Payload=json.dumps(event).encode()
    )
    return {
        "request_id": response["ResponseMetadata"]["RequestId"],
        "function_error": response.get("FunctionError"),
        "payload": json.loads(response["Payload"].read()),
    }


def gone(pid: int) -> bool:
    """The process ended and was reaped (a zombie would be a leak)."""
    return not psutil.pid_exists(pid)


# ---------------------------------------------------------------------------------------------------------------
# function faults


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_function_killed_mid_invocation(faults_localstack, watch, fault_apps, runtime):
    """The process dies in the handler (SIGKILL): the message gets the error frame, the connection stays open,
    the next message runs in a fresh process; AWS's Runtime.ExitError says "signal: killed"."""
    fault = fault_apps(runtime)
    with fault.connect() as ws:
        first = fault.ask(ws, {"action": "hello"})
        connection_id, pid = first["connectionId"], first["pid"]
        for cycle in range(ROUNDS):
            ws.send('{"action": "kill"}')
            error_frame(ws.recv(timeout=30), "Internal server error", connection_id)
            after = fault.ask(ws, {"action": "after kill"})
            assert after["pid"] != pid  # a fresh process: the killed one is gone, reaped
            assert gone(pid)
            pid = after["pid"]
            if cycle == 0:
                baseline = watch.baseline()  # what LocalStack holds once it met the fault
        assert [p.pid for p in watch.function_processes(fault.app.function_name)] == [pid]
        watch.assert_back_to(baseline)
    assert fault.recorded(2 + 2 * ROUNDS + 1) == [
        ("CONNECT", None),
        ("MESSAGE", '{"action": "hello"}'),
        *[("MESSAGE", '{"action": "kill"}'), ("MESSAGE", '{"action": "after kill"}')] * ROUNDS,
        ("DISCONNECT", None),
    ]
    # what the Lambda API reports, as AWS does for a runtime killed by a signal
    killed = direct_invoke(faults_localstack, fault.app.function_name, {"action": "kill"})
    assert killed["function_error"] == "Unhandled"
    assert killed["payload"] == {
        "errorType": "Runtime.ExitError",
        "errorMessage": f"RequestId: {killed['request_id']} Error: Runtime exited with error: signal: killed",
    }


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_function_hanging_past_its_timeout(watch, fault_apps, runtime):
    """A handler still running at the function's timeout: Lambda's Sandbox.Timedout is a function error, so the
    client gets the error frame after the function's timeout (not the integration's 29 s); the process is
    replaced."""
    fault = fault_apps(runtime, timeout=1)
    with fault.connect() as ws:
        first = fault.ask(ws, {"action": "hello"})
        connection_id, pid = first["connectionId"], first["pid"]
        for cycle in range(ROUNDS):
            started = time.monotonic()
            ws.send('{"action": "hang", "seconds": 60}')
            error_frame(ws.recv(timeout=30), "Internal server error", connection_id)
            assert 0.9 < time.monotonic() - started < 6  # the function's 1 s
            after = fault.ask(ws, {"action": "after timeout"})
            assert after["pid"] != pid
            assert gone(pid)
            pid = after["pid"]
            if cycle == 0:
                baseline = watch.baseline()
        assert [p.pid for p in watch.function_processes(fault.app.function_name)] == [pid]
        watch.assert_back_to(baseline)
    assert fault.recorded(2 + 2 * ROUNDS + 1) == [
        ("CONNECT", None),
        ("MESSAGE", '{"action": "hello"}'),
        *[("MESSAGE", '{"action": "hang", "seconds": 60}'), ("MESSAGE", '{"action": "after timeout"}')]
        * ROUNDS,
        ("DISCONNECT", None),
    ]


def test_function_outliving_the_integration_timeout(faults_localstack, watch, fault_apps):
    """A route whose TimeoutInMillis is shorter than the function's run: the client gets the timeout frame at
    TimeoutInMillis, the function finishes on its own and its late answer never reaches the client."""
    fault = fault_apps("python3.12")
    v2 = faults_localstack.client("apigatewayv2")
    arn = faults_localstack.client("lambda").get_function(FunctionName=fault.app.function_name)[
        "Configuration"
    ]["FunctionArn"]
    add_route(
        v2,
        fault.app.api_id,
        "slow",
        {"IntegrationType": "AWS_PROXY", "IntegrationUri": arn, "TimeoutInMillis": 1000},
    )
    v2.create_deployment(ApiId=fault.app.api_id, StageName="dev")
    with fault.connect() as ws:
        connection_id = fault.ask(ws, {"action": "hello"})["connectionId"]
        started = time.monotonic()
        ws.send('{"action": "slow", "seconds": 2}')
        error_frame(ws.recv(timeout=30), "Endpoint request timed out", connection_id)
        assert 0.9 < time.monotonic() - started < 1.9
        after = fault.ask(ws, {"action": "after timeout"})  # (another environment: the first one is busy)
        time.sleep(2)  # the slow invocation is over: its answer was dropped
        with pytest.raises(TimeoutError):
            ws.recv(timeout=1)
        processes = watch.function_processes(fault.app.function_name)
        assert after["pid"] in [p.pid for p in processes] and len(processes) <= 2
    assert fault.recorded(5) == [
        ("CONNECT", None),
        ("MESSAGE", '{"action": "hello"}'),
        ("MESSAGE", '{"action": "slow", "seconds": 2}'),
        ("MESSAGE", '{"action": "after timeout"}'),
        ("DISCONNECT", None),
    ]


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_function_writing_garbage_to_its_pipes(faults_localstack, watch, fault_apps, runtime):
    """Binary garbage on stdout, stderr and the runtime's own pipes to the executor: as on AWS (where a function
    can only reach the runtime API, which ignores what is not a runtime call) the invocation answers normally,
    the environment stays, and the garbage is in the function's logs, not in LocalStack's failures."""
    fault = fault_apps(runtime)
    with fault.connect() as ws:
        first = fault.ask(ws, {"action": "hello"})
        pid = first["pid"]
        for cycle in range(ROUNDS):
            answer = fault.ask(ws, {"action": "garbage"})
            assert (answer["echo"], answer["pid"]) == ('{"action": "garbage"}', pid)
            assert fault.ask(ws, {"action": "after garbage"})["pid"] == pid
            if cycle == 0:
                baseline = watch.baseline()
        assert [p.pid for p in watch.function_processes(fault.app.function_name)] == [pid]
        watch.assert_back_to(baseline)
    assert fault.recorded(2 + 2 * ROUNDS + 1) == [
        ("CONNECT", None),
        ("MESSAGE", '{"action": "hello"}'),
        *[("MESSAGE", '{"action": "garbage"}'), ("MESSAGE", '{"action": "after garbage"}')] * ROUNDS,
        ("DISCONNECT", None),
    ]
    response = faults_localstack.client("lambda").invoke(
        FunctionName=fault.app.function_name,
        Payload=json.dumps(
            {
                "requestContext": {"routeKey": "$default", "connectionId": "direct"},
                "body": '{"action": "garbage"}',
            }
        ).encode(),
        LogType="Tail",
    )
    assert "FunctionError" not in response
    assert json.loads(json.loads(response["Payload"].read())["body"])["pid"] == pid
    # LogResult is the log's last 4 KB as bytes (as on AWS), so its first character may be cut in half
    log_tail = base64.b64decode(response["LogResult"]).decode(errors="replace")
    assert "{not json" in log_tail and "\ufffd no newline at the end" in log_tail  # the garbage, as text
    fault.app.drain()


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_function_exiting_at_import(faults_localstack, watch, fault_apps, runtime):
    """A process that exits while loading the handler: every message meanwhile gets the error frame and the
    connection stays open; once the code loads again, the next message runs. A $connect of such a function
    fails the handshake with 502."""
    fault = fault_apps(runtime)
    with fault.connect() as ws:
        first = fault.ask(ws, {"action": "hello"})
        connection_id, pid = first["connectionId"], first["pid"]
        # LocalStack meets a failing invocation once before its footprint is taken
        ws.send('{"action": "kill"}')
        error_frame(ws.recv(timeout=30), "Internal server error", connection_id)
        pid = fault.ask(ws, {"action": "hello again"})["pid"]
        baseline = watch.baseline()
        fault.flag.touch()
        try:
            ws.send('{"action": "kill"}')  # the warm process goes; the next ones exit at import
            error_frame(ws.recv(timeout=30), "Internal server error", connection_id)
            for _ in range(3):
                ws.send('{"action": "while broken"}')
                error_frame(ws.recv(timeout=30), "Internal server error", connection_id)
            assert watch.function_processes(fault.app.function_name) == []
            broken = direct_invoke(faults_localstack, fault.app.function_name, {"action": "direct"})
        finally:
            fault.flag.unlink()
        assert broken["function_error"] == "Unhandled"
        assert broken["payload"] == {
            "errorType": "Runtime.ExitError",
            "errorMessage": f"RequestId: {broken['request_id']} Error: Runtime exited with error: exit status 2",
        }
        after = fault.ask(ws, {"action": "after import fixed"})
        assert after["pid"] != pid
        assert [p.pid for p in watch.function_processes(fault.app.function_name)] == [after["pid"]]
        watch.assert_back_to(baseline)
    assert fault.recorded(7) == [
        ("CONNECT", None),
        ("MESSAGE", '{"action": "hello"}'),
        ("MESSAGE", '{"action": "kill"}'),
        ("MESSAGE", '{"action": "hello again"}'),
        ("MESSAGE", '{"action": "kill"}'),
        ("MESSAGE", '{"action": "after import fixed"}'),
        ("DISCONNECT", None),
    ]

    # a function that cannot load from its first start: the handshake fails, and works once it loads
    fresh = fault_apps(runtime)
    fresh.flag.touch()
    try:
        with pytest.raises(InvalidStatus) as refused:
            with fresh.connect():
                pass
    finally:
        fresh.flag.unlink()
    assert refused.value.response.status_code == 502
    assert json.loads(refused.value.response.body) == {"message": "Internal server error"}
    with fresh.connect() as ws:
        assert fresh.ask(ws, {"action": "loaded"})["echo"] == '{"action": "loaded"}'
    assert fresh.recorded(3) == [("CONNECT", None), ("MESSAGE", '{"action": "loaded"}'), ("DISCONNECT", None)]


# ---------------------------------------------------------------------------------------------------------------
# HTTP backend faults

HTTP_FAULTS = {
    # fault: (error frame message, $connect status)
    "reset": ("Internal server error", 502),
    "garbage": ("Internal server error", 502),
    "truncated": ("Internal server error", 502),
    "hang": ("Endpoint request timed out", 504),
    "stall": ("Endpoint request timed out", 504),
}


@pytest.fixture(scope="module")
def fault_backend():
    server = Backend()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def http_fault_api(faults_localstack, fault_backend):
    """A route per backend fault (HTTP_PROXY, TimeoutInMillis 1 s) and $default echoing through the backend."""
    v2 = faults_localstack.client("apigatewayv2")
    api_id = new_api(v2, "http-faults")
    for fault in HTTP_FAULTS:
        add_route(
            v2,
            api_id,
            fault,
            {
                "IntegrationType": "HTTP_PROXY",
                "IntegrationMethod": "POST",
                "IntegrationUri": f"{fault_backend.url}/{fault}",
                "TimeoutInMillis": HTTP_FAULT_TIMEOUT_MS,
            },
        )
    add_route(
        v2,
        api_id,
        "$default",
        {
            "IntegrationType": "HTTP_PROXY",
            "IntegrationMethod": "POST",
            "IntegrationUri": f"{fault_backend.url}/echo",
        },
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{faults_localstack.port}/_aws/execute-api/{api_id}/dev"


@pytest.mark.parametrize("fault", list(HTTP_FAULTS))
def test_http_backend_fault(faults_localstack, watch, fault_backend, http_fault_api, fault):
    """A backend that resets the connection, answers what is not HTTP or a body shorter than it promised is an
    integration failure (error frame; 502 on $connect); one that answers nothing, or stops after its headers,
    times out at TimeoutInMillis (timeout frame; 504 on $connect). The connection stays open."""
    message, connect_status = HTTP_FAULTS[fault]
    with connect(http_fault_api, open_timeout=30) as ws:
        ws.send('{"action": "hello"}')
        assert ws.recv(timeout=30) == '{"action": "hello"}'
        fault_backend.requests.clear()
        connection_id = None
        for n in range(ROUNDS):
            started = time.monotonic()
            ws.send(json.dumps({"action": fault, "n": n}))
            frame = ws.recv(timeout=30)
            elapsed = time.monotonic() - started
            connection_id = error_frame(frame, message, connection_id)
            if connect_status == 504:
                assert HTTP_FAULT_TIMEOUT_MS / 1000 - 0.05 < elapsed < HTTP_FAULT_TIMEOUT_MS / 1000 + 2
            else:
                assert elapsed < 2
            ws.send(f"next {n}")
            assert ws.recv(timeout=30) == f"next {n}"
            if n == 0:
                baseline = watch.baseline()
        assert [(r["path"], r["body"]) for r in fault_backend.requests] == [
            item
            for n in range(ROUNDS)
            for item in (
                (f"/{fault}", json.dumps({"action": fault, "n": n}).encode()),
                ("/echo", f"next {n}".encode()),
            )
        ]
        watch.assert_back_to(baseline)

    v2 = faults_localstack.client("apigatewayv2")
    api_id = new_api(v2, f"connect-{fault}")
    add_route(
        v2,
        api_id,
        "$connect",
        {
            "IntegrationType": "HTTP_PROXY",
            "IntegrationMethod": "POST",
            "IntegrationUri": f"{fault_backend.url}/{fault}",
            "TimeoutInMillis": HTTP_FAULT_TIMEOUT_MS,
        },
        two_way=False,
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    with pytest.raises(InvalidStatus) as refused:
        with connect(
            f"ws://127.0.0.1:{faults_localstack.port}/_aws/execute-api/{api_id}/dev", open_timeout=30
        ):
            pass
    assert refused.value.response.status_code == connect_status
    assert json.loads(refused.value.response.body) == {"message": message}


# ---------------------------------------------------------------------------------------------------------------
# the @connections API and the client


@pytest.fixture(scope="module")
def mock_api(faults_localstack):
    """Every message answers its connection id (MOCK): no function in the way."""
    return connection_id_api(faults_localstack.client("apigatewayv2"), "push")


def management_client(localstack, api_id: str):
    return boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=f"{localstack.endpoint}/_aws/execute-api/{api_id}/dev",
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 0}, read_timeout=30),
    )


def connection_id_of(ws) -> str:
    ws.send("who am i")
    return json.loads(ws.recv(timeout=30))["connectionId"]


def watch_for(localstack, start: int, pattern: str, timeout: float = 10) -> bool:
    """Whether ``pattern`` shows up in LocalStack's log after ``start`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if re.search(pattern, localstack.log()[start:]):
            return True
        time.sleep(0.1)
    return False


def raw_post(localstack, api_id: str, connection_id: str, body: bytes, send: int | None, how: str) -> None:
    """A PostToConnection request on a socket of its own that the caller abandons: it sends the request up to byte
    ``send`` of the whole (headers + body; None: all of it) and then closes (``how="close"``: FIN) or resets
    (``"reset"``: RST) the connection, without reading any answer."""
    request = (
        f"POST /_aws/execute-api/{api_id}/dev/@connections/{connection_id} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{localstack.port}\r\n"
        "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/execute-api/aws4_request, "
        "SignedHeaders=host, Signature=0\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    with socket.create_connection(("127.0.0.1", localstack.port), timeout=10) as sock:
        sock.sendall(request[:send])
        if how == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_connections_caller_going_away_mid_request(faults_localstack, watch, mock_api):
    """Callers that send half a PostToConnection (half its headers, half its body) and go away, with a FIN or a
    RST: nothing reaches the connection, LocalStack is unaffected, the connection and the API work on."""
    client = management_client(faults_localstack, mock_api)
    url = f"ws://127.0.0.1:{faults_localstack.port}/_aws/execute-api/{mock_api}/dev"
    with connect(url, open_timeout=30) as ws:
        connection_id = connection_id_of(ws)
        big = b"b" * (120 * 1024)
        for cycle in range(ROUNDS):
            for _ in range(5):
                raw_post(faults_localstack, mock_api, connection_id, big, 60, "close")  # half the headers
                raw_post(faults_localstack, mock_api, connection_id, big, 60 * 1024, "close")  # half the body
                raw_post(faults_localstack, mock_api, connection_id, big, 60 * 1024, "reset")
            client.post_to_connection(ConnectionId=connection_id, Data=f"after {cycle}".encode())
            assert ws.recv(timeout=30) == f"after {cycle}"  # and none of the halves
            with pytest.raises(TimeoutError):
                ws.recv(timeout=1)
            assert connection_id_of(ws) == connection_id
            if cycle == 0:
                baseline = watch.baseline()
        watch.assert_back_to(baseline)


def test_connections_caller_going_away_before_the_answer(faults_localstack, watch, mock_api):
    """Callers that send a whole PostToConnection and close the connection without waiting for the answer: each
    message reaches the connection at most once (LocalStack may notice the caller gone before it reads the
    body), and that is no error of LocalStack's: nothing in its log, the connection works on."""
    client = management_client(faults_localstack, mock_api)
    url = f"ws://127.0.0.1:{faults_localstack.port}/_aws/execute-api/{mock_api}/dev"
    with connect(url, open_timeout=30) as ws:
        connection_id = connection_id_of(ws)
        for cycle in range(ROUNDS):
            for n in range(5):
                raw_post(
                    faults_localstack, mock_api, connection_id, f"whole {cycle} {n}".encode(), None, "close"
                )
            client.post_to_connection(ConnectionId=connection_id, Data=f"after {cycle}".encode())
            received = []
            for _ in range(7):  # bounded: the whole ones, "after"
                received.append(ws.recv(timeout=30))
                if received[-1] == f"after {cycle}":
                    break
            # the whole ones were posted before "after", each on a request of its own: some may overtake it
            with contextlib.suppress(TimeoutError):
                for _ in range(5):
                    received.append(ws.recv(timeout=1))
            wholes = [frame for frame in received if frame.startswith("whole")]
            assert len(wholes) == len(set(wholes)) and set(wholes) <= {f"whole {cycle} {n}" for n in range(5)}
            assert received.count(f"after {cycle}") == 1
            assert connection_id_of(ws) == connection_id
            if cycle == 0:
                baseline = watch.baseline()
        watch.assert_back_to(baseline)


SLOW_READER_PUSHES = 400  # of 128 KB each: 50 MB if LocalStack kept them all
SLOW_READER_MAX_GROWTH = 16 * 1024 * 1024


def test_client_that_stops_reading(faults_localstack, watch, mock_api):
    """Backpressure: a client that stops reading while the server pushes 128 KB messages. Once WS_CLIENT_BUFFER_BYTES
    (1 MB) wait for it, PostToConnection answers AWS's 429 LimitExceededException ("the WebSocket client side
    buffer is full") and LocalStack's memory stays bounded; the connection stays open. A route's answer that
    finds the buffer full closes the connection with 1001 "Going away" and its $disconnect gets the same: the
    client, reading again, gets every push that was accepted, in order, then the close frame."""
    client = management_client(faults_localstack, mock_api)
    sock = socket.create_connection(("127.0.0.1", faults_localstack.port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    url = f"ws://127.0.0.1:{faults_localstack.port}/_aws/execute-api/{mock_api}/dev"
    # max_queue=1: the client library stops reading the socket as soon as one frame waits in its queue
    with connect(url, sock=sock, open_timeout=30, max_queue=1, max_size=None, ping_interval=None) as ws:
        connection_id = connection_id_of(ws)
        baseline = watch.baseline()
        rss_before = watch.process.memory_info().rss
        accepted, refused = 0, None
        for n in range(SLOW_READER_PUSHES):
            data = f"{n:06d}".encode() + b"p" * (128 * 1024 - 6)
            try:
                client.post_to_connection(ConnectionId=connection_id, Data=data)
            except ClientError as e:
                refused = e.response
                break
            accepted += 1
        growth = watch.process.memory_info().rss - rss_before
        assert refused is not None, (
            f"all {accepted} pushes accepted; LocalStack's RSS grew {growth / 2**20:.1f} MB"
        )
        assert (refused["ResponseMetadata"]["HTTPStatusCode"], refused["Error"]["Code"]) == (
            429,
            "LimitExceededException",
        )
        assert growth < SLOW_READER_MAX_GROWTH, f"LocalStack's RSS grew {growth / 2**20:.1f} MB"
        assert client.get_connection(ConnectionId=connection_id)  # still open
        log_start = len(faults_localstack.log())
        ws.send("who am i")  # its answer finds the buffer full: the connection is closed, $disconnect runs
        disconnected = rf"DISCONNECT api={mock_api} stage=dev connection={re.escape(connection_id)} "
        assert watch_for(
            faults_localstack, log_start, disconnected + r"route=\$disconnect close=1001 'Going away' "
        )
        with pytest.raises(ClientError) as gone:
            client.post_to_connection(ConnectionId=connection_id, Data=b"too late")
        assert gone.value.response["Error"]["Code"] == "GoneException"
        received = [ws.recv(timeout=30)[:6] for _ in range(accepted)]
        assert received == [f"{n:06d}" for n in range(accepted)]
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=30)
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1001, "Going away")
    # the API serves on, and LocalStack holds no more than before
    with connect(url, open_timeout=30) as ws:
        assert connection_id_of(ws) != connection_id
    watch.assert_back_to(baseline)


# ---------------------------------------------------------------------------------------------------------------
# LocalStack stopped mid-traffic


def test_localstack_stopped_mid_traffic(node_runtimes):
    """SIGTERM while clients send, invocations run (some for seconds) and clients connect and disconnect: every
    client gets 1001 "Going away", every connection LocalStack accepted gets exactly one $disconnect (an HTTP
    backend's, which can run whatever LocalStack has stopped), LocalStack exits in bounded time and no function
    process outlives it."""
    localstack = LocalStack(**runtimes.interpreter_overrides(node_runtimes)).start()
    backend = Backend()
    with contextlib.ExitStack() as stack:
        stack.callback(backend.stop)
        stack.callback(localstack.stop)  # on failure too; a second stop() does nothing
        lambda_client, v2 = localstack.client("lambda"), localstack.client("apigatewayv2")
        name = create_function(lambda_client, "python/ws_faults", "python3.12", "index.handler", Timeout=30)
        arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
        api_id = new_api(v2, "stopped")
        add_route(v2, api_id, "$default", {"IntegrationType": "AWS_PROXY", "IntegrationUri": arn})
        add_route(
            v2,
            api_id,
            "$disconnect",
            {
                "IntegrationType": "HTTP_PROXY",
                "IntegrationMethod": "POST",
                "IntegrationUri": f"{backend.url}/disconnect",
                "RequestParameters": {"integration.request.header.X-Connection-Id": "context.connectionId"},
            },
            two_way=False,
        )
        v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
        url = f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev"

        closes: dict[int, tuple] = {}
        ready = threading.Barrier(7, timeout=60)

        def client(n: int, seconds: float) -> None:
            """Connects, then sends messages one after the other (each sleeping ``seconds`` in the function)."""
            try:
                with connect(url, open_timeout=30) as ws:
                    ws.send("{}")
                    ws.recv(timeout=30)
                    ready.wait()
                    for _ in range(2000):
                        ws.send(json.dumps({"action": "work", "seconds": seconds}))
                        ws.recv(timeout=60)
                closes[n] = ("not closed by the server",)
            except ConnectionClosed as e:
                closes[n] = (e.rcvd.code, e.rcvd.reason) if e.rcvd else ("no close frame",)
            except Exception as e:  # noqa: BLE001 - reported in the assertion
                closes[n] = (repr(e),)

        stop_churning = threading.Event()

        def churn() -> None:
            """Connects and disconnects over and over, through the shutdown."""
            for _ in range(5000):
                if stop_churning.is_set():
                    return
                try:
                    with connect(url, open_timeout=5) as ws:
                        ws.send("{}")
                        ws.recv(timeout=10)
                except Exception:  # noqa: BLE001 - refused once LocalStack stops: that is the point
                    time.sleep(0.05)

        clients = [threading.Thread(target=client, args=(n, 5 if n < 2 else 0.02)) for n in range(6)]
        churner = threading.Thread(target=churn)
        for thread in [*clients, churner]:
            thread.start()
        ready.wait()
        time.sleep(1)  # two invocations of 5 s under way, four clients sending, one churning
        processes = Watch(localstack).function_processes(name)
        assert len(processes) >= 2

        exit_seconds = localstack.stop()

        for thread in clients:
            thread.join(60)
        stop_churning.set()
        churner.join(60)
        assert closes == {n: (1001, "Going away") for n in range(6)}
        assert exit_seconds < 20, f"LocalStack took {exit_seconds:.1f} s to exit"
        log = localstack.log()
        accepted = re.findall(
            rf"CONNECT api={api_id} stage=dev connection=(\S+) route=\$connect no integration", log
        )
        disconnected = collections.Counter(
            r["headers"].get("X-Connection-Id") for r in backend.requests if r["path"] == "/disconnect"
        )
        assert len(accepted) > 6
        assert disconnected == {connection_id: 1 for connection_id in accepted}
        assert "Traceback" not in log
        _, alive = psutil.wait_procs(processes, timeout=5)
        assert alive == []
        leftovers = []
        for process in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                if process.environ().get("AWS_LAMBDA_FUNCTION_NAME") == name:
                    leftovers.append(process.pid)
        assert leftovers == []
