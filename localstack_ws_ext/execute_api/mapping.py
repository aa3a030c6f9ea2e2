"""Non-proxy integrations: which request and response templates apply, which integration response answers,
and the ``$context`` a WebSocket template sees (spec section 4.2, 4.3)."""

import json
import re

from .. import selection
from .context import EndpointResponse, WebSocketInvocationContext
from .errors import GatewayError
from .events import request_time

# the fixed IntegrationResponseSelectionExpression of each kind of integration (AWS's data transformation guide)
STATUS_SELECTION = "$integration.response.statuscode"
LAMBDA_ERROR_SELECTION = "$integration.response.body.errorMessage"


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
    if isinstance(error := context.get("error"), GatewayError):
        # AWS documents these for templates; in a WebSocket API no template runs after an error, so only the
        # context of the failed event has them
        variables["error"] = {
            "message": error.message,
            "messageString": json.dumps(error.message),
            "validationErrorString": getattr(error, "validation_errors", ""),
        }
    return variables


def _json(text: str | bytes | None):
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _resolver(
    context: WebSocketInvocationContext, response: EndpointResponse | None = None, body: bool = False
):
    """Resolves the variables of a selection expression: ``request.body.*``, ``context.*`` and, given the
    integration's ``response``, ``integration.response.statuscode|header.X|multivalueheader.X`` (and
    ``integration.response.body.*`` when ``body``: only the Lambda integration response selection reads it;
    AWS-validated tests show a response TemplateSelectionExpression on it selecting ``$default``)."""
    headers = {k.lower(): v for k, v in (response.headers if response else {}).items()}

    def resolve(path: str):
        if path.startswith("request.body."):
            document = _json(context.message_text())
            return selection.json_path_value(document, path.removeprefix("request.body."))
        if path.startswith("context."):
            return template_variables(context).get(path.removeprefix("context."))
        if response is None:
            return None
        if path == "integration.response.statuscode":
            return str(response.status_code)
        for prefix in ("integration.response.header.", "integration.response.multivalueheader."):
            if path.startswith(prefix):
                return headers.get(path.removeprefix(prefix).lower())
        if body and path.startswith("integration.response.body."):
            document = _json(response.body)
            return selection.json_path_value(document, path.removeprefix("integration.response.body."))
        return None

    return resolve


def select_template(
    templates: dict | None, expression: str | None, context, response: EndpointResponse | None = None
) -> str | None:
    """The template a TemplateSelectionExpression picks (its value as key, else ``$default``), over the
    integration's ``response`` for response templates. Without an expression: ``$default``, else
    ``application/json``, else the only template (AWS's rule there is unconfirmed; this is the spec's
    suggestion)."""
    if not templates:
        return None
    if expression:
        key = selection.evaluate(expression, _resolver(context, response))
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


def is_lambda(integration: dict) -> bool:
    """An ``AWS`` integration that invokes a Lambda function (no proxy)."""
    return integration.get("IntegrationType") == "AWS" and ":lambda:path/" in (
        integration.get("IntegrationUri") or ""
    )


def selection_value(integration: dict, context, response: EndpointResponse | int) -> str:
    """What integration response keys are matched against: the IntegrationResponseSelectionExpression's value;
    by default the status code (HTTP, MOCK, AWS services) or, for Lambda, the function's ``errorMessage``
    (empty when it succeeded, so ``$default`` answers unless a key matches empty text)."""
    if isinstance(response, int):
        response = EndpointResponse(response)
    default = LAMBDA_ERROR_SELECTION if is_lambda(integration) else STATUS_SELECTION
    expression = integration.get("IntegrationResponseSelectionExpression") or default
    return selection.evaluate(expression, _resolver(context, response, body=True))
