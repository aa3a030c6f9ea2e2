"""A request arriving while another one loads its service waits for the service's routes (LocalStack's real
ServiceLoader, with a router slow to add the routes so that the race always happens)."""

import inspect
import threading
import time

from localstack.aws.handlers import service_plugin
from localstack.services.plugins import Service

from localstack_ws_ext.patches import service_routed_before_loaded


class Context:
    def __init__(self, service_name: str):
        self.service = type("ServiceModel", (), {"service_name": service_name})()


class SlowRouter:
    def __init__(self):
        self.routed = threading.Event()

    def add_skeleton(self, skeleton) -> None:
        time.sleep(0.3)  # the window in which the service is marked loaded but not routed
        self.routed.set()


class Manager:
    def exists(self, name: str) -> bool:
        return True

    def require(self, name: str):
        return Service.__new__(Service)


service_routed_before_loaded.install()


def test_what_the_patch_relies_on_is_still_upstream():
    source = inspect.getsource(service_plugin.ServiceLoader.require_service.__wrapped__)
    # upstream still marks the service loaded before routing it, under the service's lock
    assert source.index("self.loaded_services.add(service_name)") < source.index("add_skeleton")
    assert "with self.service_locks[" in source


def test_a_concurrent_first_request_waits_for_the_routes(monkeypatch):
    monkeypatch.setattr(service_plugin, "is_api_enabled", lambda name: True)
    monkeypatch.setattr(Service, "skeleton", None, raising=False)
    router = SlowRouter()
    loader = service_plugin.ServiceLoader(Manager(), router)
    first = threading.Thread(
        target=loader.require_service, args=(None, Context("apigatewaymanagementapi"), None)
    )
    first.start()
    while "apigatewaymanagementapi" not in loader.loaded_services:
        time.sleep(0.001)
    loader.require_service(None, Context("apigatewaymanagementapi"), None)
    routed_when_served = router.routed.is_set()
    first.join()
    assert routed_when_served
