"""Where the values of an event come from, read in one place: the handshake's headers and query string, the
message body, ``$context``, stage variables and, for integration responses, the integration's answer.

API Gateway spells a source two ways: as a selection expression's variable (``$request.body.action``,
``$request.header.x-api-key``, ``$integration.response.statuscode``; here without the ``$``) and as the
mapping expression of an identity source or a request parameter (``route.request.header.Auth``,
``route.request.querystring.token``, ``route.request.body.a.b``, ``context.connectionId``,
``stageVariables.color``). Both resolve here, so route selection, request validation, template selection,
identity sources and request parameters read a source alike: a header by name in any casing, a query parameter
by its exact name (each its last value when repeated), the body by JSONPath, ``$context`` by a dotted path.
Headers and the query string are the handshake's, so only ``$connect`` has them (MESSAGE events carry none).
"""

import functools
import json
from collections.abc import Callable, Iterable, Mapping

from .. import selection
from .context import EndpointResponse, EventType, WebSocketInvocationContext, parse_json
from .events import request_time

REQUEST = "request."
HEADER = "header."
QUERYSTRING = "querystring."
BODY = "body."
CONTEXT = "context."
STAGE_VARIABLES = "stageVariables."
INTEGRATION_RESPONSE = "integration.response."
STATUS_CODE = "statuscode"
MULTI_VALUE_HEADER = "multivalueheader."

Resolver = Callable[[str], object]


def header_values(headers: Iterable[tuple[str, str]], name: str) -> list[str]:
    """The values of header ``name``, in any casing, in the order they were sent."""
    name = name.lower()
    return [value for key, value in headers if key.lower() == name]


def header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    """The last value of header ``name`` (in any casing), as API Gateway picks a repeated header's value."""
    values = header_values(headers, name)
    return values[-1] if values else None


def query_parameter(query: Mapping[str, list[str]], name: str) -> str | None:
    """The last value of query parameter ``name`` (names are case-sensitive)."""
    values = query.get(name)
    return values[-1] if values else None


def context_variables(context: WebSocketInvocationContext, status: int | None = None) -> dict:
    """``$context`` of a WebSocket mapping template (and of ``context.*`` sources); ``status``: the
    integration's status code, which response templates see."""
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
    if context.error is not None:
        # AWS documents these for templates; in a WebSocket API no template runs after an error, so only the
        # context of the failed event has them
        variables["error"] = {
            "message": context.error.message,
            "messageString": json.dumps(context.error.message),
            "validationErrorString": context.error.validation_errors,
        }
    return variables


def _walk(document, path: str):
    for name in path.split("."):
        document = document.get(name) if isinstance(document, dict) else None
    return document


def resolve(context: WebSocketInvocationContext, source: str):
    """The value of ``source`` (either spelling) as it is (text, a JSON value, a ``$context`` object); None
    where the event has none."""
    path = source.removeprefix("route.")  # a mapping expression names the route's request
    if path.startswith(CONTEXT):
        return _walk(context_variables(context), path.removeprefix(CONTEXT))
    if path.startswith(STAGE_VARIABLES):
        return context.stage_variables.get(path.removeprefix(STAGE_VARIABLES))
    if not path.startswith(REQUEST):
        return None
    path = path.removeprefix(REQUEST)
    if path.startswith(BODY):
        return selection.json_path_value(context.message_json(), path.removeprefix(BODY))
    if context.event_type != EventType.CONNECT:
        return None
    if path.startswith(HEADER):
        return header(context.connection.handshake_headers, path.removeprefix(HEADER))
    if path.startswith(QUERYSTRING):
        return query_parameter(context.connection.query_string, path.removeprefix(QUERYSTRING))
    return None


def resolver(context: WebSocketInvocationContext) -> Resolver:
    """The variables of a request's selection expressions (``selection.evaluate``)."""
    return functools.partial(resolve, context)


def response_resolver(
    context: WebSocketInvocationContext, response: EndpointResponse | None, read_body: bool = False
) -> Resolver:
    """The variables of an integration response's selection expressions: the request's, and
    ``integration.response.statuscode|header.X|multivalueheader.X`` of ``response``; with ``read_body``,
    ``integration.response.body.*`` too (only a Lambda integration's response selection reads the body:
    AWS-validated tests show a response TemplateSelectionExpression on it selecting ``$default``)."""

    def resolve_response(path: str):
        if not path.startswith(INTEGRATION_RESPONSE):
            return resolve(context, path)
        if response is None:
            return None
        path = path.removeprefix(INTEGRATION_RESPONSE)
        if path == STATUS_CODE:
            return str(response.status_code)
        for prefix in (HEADER, MULTI_VALUE_HEADER):
            if path.startswith(prefix):
                return header(response.headers.items(), path.removeprefix(prefix))
        if read_body and path.startswith(BODY):
            return selection.json_path_value(parse_json(response.body or None)[1], path.removeprefix(BODY))
        return None

    return resolve_response
