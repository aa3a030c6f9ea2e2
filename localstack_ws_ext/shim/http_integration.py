"""HTTP and HTTP_PROXY integrations through next_gen's own: a WebSocket request to a backend is adapted to the
``RestApiInvocationContext`` next_gen's integrations read (only its ``integration_request`` is used), and next_gen's
errors become one exception the WebSocket gateway turns into its error frame or handshake status."""

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
        raise BackendRequestFailed(f"{type(e).__name__}: {e.message if hasattr(e, 'message') else e}") from e
    return BackendResponse(response["status_code"], dict(response["headers"]), response["body"])
