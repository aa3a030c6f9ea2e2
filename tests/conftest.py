import pytest

from tests import runtimes
from tests.harness import LocalStack
from tests.http_backend import Backend


@pytest.fixture(scope="session")
def node_runtimes() -> dict[str, str]:
    """Node.js runtime -> interpreter, for every Node.js runtime this machine can run (npm fills the gaps)."""
    return runtimes.node_runtimes()


@pytest.fixture(scope="session")
def localstack(node_runtimes):
    """The session's LocalStack: extension installed, Lambda on the Docker-less executor."""
    instance = LocalStack(**runtimes.interpreter_overrides(node_runtimes)).start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def aws(localstack):
    """boto3 clients for the session's LocalStack: ``aws("lambda")``."""
    return localstack.client


@pytest.fixture(scope="module")
def backend():
    """A local HTTP backend for HTTP / HTTP_PROXY / timeout tests (tests/http_backend.py), one per module."""
    server = Backend()
    yield server
    server.stop()
