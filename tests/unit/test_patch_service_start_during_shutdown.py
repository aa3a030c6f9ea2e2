"""No LocalStack service starts once LocalStack is stopping (patches/service_start_during_shutdown.py), and what
the patch relies on upstream."""

import inspect
import threading

import pytest
from localstack.runtime import events
from localstack.services.plugins import ServiceContainer, ServiceManager, ServicePluginManager, ServiceState

from localstack_ws_ext.patches import service_start_during_shutdown


class FakeService:
    def __init__(self):
        self.started = 0

    def name(self):
        return "fake"

    def start(self, asynchronous=True):
        self.started += 1

    def check(self, print_error=False):
        pass


@pytest.fixture(autouse=True)
def installed():
    service_start_during_shutdown.install()


@pytest.fixture
def stopping():
    events.infra_stopping.set()
    yield
    events.infra_stopping.clear()


def test_a_service_starts_while_localstack_runs():
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


def test_the_start_is_patched_once():
    start = ServiceContainer.start
    assert start._ws_ext_patched is True
    service_start_during_shutdown.install()
    assert ServiceContainer.start is start
    assert not getattr(start.__wrapped__, "_ws_ext_patched", False)


def test_what_the_patch_relies_on_is_still_upstream():
    from localstack.runtime import shutdown
    from localstack.runtime.runtime import LocalstackRuntime

    # the patched method: a container starts its service through start(self) -> bool, and records errors
    assert list(inspect.signature(ServiceContainer.start.__wrapped__).parameters) == ["self"]
    assert {"state", "errors"} <= set(vars(ServiceContainer(FakeService(), ServiceState.AVAILABLE)))
    assert isinstance(events.infra_stopping, threading.Event)
    # a lazily loaded service starts through the container; at shutdown only the services loaded then stop
    assert "container.start()" in inspect.getsource(ServiceManager.require)
    assert "_get_loaded_service_containers" in inspect.getsource(ServicePluginManager.stop_all_services)
    assert "SERVICE_PLUGINS.stop_all_services()" in inspect.getsource(shutdown)
    # the runtime's shutdown is what sets infra_stopping
    assert "self.stopping = events.infra_stopping" in inspect.getsource(LocalstackRuntime.__init__)
    assert "self.stopping.set()" in inspect.getsource(LocalstackRuntime.shutdown)
