"""Mapping templates rendered inside ``parsing_once()`` (the WebSocket gateway's) are parsed once, not per render.

LocalStack's VTL engine (``localstack.utils.aws.templating.VtlTemplate.render_vtl``, which next_gen's
``ApiGatewayVtlTemplate`` inherits) makes a new ``airspeed.Template`` from a template's text on every render:
parsing was half the time of a message on a MOCK route. Here the ``airspeed`` module that engine sees is replaced
by one whose ``Template`` comes parsed from a cache (the last 512 templates) while the current thread renders
inside ``parsing_once()``, which the shim's ``render_template`` does. Parsed airspeed templates are immutable (a
render only writes to its namespace), so a cached one renders as a new one would. Every other render (REST APIs,
AppSync, ..., on any thread) gets a new ``airspeed.Template`` as before.
"""

import contextlib
import functools
import threading
from types import ModuleType

import airspeed

from .after_import import after_import

VERSIONS = ("2026.3",)
MODULE = "localstack.utils.aws.templating"

_rendering = threading.local()


@functools.lru_cache(maxsize=512)
def parsed_template(content: str) -> airspeed.Template:
    template = airspeed.Template(content)
    template.ensure_compiled()
    return template


@contextlib.contextmanager
def parsing_once():
    """Renders by LocalStack's VTL engine on this thread, inside the block, parse each template once."""
    outer = getattr(_rendering, "active", False)
    _rendering.active = True
    try:
        yield
    finally:
        _rendering.active = outer


class AirspeedParsingOnce:
    """The ``airspeed`` module as the engine sees it: ``Template`` comes parsed from the cache inside
    ``parsing_once()``; everything else is ``airspeed`` itself."""

    _ws_ext_patched = True

    def __getattr__(self, name: str):
        return getattr(airspeed, name)

    @staticmethod
    def Template(content, *args, **kwargs):  # noqa: N802 (airspeed's name)
        if getattr(_rendering, "active", False) and not args and not kwargs:
            return parsed_template(content)
        return airspeed.Template(content, *args, **kwargs)


def _patch(module: ModuleType) -> None:
    if getattr(module.airspeed, "_ws_ext_patched", False):
        return
    if module.airspeed is not airspeed:
        raise TypeError(f"{module.__name__}.airspeed is {module.airspeed!r}, not the airspeed module")
    module.airspeed = AirspeedParsingOnce()


def install() -> None:
    after_import(MODULE, _patch)
