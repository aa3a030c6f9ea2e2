"""No LocalStack service starts once LocalStack is stopping (localstack_ws_ext/lifecycle.py)."""

import pytest
from localstack.runtime import events
from localstack.services.plugins import ServiceContainer, ServiceState

from localstack_ws_ext import lifecycle


class FakeService:
    def __init__(self):
        self.started = 0

    def name(self):
        return "fake"

    def start(self, asynchronous=True):
        self.started += 1

    def check(self, print_error=False):
        pass


@pytest.fixture
def stopping():
    lifecycle.install()
    events.infra_stopping.set()
    yield
    events.infra_stopping.clear()


def test_a_service_starts_while_localstack_runs():
    lifecycle.install()
    service = FakeService()
    container = ServiceContainer(service, ServiceState.AVAILABLE)
    assert container.start() is True
    assert (container.state, service.started) == (ServiceState.RUNNING, 1)


def test_a_service_does_not_start_once_localstack_is_stopping(stopping):
    service = FakeService()
    container = ServiceContainer(service, ServiceState.AVAILABLE)
    assert container.start() is False
    assert (container.state, service.started) == (ServiceState.ERROR, 0)
    assert str(container.errors[-1]) == "LocalStack is stopping: fake not started"
