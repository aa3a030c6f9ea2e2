"""WebSocket URLs in CloudFormation values get LocalStack's host and port, as https:// URLs already do.

LocalStack rewrites an ``https://{api}.execute-api.{region}.{suffix}/{path}`` value (outputs, environment
variables, ...) to ``https://{api}.execute-api.{suffix}:{port}/{path}`` so that it reaches LocalStack, but only
for ``http(s)://``. The URL of a WebSocket stage (CDK's ``WebSocketStage.url``, the chat app's outputs) is
``wss://``: printed as it is, it points at port 443 of a host where nothing listens. This extends the same
rewrite to ``ws(s)://``, in both of LocalStack's CloudFormation engines.
"""

import logging
import re
from types import ModuleType

from .after_import import after_import

LOG = logging.getLogger(__name__)

VERSIONS = ("2026.3",)
ENGINE_MODULES = (
    "localstack.services.cloudformation.engine.v2.change_set_model_preproc",
    "localstack.services.cloudformation.engine.template_deployer",
)
HTTP_SCHEMES = "^(https?://"
HTTP_AND_WEBSOCKET_SCHEMES = "^((?:https?|wss?)://"


def with_websocket_schemes(pattern: re.Pattern) -> re.Pattern:
    if not pattern.pattern.startswith(HTTP_SCHEMES):
        raise ValueError(f"unexpected execute-api URL pattern: {pattern.pattern}")
    return re.compile(HTTP_AND_WEBSOCKET_SCHEMES + pattern.pattern[len(HTTP_SCHEMES) :])


def _patch(module: ModuleType) -> None:
    pattern = getattr(module, "REGEX_OUTPUT_APIGATEWAY", None)
    if pattern is None or pattern.pattern.startswith(HTTP_AND_WEBSOCKET_SCHEMES):
        return
    try:
        module.REGEX_OUTPUT_APIGATEWAY = with_websocket_schemes(pattern)
    except ValueError as error:
        LOG.warning("localstack-ws-ext: wss:// URLs in %s keep their form: %s", module.__name__, error)


def install() -> None:
    for module_name in ENGINE_MODULES:
        after_import(module_name, _patch)
