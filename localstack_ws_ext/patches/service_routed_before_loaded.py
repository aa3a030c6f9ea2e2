"""A request to a service that another request is loading waits until the service's operations are routed.

LocalStack loads a service on its first request (``ServiceLoader.require_service``): under the service's lock it
marks the service loaded, then adds the service's operations to its request router. A second request that
arrives in between sees the service marked loaded, skips the lock and reaches the router before the operations:
``501 InternalFailure: no handler for operation``. WebSocket apps meet it on their first broadcast, whose
concurrent ``PostToConnection`` calls are the first use of ``apigatewaymanagementapi``. Here a request to a
service marked loaded but not yet seen ready takes the service's lock once (the loading request holds it until
the operations are routed); later requests pay nothing.
"""

from types import ModuleType

from .after_import import after_import
from .replacing import replace

VERSIONS = ("2026.3",)
MODULE = "localstack.aws.handlers.service_plugin"
READY = "_ws_ext_routed_services"


def _patch(module: ModuleType) -> None:
    def waiting_for_routes(original):
        def require_service(self, chain, context, response):
            service = context.service.service_name if context.service else None
            if service is not None and service in self.loaded_services:
                routed = self.__dict__.setdefault(READY, set())
                if service not in routed:
                    with self.service_locks[
                        service
                    ]:  # held by the loading request until the routes are added
                        routed.add(service)
            return original(self, chain, context, response)

        return require_service

    replace(module.ServiceLoader, "require_service", waiting_for_routes)


def install() -> None:
    after_import(MODULE, _patch)
