"""Every change this extension makes to LocalStack's own behaviour, in one place.

Each patch is a module here with ``install()`` and the localstack-core versions it was written against
(``VERSIONS``, version prefixes). ``install_all()`` runs once at startup: a patch whose versions do not match
the installed localstack-core is not applied, with one log line that says so, instead of patching code that may
have moved. Each patch has a test that fails when the upstream code it relies on changes.
"""

import importlib
import logging
from importlib.metadata import version

LOG = logging.getLogger(__name__)

# module names below this package, in the order they are installed
PATCHES = ("cloudformation_refs", "cloudformation_rollback", "cloudformation_urls")


def localstack_version() -> str:
    return version("localstack-core")


def applies(versions: tuple[str, ...], installed: str) -> bool:
    return any(installed == prefix or installed.startswith(f"{prefix}.") for prefix in versions)


def install_all() -> list[str]:
    """Installs every patch written for this localstack-core; returns the names of those installed."""
    installed, applied = localstack_version(), []
    for name in PATCHES:
        patch = importlib.import_module(f"{__name__}.{name}")
        if not applies(patch.VERSIONS, installed):
            LOG.warning(
                "localstack-ws-ext: not applying patch %s (written for localstack-core %s, this is %s): %s",
                name,
                " / ".join(patch.VERSIONS),
                installed,
                (patch.__doc__ or "").strip().splitlines()[0],
            )
            continue
        patch.install()
        applied.append(name)
    return applied
