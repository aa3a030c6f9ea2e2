"""Every change this extension makes to LocalStack's own behaviour, in one place (listed in docs/patches.md).

Each patch is a module here with ``install()`` and the localstack-core versions it was written against
(``VERSIONS``, version prefixes); a patch that can be switched off has ``SWITCH`` (the setting's name) and
``enabled()``. ``install_all()`` runs once at startup (``extension.py``, ``on_platform_start``): nothing is patched
when a module is imported. A patch whose versions do not match the installed localstack-core is not applied, with
one log line that says so, instead of patching code that may have moved; a patch that fails to apply is logged in
one line too, and LocalStack goes on as it is. Each patch is idempotent, and has a test that fails when the
upstream code it relies on changes.

The shim (``localstack_ws_ext.shim``) is where the extension reuses LocalStack; where that reuse needs LocalStack
to behave differently, the shim uses a hook of the patch here (``vtl_parse_once.parsing_once``,
``next_gen_integration_timeout.request_timeout``) and patches nothing itself.
"""

import importlib
import logging
from importlib.metadata import version

LOG = logging.getLogger(__name__)

# module names below this package, in the order they are installed
PATCHES = (
    "cloudformation_refs",
    "cloudformation_rollback",
    "cloudformation_urls",
    "connections_on_reactor",
    "http_header_limits",
    "jsonpath_parse_once",
    "lambda_shared_threads",
    "next_gen_integration_timeout",
    "request_parser_errors",
    "service_routed_before_loaded",
    "service_start_during_shutdown",
    "vtl_deep_json",
    "vtl_parse_once",
    "websocket_connection_lost",
    "websocket_handshake",
)


def localstack_version() -> str:
    return version("localstack-core")


def applies(versions: tuple[str, ...], installed: str) -> bool:
    return any(installed == prefix or installed.startswith(f"{prefix}.") for prefix in versions)


def summary(patch) -> str:
    """What a patch does: the first paragraph of its docstring, on one line."""
    return " ".join((patch.__doc__ or "").strip().split("\n\n")[0].split())


def _not_applied(name: str, error: Exception) -> None:
    LOG.warning("localstack-ws-ext: patch %s not applied: %s: %s", name, type(error).__name__, error)


def install_all() -> list[str]:
    """Installs every patch written for this localstack-core (and not switched off); returns the names of those
    installed. Never raises."""
    installed, applied = localstack_version(), []
    for name in PATCHES:
        try:
            patch = importlib.import_module(f"{__name__}.{name}")
        except Exception as error:
            _not_applied(name, error)
            continue
        if not applies(patch.VERSIONS, installed):
            LOG.warning(
                "localstack-ws-ext: not applying patch %s (written for localstack-core %s, this is %s): %s",
                name,
                " / ".join(patch.VERSIONS),
                installed,
                summary(patch),
            )
            continue
        if hasattr(patch, "enabled") and not patch.enabled():
            LOG.debug("localstack-ws-ext: patch %s switched off (%s)", name, patch.SWITCH)
            continue
        try:
            patch.install()
        except Exception as error:
            _not_applied(name, error)
            continue
        applied.append(name)
    return applied
