"""Replacing one attribute of LocalStack, once, with LocalStack's own ``Patch`` (so ``Patch.applied_patches`` lists
it): the replacement keeps the original as ``__wrapped__`` (the patches' tests read upstream's code there) and is
marked, so that installing a patch twice changes nothing."""

from collections.abc import Callable
from typing import Any

from localstack.utils.patch import Patch

PATCHED = "_ws_ext_patched"


def replace(owner: Any, name: str, replacement_for: Callable[[Any], Any]) -> None:
    """``owner.<name>`` becomes ``replacement_for(original)``, unless it was replaced already."""
    original = getattr(owner, name)
    if getattr(original, PATCHED, False):
        return
    replacement = replacement_for(original)
    setattr(replacement, PATCHED, True)
    replacement.__wrapped__ = original
    Patch(owner, name, replacement).apply()
