"""next_gen's HTTP, HTTP_PROXY and AWS integrations send with the timeout of ``request_timeout()`` (WebSocket
integrations' ``TimeoutInMillis``).

next_gen's integrations send their request with ``requests.request`` and no timeout (REST's ``TimeoutInMillis`` is
a TODO there): a silent backend holds the request as long as it likes. Here the ``requests`` that next_gen's
``integrations/http.py`` and ``integrations/aws.py`` see is replaced by one whose ``request()`` gets the timeout of
the enclosing ``with request_timeout(seconds):`` (connect and each read), when the call sets none; everything else
is ``requests`` itself. The shim sends WebSocket integrations inside such a block; outside one (every REST API
request on next_gen) nothing changes.
"""

import contextlib
import contextvars
from types import ModuleType

import requests

from .after_import import after_import

VERSIONS = ("2026.3",)
INTEGRATION_MODULES = (
    "localstack.services.apigateway.next_gen.execute_api.integrations.http",
    "localstack.services.apigateway.next_gen.execute_api.integrations.aws",
)

_timeout: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "ws_integration_timeout", default=None
)


@contextlib.contextmanager
def request_timeout(seconds: float | None):
    """next_gen's integration requests sent inside the block time out after ``seconds`` (None: no timeout)."""
    token = _timeout.set(seconds)
    try:
        yield
    finally:
        _timeout.reset(token)


class RequestsWithTimeout:
    """``requests`` as next_gen's HTTP and AWS integrations see it: ``request()`` gets the timeout of the
    enclosing ``request_timeout()``, everything else is ``requests`` itself."""

    _ws_ext_patched = True

    def __getattr__(self, name: str):
        return getattr(requests, name)

    @staticmethod
    def request(*args, **kwargs):
        timeout = _timeout.get()
        if timeout is not None and kwargs.get("timeout") is None:
            kwargs["timeout"] = timeout
        return requests.request(*args, **kwargs)


def _patch(module: ModuleType) -> None:
    if getattr(module.requests, "_ws_ext_patched", False):
        return
    if module.requests is not requests:
        raise TypeError(f"{module.__name__}.requests is {module.requests!r}, not the requests module")
    module.requests = RequestsWithTimeout()


def install() -> None:
    for name in INTEGRATION_MODULES:
        after_import(name, _patch)
