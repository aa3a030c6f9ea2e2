"""Non-proxy integrations: which request and response templates apply, which integration response answers,
and the ``$context`` a WebSocket template sees (spec section 4.2, 4.3)."""

import re

from .. import selection
from .context import WebSocketInvocationContext
from .events import request_time


def template_variables(context: WebSocketInvocationContext, status: int | None = None) -> dict:
    """``$context`` of a WebSocket mapping template."""
    connection = context.connection
    variables = {
        "apiId": connection.api_id,
        "connectedAt": connection.connected_at,
        "connectionId": connection.connection_id,
        "domainName": connection.domain_name,
        "eventType": context.event_type.value,
        "extendedRequestId": context.request_id,
        "identity": connection.identity(),
        "requestId": context.request_id,
        "requestTime": request_time(context.request_time_epoch),
        "requestTimeEpoch": context.request_time_epoch,
        "routeKey": context.route_key,
        "stage": connection.stage,
    }
    if context.message_id:
        variables["messageId"] = context.message_id
    if connection.authorizer is not None:
        variables["authorizer"] = connection.authorizer
    if status is not None:
        variables["status"] = status
    return variables


def _resolver(context: WebSocketInvocationContext, status: int | None = None):
    body = context.message_text()

    def resolve(path: str):
        if path.startswith("request.body."):
            import json

            try:
                document = json.loads(body) if body else None
            except ValueError:
                return None
            return selection.json_path_value(document, path.removeprefix("request.body."))
        if path == "integration.response.statuscode" and status is not None:
            return str(status)
        if path.startswith("context."):
            return template_variables(context).get(path.removeprefix("context."))
        return None

    return resolve


def select_template(
    templates: dict | None, expression: str | None, context, status: int | None = None
) -> str | None:
    """The template a TemplateSelectionExpression picks (its value as key, else ``$default``). Without an
    expression: ``$default``, else ``application/json``, else the only template (AWS's rule there is
    unconfirmed; this is the spec's suggestion)."""
    if not templates:
        return None
    if expression:
        key = selection.evaluate(expression, _resolver(context, status))
        return templates.get(key, templates.get("$default"))
    for key in ("$default", "application/json"):
        if key in templates:
            return templates[key]
    return next(iter(templates.values())) if len(templates) == 1 else None


def select_integration_response(responses: dict[str, dict], value: str) -> dict | None:
    """The integration response whose ``/regex/`` key matches ``value`` (e.g. the status code), else ``$default``."""
    for response in responses.values():
        key = response["IntegrationResponseKey"]
        if key != "$default" and re.fullmatch(key[1:-1], value or ""):
            return response
    return next((r for r in responses.values() if r["IntegrationResponseKey"] == "$default"), None)


def selection_value(integration: dict, context, status: int) -> str:
    """What integration response keys are matched against: the IntegrationResponseSelectionExpression's value,
    by default the integration's status code."""
    expression = (
        integration.get("IntegrationResponseSelectionExpression") or "$integration.response.statuscode"
    )
    expression = expression.replace("${integration.response.statuscode}", "$integration.response.statuscode")
    return selection.evaluate(expression, _resolver(context, status))
