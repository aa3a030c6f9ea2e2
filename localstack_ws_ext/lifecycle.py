"""No service starts while LocalStack stops.

LocalStack loads services lazily, on their first request, and stops at shutdown the services that are running
then. A request that arrives just before the shutdown (e.g. the ``PutMetricData`` of a Lambda invocation, which
loads CloudWatch, 1.3 s of loading) starts its service after the others were stopped; that service's threads
(CloudWatch's alarm scheduler) are never stopped and keep the process from exiting. Here a service whose start
comes after the shutdown began fails to start instead, as any request to a stopping LocalStack may fail.
"""

import logging

from localstack.runtime import events
from localstack.services.plugins import ServiceContainer, ServiceState, ServiceStateException
from localstack.utils.patch import Patch

LOG = logging.getLogger(__name__)


def _start_unless_stopping(start, self: ServiceContainer) -> bool:
    if events.infra_stopping.is_set():
        self.state = ServiceState.ERROR
        self.errors.append(
            ServiceStateException(f"LocalStack is stopping: {self.service.name()} not started")
        )
        LOG.debug("not starting service %s: LocalStack is stopping", self.service.name())
        return False
    return start(self)


def install() -> None:
    """Patches LocalStack's service containers (idempotent)."""
    if not getattr(ServiceContainer.start, "_ws_ext_guarded", False):
        patch = Patch.function(ServiceContainer.start, _start_unless_stopping)
        patch.apply()
        ServiceContainer.start._ws_ext_guarded = True
