"""Faults below the gateway, against real processes and a real HTTP server (tests/test_faults.py has them end to
end): a function process that writes garbage to its control pipe, closes it or dies, HTTP backends that break
the exchange (the shim, with patches/next_gen_integration_timeout.py installed as at LocalStack's startup), and an
@connections caller gone before LocalStack read its request."""

import io
import json
import sys
import textwrap
import time

import psutil
import pytest
from localstack.aws.api import RequestContext
from localstack.http import Request, Response

from localstack_ws_ext.execute_api import router as router_module
from localstack_ws_ext.lambda_runtime import process as runtime_process
from localstack_ws_ext.lambda_runtime.process import ProcessExited, RuntimeProcess, exit_status
from localstack_ws_ext.patches import next_gen_integration_timeout
from localstack_ws_ext.shim.http_integration import BackendRequestFailed, BackendTimedOut, call_backend
from tests.http_backend import Backend

# what each child script starts with: the control pipes, as the bootstraps find them
PIPES = """
import json, os, signal, sys, time
control_in, control_out = (int(fd) for fd in os.environ["_LOCALSTACK_RUNTIME_FDS"].split(","))
"""


@pytest.fixture
def child(tmp_path):
    """Starts ``python -c <PIPES + code>`` as a runtime process; every one is killed after the test."""
    started = []

    def start(code: str) -> RuntimeProcess:
        process = RuntimeProcess([sys.executable, "-c", PIPES + textwrap.dedent(code)], {}, str(tmp_path))
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


def receive(process: RuntimeProcess, seconds: float = 10) -> dict:
    with process.in_use():
        return process.receive(time.monotonic() + seconds)


@pytest.mark.parametrize(
    ("exit_code", "described"),
    [
        (0, "exit status 0"),
        (3, "exit status 3"),
        (-9, "signal: killed"),
        (-11, "signal: segmentation fault"),
        (-6, "signal: aborted"),
        (-15, "signal: terminated"),
        (-64, "signal: signal 64"),
        (None, "exit status unknown"),
    ],
)
def test_exit_status_as_aws_reports_it(exit_code, described):
    assert exit_status(exit_code) == described
    assert str(ProcessExited(exit_code)) == f"Runtime exited with error: {described}"


def test_garbage_on_the_control_pipe_is_skipped(child):
    process = child(
        """
        os.write(control_out, b'\\x00\\xff garbage\\n{not json}\\n[1, 2]\\n{"type": "unknown"}\\n\\xfe no newline ')
        os.write(control_out, b'{"type": "ready"}\\n')
        os.fdopen(control_in, "rb").readline()  # the invoke
        answer = json.dumps({"type": "x", "text": '{"type" inside'})
        reply = json.dumps({"type": "response", "invoke-id": "1", "payload": answer})
        os.write(control_out, b"junk" + reply.encode() + b"\\n")
        time.sleep(30)
        """
    )
    assert receive(process) == {"type": "ready"}
    with process.in_use():
        process.send({"type": "invoke", "invoke-id": "1"})
    response = receive(process)
    assert response["type"] == "response"
    assert json.loads(response["payload"]) == {"type": "x", "text": '{"type" inside'}
    assert process.is_alive()


def test_garbage_without_newline_is_bounded(child, monkeypatch):
    monkeypatch.setattr(runtime_process, "MESSAGE_BUFFER_LIMIT", 100_000)
    process = child(
        """
        for _ in range(100):
            os.write(control_out, b"\\xff" * 10_000)  # 1 MB, no newline
        os.write(control_out, b'{"type": "ready"}\\n')
        time.sleep(30)
        """
    )
    assert receive(process) == {"type": "ready"}
    assert len(process._message_buffer) <= 100_000


def test_a_process_that_closes_its_control_pipe_is_killed(child):
    process = child(
        """
        os.close(control_out)
        time.sleep(30)
        """
    )
    pid = process.pid
    started = time.monotonic()
    with pytest.raises(ProcessExited) as exited:
        receive(process)
    assert time.monotonic() - started < 8
    assert exited.value.exit_code == -9
    assert str(exited.value) == "Runtime exited with error: signal: killed"
    assert not psutil.pid_exists(pid)


@pytest.mark.parametrize(
    ("code", "exit_code"), [("os.kill(os.getpid(), signal.SIGKILL)", -9), ("os._exit(3)", 3)]
)
def test_a_process_that_dies_reports_how(child, code, exit_code):
    process = child(code)
    with pytest.raises(ProcessExited) as exited:
        receive(process)
    assert exited.value.exit_code == exit_code


# ---------------------------------------------------------------------------------------------------------------
# HTTP backends breaking the exchange


@pytest.fixture(scope="module")
def backend():
    next_gen_integration_timeout.install()
    server = Backend()
    yield server
    server.stop()


@pytest.mark.parametrize("fault", ["reset", "garbage", "truncated"])
def test_a_broken_answer_is_a_failure(backend, fault):
    with pytest.raises(BackendRequestFailed) as error:
        call_backend("HTTP_PROXY", "POST", f"{backend.url}/{fault}", [], {}, b"{}", timeout_seconds=2)
    assert not isinstance(error.value, BackendTimedOut)


@pytest.mark.parametrize("fault", ["hang", "stall"])
@pytest.mark.parametrize("integration_type", ["HTTP", "HTTP_PROXY"])
def test_silence_after_the_request_or_the_headers_is_a_timeout(backend, fault, integration_type):
    started = time.monotonic()
    with pytest.raises(BackendTimedOut):
        call_backend(integration_type, "POST", f"{backend.url}/{fault}", [], {}, b"{}", timeout_seconds=0.3)
    assert 0.25 < time.monotonic() - started < 2


# ---------------------------------------------------------------------------------------------------------------
# an @connections caller gone before its body was read


class Chain:
    terminated = False

    def terminate(self):
        self.terminated = True


def test_a_connections_caller_gone_before_its_body_was_read(monkeypatch):
    """twisted closes a request's body when its caller hangs up: such a PostToConnection ends quietly (nobody to
    answer) instead of as LocalStack's "exception during call chain" ERROR."""
    monkeypatch.setattr(router_module, "find_api", lambda api_id: object())
    body = io.BytesIO(b"half")
    body.close()
    request = Request("POST", "/_aws/execute-api/abcdefghij/dev/@connections/c1=", body=body)
    context = RequestContext(request)
    chain = Chain()
    router_module.router(chain, context, Response())
    assert chain.terminated and context.request is request
