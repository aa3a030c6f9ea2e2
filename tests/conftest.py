import pytest

from tests.harness import LocalStack


@pytest.fixture(scope="session")
def localstack():
    """The session's LocalStack: extension installed, Lambda on the Docker-less executor."""
    instance = LocalStack().start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def aws(localstack):
    """boto3 clients for the session's LocalStack: ``aws("lambda")``."""
    return localstack.client
