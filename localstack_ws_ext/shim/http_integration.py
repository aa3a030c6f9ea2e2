"""HTTP, HTTP_PROXY and AWS integrations through next_gen's own: a WebSocket request to a backend is adapted to
the ``RestApiInvocationContext`` next_gen's integrations read, and next_gen's errors become one exception the
WebSocket gateway turns into its error frame or handshake status."""

import dataclasses

from localstack.http import Request
from localstack.services.apigateway.next_gen.execute_api.context import (
    IntegrationRequest,
    RestApiInvocationContext,
)
from localstack.services.apigateway.next_gen.execute_api.gateway_response import BaseGatewayException
from localstack.services.apigateway.next_gen.execute_api.helpers import render_uri_with_stage_variables
from localstack.services.apigateway.next_gen.execute_api.integrations import REST_API_INTEGRATIONS
from werkzeug.datastructures import Headers


class BackendRequestFailed(Exception):
    """The backend could not be reached or the request could not be made (next_gen's reason in the message)."""


@dataclasses.dataclass
class BackendResponse:
    status_code: int
    headers: dict[str, str]
    body: bytes


def render_uri(uri: str, stage_variables: dict[str, str]) -> str:
    """``${stageVariables.x}`` in an integration URI, as next_gen renders it."""
    return render_uri_with_stage_variables(uri, stage_variables)


def call_backend(
    integration_type: str,
    method: str,
    uri: str,
    headers: list[tuple[str, str]],
    query: dict[str, str],
    body: bytes | None,
) -> BackendResponse:
    """Sends the request with next_gen's ``HTTP`` or ``HTTP_PROXY`` integration."""
    context = RestApiInvocationContext(Request("POST", "/"))
    context.integration_request = IntegrationRequest(
        http_method=method, uri=uri, query_string_parameters=query, headers=Headers(headers), body=body or b""
    )
    try:
        response = REST_API_INTEGRATIONS[integration_type].invoke(context)
    except BaseGatewayException as e:
        raise BackendRequestFailed(f"{type(e).__name__}: {e}") from e
    return BackendResponse(response["status_code"], dict(response["headers"]), response["body"])


def call_aws_service(
    uri: str,
    method: str,
    headers: list[tuple[str, str]],
    query: dict[str, str],
    body: bytes | None,
    credentials: str | None,
    stage_variables: dict[str, str],
    source: tuple[str, str, str, str, str],
    request_id: str,
) -> BackendResponse:
    """An ``AWS`` integration (``arn:aws:apigateway:{region}:{service}:action/{Action}`` or ``path/...``) sent
    by next_gen's AWS integration, signed for LocalStack as API Gateway (optionally with ``credentials``).
    ``source`` is (region, account, api id, stage, route key): it makes the execute-api source ARN."""
    region, account_id, api_id, stage, route_key = source
    context = RestApiInvocationContext(Request("POST", "/"))
    context.integration_request = IntegrationRequest(
        http_method=method, uri=uri, query_string_parameters=query, headers=Headers(headers), body=body or b""
    )
    context.integration = {"credentials": credentials} if credentials else {}
    context.stage_variables = stage_variables
    context.region, context.account_id, context.api_id, context.stage = region, account_id, api_id, stage
    # next_gen's source ARN is .../{stage}/{httpMethod}{resourcePath}: for a WebSocket route, .../{stage}/{routeKey}
    context.resource_method, context.resource = {"httpMethod": route_key}, {"path": ""}
    context.context_variables = {"requestId": request_id}
    try:
        response = REST_API_INTEGRATIONS["AWS"].invoke(context)
    except BaseGatewayException as e:
        raise BackendRequestFailed(f"{type(e).__name__}: {e}") from e
    return BackendResponse(response["status_code"], dict(response["headers"]), response["body"])
