"""LocalStack's RuntimeExecutor for host subprocesses: Lambda functions without Docker.

LocalStack's Lambda service stays in charge (versions, environments, concurrency, keep-alive, logs); this executor
only replaces the container with a process of the matching host interpreter running our bootstrap. What the
container's init does on AWS and in LocalStack's Docker executor is done here: the deadline (the process is
killed and replaced on the next invoke, as AWS re-initialises a timed-out sandbox), AWS's error payloads for
timeouts and crashes, and the START/END/REPORT log records.
"""

import json
import logging
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from localstack import config, constants
from localstack.aws.api.lambda_ import PackageType
from localstack.services.lambda_.invocation.executor_endpoint import StatusErrorException
from localstack.services.lambda_.invocation.lambda_models import FunctionVersion, InvocationResult
from localstack.services.lambda_.invocation.runtime_executor import RuntimeExecutor

from ..tls import trusted_certificate_file
from . import sdk
from .interpreters import Interpreter, InterpreterNotFound, find_interpreter
from .process import ProcessExited, ReplyTimeout, RuntimeProcess, exit_status

LOG = logging.getLogger(__name__)

BOOTSTRAP_DIR = Path(__file__).parent / "bootstraps"
HOST_PATH = "/usr/local/bin:/usr/bin:/bin"


def error(error_type: str, message: str) -> dict:
    """An error payload in the shape the runtime's init (not the function) reports errors."""
    return {"errorType": error_type, "errorMessage": message}


def exit_error(request_id: str, exit_code: int | None) -> dict:
    """AWS's payload for a runtime process that ended: ``exit status 3``, ``signal: killed``, ..."""
    return error(
        "Runtime.ExitError",
        f"RequestId: {request_id} Error: Runtime exited with error: {exit_status(exit_code)}",
    )


def timed_out(timeout: float) -> str:
    return f"Task timed out after {timeout:.2f} seconds"


def localstack_domains() -> list[str]:
    """The names under which LocalStack hands out URLs: its default domain and a custom LOCALSTACK_HOST."""
    domains = [constants.LOCALHOST_HOSTNAME]
    if (host := config.LOCALSTACK_HOST.host) not in domains and not host.replace(".", "").isdigit():
        domains.append(host)
    return domains


def reported_memory_mb(message: dict) -> int | None:
    """The peak resident memory a bootstrap reports with its answer (``max-rss-kb``: its VmHWM), in MB; None when
    the answer has none (the process ended, or the deadline came first)."""
    kilobytes = message.get("max-rss-kb")
    return max(1, kilobytes // 1024) if isinstance(kilobytes, int) and kilobytes > 0 else None


class LocalRuntimeExecutor(RuntimeExecutor):
    """One execution environment = one function process (replaced after a timeout or crash)."""

    def __init__(self, id: str, function_version: FunctionVersion) -> None:
        super().__init__(id, function_version)
        self.env_vars: dict[str, str] = {}
        self.process: RuntimeProcess | None = None
        self.init_duration_ms: float | None = None
        self.init_output = ""
        self._lock = threading.Lock()
        self._stopped = False

    # LocalStack's executor interface

    def start(self, env_vars: dict[str, str]) -> None:
        self.env_vars = {key: str(value) for key, value in env_vars.items()}
        with self._lock:
            error = self._spawn()
        if error is not None:
            raise StatusErrorException("Environment startup failed", payload=json.dumps(error).encode())

    def stop(self) -> None:
        self._stopped = True
        if self.process:
            self.process.kill()

    def get_address(self) -> str:
        return "127.0.0.1"

    def get_endpoint_from_executor(self) -> str:
        """LocalStack as the function reaches it: the listen address, or loopback for a wildcard bind."""
        host = config.GATEWAY_LISTEN[0].host
        return "127.0.0.1" if host in ("", "0.0.0.0", "::") else host

    def get_runtime_endpoint(self) -> str:
        return f"http://{self.get_endpoint_from_executor()}:{config.GATEWAY_LISTEN[0].port}/_localstack_lambda/{self.id}"

    def get_logs(self) -> str:
        return self.process.recent_logs() if self.process else ""

    def invoke(self, payload: dict[str, str]) -> InvocationResult:
        request_id = payload["invoke-id"]
        with self._lock:
            if self._stopped:
                raise ProcessExited(None)
            cold_start_error = None
            if self.process is None or not self.process.is_alive():
                cold_start_error = self._spawn(request_id)
            if cold_start_error is not None:
                return InvocationResult(
                    request_id, json.dumps(cold_start_error).encode(), True, self.init_output
                )
            return self._invoke(request_id, payload)

    @classmethod
    def prepare_version(cls, function_version: FunctionVersion) -> None:
        """Fails CreateFunction/UpdateFunctionCode (state Failed, with the reason) when nothing can run it."""
        if function_version.config.package_type != PackageType.Zip:
            raise InterpreterNotFound(
                "Container image functions need Docker; the local executor runs Zip functions only."
            )
        find_interpreter(function_version.config.runtime)
        function_version.config.code.prepare_for_execution()

    @classmethod
    def cleanup_version(cls, function_version: FunctionVersion) -> None:
        pass

    @classmethod
    def validate_environment(cls) -> bool:
        return True

    # the process

    @property
    def interpreter(self) -> Interpreter:
        return find_interpreter(self.function_version.config.runtime)

    def _code_dir(self) -> str:
        return str(self.function_version.config.code.get_unzipped_code_location())

    def _process_env(self, interpreter: Interpreter) -> dict[str, str]:
        code_dir = self._code_dir()
        env = {
            "PATH": f"{os.path.dirname(interpreter.path)}:{HOST_PATH}",
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            **self.env_vars,
            "LAMBDA_TASK_ROOT": code_dir,
            "LAMBDA_RUNTIME_DIR": str(BOOTSTRAP_DIR / interpreter.language),
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{interpreter.runtime}",
            # read and removed by the bootstraps: LocalStack's hostnames resolve to LocalStack (see there)
            "_LOCALSTACK_RESOLVE_DOMAINS": ",".join(localstack_domains()),
            "_LOCALSTACK_RESOLVE_ADDRESS": self.get_endpoint_from_executor(),
        }
        if certificate := trusted_certificate_file():
            # LocalStack's TLS (https://{api}.execute-api...:4566) is trusted by the function's SDK
            env.setdefault("AWS_CA_BUNDLE", certificate)
            env.setdefault("NODE_EXTRA_CA_CERTS", certificate)
        if interpreter.language == "python":
            env["PYTHONPATH"] = os.pathsep.join([code_dir, str(sdk.python_sdk_dir())])
        else:
            env["NODE_PATH"] = str(sdk.node_sdk_modules_dir())
            env["LOCALSTACK_WS_EXT_NODE_SDK"] = str(sdk.node_sdk_modules_dir())
        return env

    def _argv(self, interpreter: Interpreter) -> list[str]:
        if interpreter.language == "python":
            # -S: none of the interpreter's site-packages (LocalStack's venv included); -u: logs as they happen
            return [interpreter.path, "-S", "-u", str(BOOTSTRAP_DIR / "python" / "bootstrap.py")]
        return [interpreter.path, str(BOOTSTRAP_DIR / "nodejs" / "bootstrap.mjs")]

    def _spawn(self, request_id: str = "") -> dict | None:
        """Starts a fresh process and waits for it to load the handler; returns AWS's error payload if it cannot.
        ``request_id``: of the invocation that needs the process (none when LocalStack starts the environment)."""
        if self.process:
            self.process.kill()
        started = time.monotonic()
        try:
            interpreter = self.interpreter
        except InterpreterNotFound as e:
            return {"errorMessage": str(e), "errorType": "Runtime.InvalidRuntime"}
        self.process = RuntimeProcess(
            self._argv(interpreter), self._process_env(interpreter), self._code_dir()
        )
        LOG.debug("Started %s runtime process %s for %s", interpreter.runtime, self.process.pid, self.id)
        timeout = config.LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT
        with self.process.in_use():
            try:
                message = self.process.receive(started + timeout)
            except ReplyTimeout:
                message = {
                    "error": error(
                        "Runtime.InitTimeout", f"Runtime did not become ready within {timeout} seconds"
                    )
                }
            except ProcessExited as e:
                message = {"error": exit_error(request_id, e.exit_code)}
            self.init_output = self.process.take_output()
        self.init_duration_ms = (time.monotonic() - started) * 1000
        if message.get("type") == "ready":
            return None
        LOG.info(
            "Lambda %s failed to initialise: %s", self.function_version.qualified_arn, message.get("error")
        )
        self.process.kill()
        return message.get("error") or error("Runtime.Unknown", str(message))

    def _invoke(self, request_id: str, payload: dict[str, str]) -> InvocationResult:
        timeout = float(self.function_version.config.timeout)
        started = time.monotonic()
        status = None
        with self.process.in_use():
            try:
                self.process.send(
                    {**payload, "type": "invoke", "deadline-ms": int((time.time() + timeout) * 1000)}
                )
                message = self.process.receive(started + timeout)
                while message.get("invoke-id") != request_id:  # a late answer for an earlier request
                    message = self.process.receive(started + timeout)
            except ReplyTimeout:
                status = "timeout"
                message = {
                    "error": error("Sandbox.Timedout", f"RequestId: {request_id} Error: {timed_out(timeout)}")
                }
            except ProcessExited as e:
                status = "error"
                message = {"error": exit_error(request_id, e.exit_code)}
            duration_ms = (time.monotonic() - started) * 1000
            output = self.process.take_output()
            memory_used = reported_memory_mb(message) or self.process.max_memory_used_mb()
        if status == "timeout":
            output += f"{datetime.now(UTC).isoformat(timespec='milliseconds')[:-6]}Z {request_id} {timed_out(timeout)}\n"
        if status:
            self.process.kill()
        logs = self._log_records(request_id, output, duration_ms, memory_used, status)
        if message.get("type") == "response":
            return InvocationResult(request_id, message.get("payload", "null").encode(), False, logs)
        return InvocationResult(request_id, json.dumps(message.get("error")).encode(), True, logs)

    def _log_records(self, request_id: str, output: str, duration_ms: float, memory_mb: int, status) -> str:
        """The invocation's log lines framed as AWS frames them (the first one carries the init output)."""
        if output and not output.endswith("\n"):
            output += "\n"
        report = (
            f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms\t"
            f"Billed Duration: {max(1, int(-(-duration_ms // 1)))} ms\t"
            f"Memory Size: {self.function_version.config.memory_size} MB\tMax Memory Used: {memory_mb} MB\t"
        )
        if self.init_duration_ms is not None:
            report += f"Init Duration: {self.init_duration_ms:.2f} ms\t"
        if status:
            report += f"Status: {status}"
        records = (
            f"{self.init_output}START RequestId: {request_id} Version: {self.function_version.id.qualifier}\n"
            f"{output}END RequestId: {request_id}\n{report}\n"
        )
        self.init_output, self.init_duration_ms = "", None
        return records
