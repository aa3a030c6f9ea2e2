"""Execute-api URLs in CloudFormation values reach LocalStack: ``wss://`` as ``https://`` already did, and the
``amazonaws.com`` form with LocalStack's host.

LocalStack rewrites an ``https://{api}.execute-api.{region}.{suffix}/{path}`` value (outputs, environment
variables, ...) to ``https://{api}.execute-api.{suffix}:{port}/{path}``, but only for ``http(s)://``. The URL of a
WebSocket stage (CDK's ``WebSocketStage.url``, the outputs of AWS's chat-app template) is ``wss://``: printed as
it is, it points at port 443 where nothing listens. This extends the rewrite to ``ws(s)://`` in both of
LocalStack's CloudFormation engines. And where a template spells the host ``...execute-api.{region}.amazonaws.com``
(AWS's chat-app sample does), LocalStack's rewrite gives ``...execute-api.amazonaws.com:{port}``, which resolves
to AWS; the current engine gives LocalStack's own host instead (``localhost.localstack.cloud`` by default).
"""

import logging
import re
from types import ModuleType

from .after_import import after_import

LOG = logging.getLogger(__name__)

VERSIONS = ("2026.3",)
CURRENT_ENGINE = "localstack.services.cloudformation.engine.v2.change_set_model_preproc"
LEGACY_ENGINE = "localstack.services.cloudformation.engine.template_deployer"
HTTP_SCHEMES = "^(https?://"
HTTP_AND_WEBSOCKET_SCHEMES = "^((?:https?|wss?)://"
AWS_HOST = ".execute-api.amazonaws.com:"


def with_websocket_schemes(pattern: re.Pattern) -> re.Pattern:
    if not pattern.pattern.startswith(HTTP_SCHEMES):
        raise ValueError(f"unexpected execute-api URL pattern: {pattern.pattern}")
    return re.compile(HTTP_AND_WEBSOCKET_SCHEMES + pattern.pattern[len(HTTP_SCHEMES) :])


def _extend_pattern(module: ModuleType) -> None:
    pattern = getattr(module, "REGEX_OUTPUT_APIGATEWAY", None)
    if pattern is None or pattern.pattern.startswith(HTTP_AND_WEBSOCKET_SCHEMES):
        return
    try:
        module.REGEX_OUTPUT_APIGATEWAY = with_websocket_schemes(pattern)
    except ValueError as error:
        LOG.warning("localstack-ws-ext: wss:// URLs in %s keep their form: %s", module.__name__, error)


def _patch_current_engine(module: ModuleType) -> None:
    _extend_pattern(module)
    preproc = module.ChangeSetModelPreproc
    original = preproc.__dict__["_perform_static_replacements"].__func__
    if getattr(original, "_ws_ext_patched", False):
        return

    def perform_static_replacements(value: str) -> str:
        result = original(value)
        if result is not value and AWS_HOST in result:
            from localstack.utils.urls import localstack_host

            result = result.replace(AWS_HOST, f".execute-api.{localstack_host().host}:", 1)
        return result

    perform_static_replacements._ws_ext_patched, perform_static_replacements.__wrapped__ = True, original
    preproc._perform_static_replacements = staticmethod(perform_static_replacements)


def install() -> None:
    after_import(CURRENT_ENGINE, _patch_current_engine)
    after_import(LEGACY_ENGINE, _extend_pattern)
