"""A real LocalStack process with the extension installed, started on a free loopback port for tests."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import requests
from botocore.config import Config

REGION = "us-east-1"
STARTUP_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalStack:
    """One LocalStack in host mode: ``python -m localstack.runtime.main`` with its own port, volume and log."""

    def __init__(self, **env: str):
        self.port = free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="ls-ws-ext-"))
        self.log_path = self.workdir / "localstack.log"
        self.env = {
            **os.environ,
            "GATEWAY_LISTEN": f"127.0.0.1:{self.port}",
            "CLEAR_TMP_FOLDER": "0",
            "LOCALSTACK_VOLUME_DIR": str(self.workdir / "volume"),
            # LocalStack keeps state (e.g. CloudWatch's metric database) in the temporary directory's localstack/:
            # one per instance (TMP, as LocalStack warns that TMPDIR is deprecated; TMPDIR is removed below)
            "TMP": str(self.workdir / "tmp"),
            "DNS_ADDRESS": "0",
            "LAMBDA_RUNTIME_EXECUTOR": "local",
            "LAMBDA_KEEPALIVE_MS": "60000",
            # as `make run` does: offline, a failed analytics send at shutdown skips LocalStack's shutdown hooks
            "DISABLE_EVENTS": "1",
            **env,
        }
        self.env.pop("TMPDIR", None)
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "LocalStack":
        (self.workdir / "tmp").mkdir(exist_ok=True)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "localstack.runtime.main"],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=self.workdir,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"LocalStack exited with {self.process.returncode}:\n{self.log()[-5000:]}")
            if "Ready." in self.log():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"LocalStack not ready after {STARTUP_TIMEOUT}s:\n{self.log()[-5000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 30) -> float:
        """SIGTERM, as a user's Ctrl-C or `docker stop` does; returns how long the exit took."""
        if not self.process or self.process.poll() is not None:
            return 0.0
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
        return time.monotonic() - started

    def client(self, service: str, region: str = REGION, parameter_validation: bool = True, **kwargs):
        """A boto3 client; ``parameter_validation=False`` lets invalid input reach LocalStack's own validation."""
        return boto3.client(
            service,
            endpoint_url=kwargs.pop("endpoint_url", self.endpoint),
            region_name=region,
            aws_access_key_id=kwargs.pop("aws_access_key_id", "test"),
            aws_secret_access_key="test",
            config=Config(
                retries={"max_attempts": 0}, read_timeout=120, parameter_validation=parameter_validation
            ),
            **kwargs,
        )

    def health(self) -> dict:
        return requests.get(f"{self.endpoint}/_localstack/health", timeout=10).json()


@contextlib.contextmanager
def running_localstack(**env: str):
    localstack = LocalStack(**env).start()
    try:
        yield localstack
    finally:
        localstack.stop()
