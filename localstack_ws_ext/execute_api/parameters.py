"""Request parameter mapping of an integration (spec section 4.2): ``integration.request.header.X`` and
``integration.request.querystring.X`` from ``route.request.header.Y``, ``route.request.querystring.Y``,
``route.request.body.<JSONPath>``, ``context.Y``, ``stageVariables.Y`` or a ``'literal'``."""

import json

from .. import selection
from .context import EventType, WebSocketInvocationContext
from .mapping import template_variables


def parameter_value(source: str, context: WebSocketInvocationContext) -> str | None:
    if len(source) >= 2 and source.startswith("'") and source.endswith("'"):
        return source[1:-1]
    connection = context.connection
    if source.startswith("route.request.header."):
        if context.event_type != EventType.CONNECT:
            return None
        name = source.removeprefix("route.request.header.").lower()
        values = [value for key, value in connection.handshake_headers if key.lower() == name]
        return values[-1] if values else None
    if source.startswith("route.request.querystring."):
        if context.event_type != EventType.CONNECT:
            return None
        values = connection.query_string.get(source.removeprefix("route.request.querystring."))
        return values[-1] if values else None
    if source.startswith("route.request.body."):
        try:
            document = json.loads(context.message_text() or "")
        except ValueError:
            return None
        value = selection.json_path_value(document, source.removeprefix("route.request.body."))
        return None if value is None else selection.stringify(value)
    if source.startswith("context."):
        value = template_variables(context)
        for part in source.removeprefix("context.").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return None if value is None else selection.stringify(value)
    if source.startswith("stageVariables."):
        return context.stage_variables.get(source.removeprefix("stageVariables."))
    return None


def mapped_parameters(context: WebSocketInvocationContext) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The headers and query string parameters the integration's RequestParameters give the backend request."""
    headers, query = [], {}
    for target, source in (context.integration.get("RequestParameters") or {}).items():
        value = parameter_value(source, context)
        if value is None:
            continue
        if target.startswith("integration.request.header."):
            headers.append((target.removeprefix("integration.request.header."), value))
        elif target.startswith("integration.request.querystring."):
            query[target.removeprefix("integration.request.querystring.")] = value
    return headers, query
