"""The identity sources of a REQUEST authorizer (``route.request.header.X``, ``route.request.querystring.X``,
``stageVariables.X``, ``context.X``): their values are what the authorizer's result is cached by, and a missing
or empty one rejects the handshake with 401 before the authorizer is invoked (docs/aws-behaviour.md §10)."""

from ... import selection
from ..context import WebSocketInvocationContext
from ..sources import resolve


def identity_source_value(context: WebSocketInvocationContext, source: str) -> str | None:
    """The value of one identity source as text; an empty value, or a ``$context`` object, counts as
    missing."""
    value = resolve(context, source)
    if value is None or isinstance(value, dict):
        return None
    return selection.stringify(value) or None


def identity_source_values(context: WebSocketInvocationContext, sources: list[str]) -> list[str] | None:
    """The values of all identity sources in order, or None when any of them is missing or empty."""
    values = []
    for source in sources:
        value = identity_source_value(context, source)
        if value is None:
            return None
        values.append(value)
    return values
