"""Request parameter mapping of an integration (docs/aws-behaviour.md §6): ``integration.request.header.X``
and ``integration.request.querystring.X`` from ``route.request.header.Y``, ``route.request.querystring.Y``,
``route.request.body.<JSONPath>``, ``context.Y``, ``stageVariables.Y`` or a ``'literal'``."""

from .. import selection
from .context import WebSocketInvocationContext
from .sources import resolve

HEADER_TARGET = "integration.request.header."
QUERYSTRING_TARGET = "integration.request.querystring."


def parameter_value(source: str, context: WebSocketInvocationContext) -> str | None:
    if len(source) >= 2 and source.startswith("'") and source.endswith("'"):
        return source[1:-1]
    value = resolve(context, source)
    return None if value is None else selection.stringify(value)


def mapped_parameters(context: WebSocketInvocationContext) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The headers and query string parameters the integration's RequestParameters give the backend request."""
    headers, query = [], {}
    for target, source in (context.integration.get("RequestParameters") or {}).items():
        value = parameter_value(source, context)
        if value is None:
            continue
        if target.startswith(HEADER_TARGET):
            headers.append((target.removeprefix(HEADER_TARGET), value))
        elif target.startswith(QUERYSTRING_TARGET):
            query[target.removeprefix(QUERYSTRING_TARGET)] = value
    return headers, query
