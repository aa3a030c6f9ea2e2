"""Non-proxy integrations: which request and response templates apply and which integration response answers
(docs/aws-behaviour.md §6)."""

import re

from .. import selection
from ..api.apigatewayv2 import Integration, IntegrationResponse
from .context import EndpointResponse, WebSocketInvocationContext
from .sources import response_resolver

# the fixed IntegrationResponseSelectionExpression of each kind of integration (AWS's data transformation guide)
STATUS_SELECTION = "$integration.response.statuscode"
LAMBDA_ERROR_SELECTION = "$integration.response.body.errorMessage"


def select_template(
    templates: dict[str, str] | None,
    expression: str | None,
    context: WebSocketInvocationContext,
    response: EndpointResponse | None = None,
) -> str | None:
    """The template a TemplateSelectionExpression picks (its value as key, else ``$default``), over the
    integration's ``response`` for response templates. Without an expression: ``$default``, else
    ``application/json``, else the only template (AWS's rule there is unconfirmed: docs/aws-behaviour.md
    §14)."""
    if not templates:
        return None
    if expression:
        key = selection.evaluate(expression, response_resolver(context, response))
        return templates.get(key, templates.get("$default"))
    for key in ("$default", "application/json"):
        if key in templates:
            return templates[key]
    return next(iter(templates.values())) if len(templates) == 1 else None


def select_integration_response(
    responses: dict[str, IntegrationResponse], value: str
) -> IntegrationResponse | None:
    """The integration response whose ``/regex/`` key matches ``value`` (e.g. the status code), else ``$default``."""
    for response in responses.values():
        key = response["IntegrationResponseKey"]
        if key != "$default" and re.fullmatch(key[1:-1], value or ""):
            return response
    return next((r for r in responses.values() if r["IntegrationResponseKey"] == "$default"), None)


def is_lambda(integration: Integration) -> bool:
    """An ``AWS`` integration that invokes a Lambda function (no proxy)."""
    return integration.get("IntegrationType") == "AWS" and ":lambda:path/" in (
        integration.get("IntegrationUri") or ""
    )


def selection_value(
    integration: Integration, context: WebSocketInvocationContext, response: EndpointResponse | int
) -> str:
    """What integration response keys are matched against: the IntegrationResponseSelectionExpression's value;
    by default the status code (HTTP, MOCK, AWS services) or, for Lambda, the function's ``errorMessage``
    (empty when it succeeded, so ``$default`` answers unless a key matches empty text)."""
    if isinstance(response, int):
        response = EndpointResponse(response)
    default = LAMBDA_ERROR_SELECTION if is_lambda(integration) else STATUS_SELECTION
    expression = integration.get("IntegrationResponseSelectionExpression") or default
    return selection.evaluate(expression, response_resolver(context, response, read_body=True))
