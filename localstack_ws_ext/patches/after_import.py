"""Runs a function on a module right after it is first imported, or at once if it already was.

LocalStack imports most services lazily (CloudFormation's engine takes over a second to import), so a patch of
such a module waits for LocalStack's own import of it instead of importing it at startup. A function that fails
does not fail LocalStack's import: it is logged in one line and the module stays as LocalStack made it (a patch
checks what it relies on before it changes anything).
"""

import importlib.abc
import logging
import sys
import threading
from collections.abc import Callable
from types import ModuleType

LOG = logging.getLogger(__name__)

_pending: dict[str, list[Callable[[ModuleType], None]]] = {}
_lock = threading.Lock()


class _Finder(importlib.abc.MetaPathFinder):
    """Finds nothing itself: it asks the finders after it, and wraps the loader of a watched module."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in _pending:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            if (found := finder.find_spec(fullname, path, target)) is not None:
                if found.loader is not None:
                    found.loader = _Loader(found.loader)
                return found
        return None


class _Loader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader):
        self.loader = loader

    def create_module(self, module_spec):
        return self.loader.create_module(module_spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        _run(module)


_finder = _Finder()


def _run(module: ModuleType) -> None:
    with _lock:
        callbacks = _pending.pop(module.__name__, [])
    for callback in callbacks:
        try:
            callback(module)
        except Exception as error:
            LOG.warning(
                "localstack-ws-ext: patch %s not applied to %s: %s: %s",
                callback.__module__.rpartition(".")[2],
                module.__name__,
                type(error).__name__,
                error,
            )


def after_import(module_name: str, callback: Callable[[ModuleType], None]) -> None:
    with _lock:
        _pending.setdefault(module_name, []).append(callback)
        if _finder not in sys.meta_path:
            sys.meta_path.insert(0, _finder)
    if module := sys.modules.get(module_name):
        _run(module)
