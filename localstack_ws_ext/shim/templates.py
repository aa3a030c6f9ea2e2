"""Mapping templates rendered by next_gen's VTL engine (``$input``, ``$util``, ``$context``, ``$stageVariables``
exactly as API Gateway REST templates have them), fed with a WebSocket event's variables.

The engine parses a template on every render, which was half the time of a message on a MOCK route. While it
renders for us, it gets each template parsed once (airspeed templates are immutable once parsed: a render
only writes to its namespace); REST APIs' renders on other threads are left as they are."""

import functools
import threading

import airspeed
from localstack.services.apigateway.next_gen.execute_api.template_mapping import ApiGatewayVtlTemplate
from localstack.utils.aws import templating
from localstack.utils.patch import Patch

_engine = ApiGatewayVtlTemplate()
_rendering = threading.local()


@functools.lru_cache(maxsize=512)
def _parsed(content: str) -> airspeed.Template:
    template = airspeed.Template(content)
    template.ensure_compiled()
    return template


class _AirspeedParsingOnce:
    """The ``airspeed`` module as the engine sees it: ``Template`` comes parsed from the cache while we render."""

    def __getattr__(self, name: str):
        return getattr(airspeed, name)

    @staticmethod
    def Template(content, *args, **kwargs):  # noqa: N802 (airspeed's name)
        if getattr(_rendering, "active", False) and not args and not kwargs:
            return _parsed(content)
        return airspeed.Template(content, *args, **kwargs)


if not isinstance(templating.airspeed, _AirspeedParsingOnce):
    Patch(templating, "airspeed", _AirspeedParsingOnce()).apply()


def render_template(template: str, context: dict, stage_variables: dict, body: str | None) -> str:
    """Renders ``template`` with ``$context`` = ``context``, ``$input`` over ``body``."""
    variables = {
        "context": context,
        "stageVariables": stage_variables,
        "input": {"body": body, "params": {"path": {}, "querystring": {}, "header": {}}},
    }
    _rendering.active = True
    try:
        return _engine.render_vtl(template.strip(), variables)
    finally:
        _rendering.active = False
