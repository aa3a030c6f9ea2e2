"""Entry points, host-mode bootstrap and the activation rule.

``WebSocketApiExtension`` is the extension proper, registered under ``localstack.extensions`` for LocalStack hosts
that load extensions. LocalStack community never calls extension hooks, so the ``localstack.hooks.on_infra_*``
functions below drive the same lifecycle, in the documented order, in host mode. Every step runs at most once per
process, whoever calls it, so both paths can coexist. ``on_platform_start`` installs every change this extension
makes to LocalStack's own behaviour (``patches.install_all()``, listed in docs/patches.md): nothing else patches.

Activation rule: WebSocket APIs run on the next_gen API Gateway engine, which is LocalStack's default.
``PROVIDER_OVERRIDE_APIGATEWAY`` unset or ``next_gen`` enables them; ``legacy`` disables them with one log line at
startup and a clear error from every apigatewayv2 call.
"""

import logging
import threading

from localstack import config
from localstack.extensions.api import Extension, http
from localstack.runtime import hooks

from . import __version__

LOG = logging.getLogger(__name__)

EXTENSION_NAME = "localstack_ws_ext"
DISABLED_MESSAGE = (
    "WebSocket APIs are disabled: they run on LocalStack's next_gen API Gateway engine, but "
    "PROVIDER_OVERRIDE_APIGATEWAY=legacy is set. Unset PROVIDER_OVERRIDE_APIGATEWAY (or set it to next_gen) "
    "and restart LocalStack to use WebSocket APIs."
)


def websocket_apis_enabled() -> bool:
    return config.SERVICE_PROVIDER_CONFIG.get_provider("apigateway") != "legacy"


class _Once:
    """Remembers which lifecycle steps ran in this process (module level: plux may create several instances)."""

    _done: set[str] = set()
    _lock = threading.Lock()

    @classmethod
    def first_time(cls, step: str) -> bool:
        with cls._lock:
            if step in cls._done:
                return False
            cls._done.add(step)
            return True


class WebSocketApiExtension(Extension):
    name = EXTENSION_NAME

    def on_extension_load(self):
        if not _Once.first_time("load"):
            return
        if websocket_apis_enabled():
            LOG.info(
                "localstack-ws-ext %s: WebSocket APIs enabled (API Gateway engine: next_gen)", __version__
            )
        else:
            LOG.warning("localstack-ws-ext %s: %s", __version__, DISABLED_MESSAGE)

    def on_platform_start(self):
        if not _Once.first_time("start"):
            return
        from . import settings

        settings.load()  # every variable the extension reads, read here once
        if websocket_apis_enabled():
            from .tls import install_certificate

            install_certificate()
        from . import patches

        patches.install_all()  # every change to LocalStack's own behaviour, here and nowhere else
        from .inspect.recorder import recorder

        current = settings.settings()
        recorder.configure(
            enabled=current.inspector and websocket_apis_enabled(),
            size=current.inspector_events,
            payload_bytes=current.inspector_payload_bytes,
        )
        if config.LAMBDA_RUNTIME_EXECUTOR == "local":
            from .lambda_runtime.interpreters import available_interpreters

            found = ", ".join(f"{i.runtime} ({i.path})" for i in available_interpreters()) or "none"
            LOG.info("localstack-ws-ext: Lambda runtime executor 'local' (Docker-less); runtimes: %s", found)
        from .offline.dynamodb_choice import choose_dynamodb_provider

        choose_dynamodb_provider()

    def update_gateway_routes(self, router: http.Router[http.RouteHandler]):
        if not _Once.first_time("routes"):
            return
        from localstack.aws.handlers import preprocess_request

        from .settings import settings
        from .state import StateResource

        router.add(StateResource())
        if websocket_apis_enabled() and settings().inspector:
            from .inspect import http as inspector

            inspector.install(router)
        if websocket_apis_enabled():
            from .execute_api.router import router as websocket_api_router

            preprocess_request.append(websocket_api_router)

    def on_platform_ready(self):
        if not _Once.first_time("ready"):
            return

    def on_platform_shutdown(self):
        if not _Once.first_time("shutdown"):
            return
        from .inspect.recorder import recorder

        recorder.stop()  # the inspector's streams end, so that LocalStack's request threads can stop
        if websocket_apis_enabled():
            from .execute_api.endpoint import endpoint

            if closed := endpoint.shutdown():
                LOG.info("localstack-ws-ext: closed %d WebSocket connections (1001 Going away)", closed)


def _extension() -> WebSocketApiExtension:
    from plux import PluginManager

    return PluginManager(Extension.namespace).load(EXTENSION_NAME)


# host-mode bootstrap: priority 10 runs after DNS (20) and before eager service loading (0)
@hooks.on_infra_start(priority=10)
def localstack_ws_ext_on_infra_start():
    from localstack.aws import handlers
    from localstack.services.edge import ROUTER

    extension = _extension()
    extension.on_extension_load()
    extension.on_platform_start()
    extension.update_gateway_routes(ROUTER)
    extension.update_request_handlers(handlers.serve_custom_service_request_handlers)
    extension.update_response_handlers(handlers.run_custom_response_handlers)
    extension.update_exception_handlers(handlers.serve_custom_exception_handlers)
    extension.update_finalizers(handlers.run_custom_finalizers)


@hooks.on_infra_ready()
def localstack_ws_ext_on_infra_ready():
    _extension().on_platform_ready()


# before LocalStack's services stop (priority 0), so that $disconnect integrations can still run
@hooks.on_infra_shutdown(priority=10)
def localstack_ws_ext_on_infra_shutdown():
    _extension().on_platform_shutdown()


# after LocalStack's services stopped (the Lambda service stops its environments itself): a safety net for
# function processes that are still there. Killing them earlier would fail invocations while LocalStack still
# serves, and their error metrics would load CloudWatch in the middle of the shutdown.
@hooks.on_infra_shutdown(priority=-10)
def localstack_ws_ext_stop_runtime_processes():
    from .lambda_runtime.process import kill_all

    if killed := kill_all():
        LOG.info("localstack-ws-ext: stopped %d Lambda runtime processes left after shutdown", killed)
