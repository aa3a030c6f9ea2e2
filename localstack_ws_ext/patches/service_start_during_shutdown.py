"""No LocalStack service starts once LocalStack is stopping.

LocalStack loads services lazily, on their first request (``ServiceManager.require`` calls
``ServiceContainer.start``), and at shutdown stops the services that are running then. A request that arrives just
before the shutdown (e.g. the ``PutMetricData`` of a Lambda invocation, which loads CloudWatch: 1.3 s of loading)
starts its service after the others were stopped; that service's threads (CloudWatch's alarm scheduler) are never
stopped and keep the process from exiting. Here ``ServiceContainer.start`` fails once the shutdown began
(``localstack.runtime.events.infra_stopping``): the container is in ``ERROR`` with the reason, as any request to a
stopping LocalStack may fail. A service starts as before while LocalStack runs.
"""

import logging
from types import ModuleType

from .after_import import after_import
from .replacing import replace

LOG = logging.getLogger(__name__)

VERSIONS = ("2026.3",)
MODULE = "localstack.services.plugins"


def _patch(module: ModuleType) -> None:
    from localstack.runtime import events

    container_class, state, exception = (
        module.ServiceContainer,
        module.ServiceState,
        module.ServiceStateException,
    )

    def unless_stopping(original):
        def start(self) -> bool:
            if events.infra_stopping.is_set():
                self.state = state.ERROR
                self.errors.append(exception(f"LocalStack is stopping: {self.service.name()} not started"))
                LOG.debug("not starting service %s: LocalStack is stopping", self.service.name())
                return False
            return original(self)

        return start

    replace(container_class, "start", unless_stopping)


def install() -> None:
    after_import(MODULE, _patch)
