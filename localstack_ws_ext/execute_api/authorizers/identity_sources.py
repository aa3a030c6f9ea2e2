"""The identity sources of a REQUEST authorizer (``route.request.header.X``, ``route.request.querystring.X``,
``stageVariables.X``, ``context.X``): their values are what the authorizer's result is cached by, and a missing
or empty one rejects the handshake with 401 before the authorizer is invoked (spec 5.4)."""

from ... import selection


def identity_source_value(
    source: str,
    headers: list[tuple[str, str]],
    query: dict[str, list[str]],
    stage_variables: dict[str, str],
    context_variables: dict,
) -> str | None:
    """The value of one identity source; headers match case-insensitively, query parameters exactly (as
    everywhere in API Gateway); ``context.a.b`` walks into ``$context``. An empty value counts as missing."""
    value = None
    if source.startswith("route.request.header."):
        name = source.removeprefix("route.request.header.").lower()
        values = [v for key, v in headers if key.lower() == name]
        value = values[-1] if values else None
    elif source.startswith("route.request.querystring."):
        values = query.get(source.removeprefix("route.request.querystring."))
        value = values[-1] if values else None
    elif source.startswith("stageVariables."):
        value = stage_variables.get(source.removeprefix("stageVariables."))
    elif source.startswith("context."):
        value = context_variables
        for part in source.removeprefix("context.").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        value = None if value is None or isinstance(value, dict) else selection.stringify(value)
    return value or None


def identity_source_values(
    sources: list[str],
    headers: list[tuple[str, str]],
    query: dict[str, list[str]],
    stage_variables: dict[str, str],
    context_variables: dict,
) -> list[str] | None:
    """The values of all identity sources in order, or None when any of them is missing or empty."""
    values = []
    for source in sources:
        value = identity_source_value(source, headers, query, stage_variables, context_variables)
        if value is None:
            return None
        values.append(value)
    return values
