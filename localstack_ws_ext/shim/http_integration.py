"""HTTP, HTTP_PROXY and AWS integrations through next_gen's own: a WebSocket request to a backend is adapted to
the ``RestApiInvocationContext`` next_gen's integrations read, and next_gen's errors become one exception the
WebSocket gateway turns into its error frame or handshake status.

next_gen's integrations send their request with no timeout (REST's TimeoutInMillis is a TODO there). The
WebSocket integration's TimeoutInMillis reaches that call through ``request_timeout()``, the hook of
patches/next_gen_integration_timeout.py (installed at startup): REST APIs on next_gen are untouched."""

import dataclasses

import requests
import urllib3.exceptions
from localstack.http import Request
from localstack.services.apigateway.next_gen.execute_api.context import (
    IntegrationRequest,
    RestApiInvocationContext,
)
from localstack.services.apigateway.next_gen.execute_api.gateway_response import BaseGatewayException
from localstack.services.apigateway.next_gen.execute_api.handlers.integration_request import (
    DEFAULT_REQUEST_HEADERS,
)
from localstack.services.apigateway.next_gen.execute_api.header_utils import set_default_headers
from localstack.services.apigateway.next_gen.execute_api.helpers import render_uri_with_stage_variables
from localstack.services.apigateway.next_gen.execute_api.integrations import REST_API_INTEGRATIONS
from werkzeug.datastructures import Headers

from ..patches.next_gen_integration_timeout import request_timeout


class BackendRequestFailed(Exception):
    """The backend could not be reached or the request could not be made (next_gen's reason in the message)."""


class BackendTimedOut(BackendRequestFailed):
    """The backend did not answer within the integration's timeout."""


# a backend that answered its status line and then fell silent times out while the body is read: requests reports
# that as a ConnectionError raised while handling urllib3's ReadTimeoutError. Not urllib3's TimeoutError: a refused
# connection (NewConnectionError) is one of those too.
TIMEOUTS = (requests.exceptions.Timeout, urllib3.exceptions.ReadTimeoutError, TimeoutError)
# what a backend that breaks the HTTP exchange raises beyond what next_gen catches: a body shorter than its
# Content-Length or a broken chunked encoding (ChunkedEncodingError), a body that does not decode
# (ContentDecodingError), a timeout while reading the body (ConnectionError)
BACKEND_FAILURES = (BaseGatewayException, requests.exceptions.RequestException, urllib3.exceptions.HTTPError)


def _timed_out(error: BaseException) -> bool:
    """Whether ``error`` is, or was raised while handling, a timeout (next_gen reports a timeout as a generic
    "Network error communicating with endpoint")."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, TIMEOUTS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _failure(error: BaseException) -> BackendRequestFailed:
    kind = BackendTimedOut if _timed_out(error) else BackendRequestFailed
    return kind(f"{type(error).__name__}: {error}")


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
    timeout_seconds: float | None = None,
) -> BackendResponse:
    """Sends the request with next_gen's ``HTTP`` or ``HTTP_PROXY`` integration; a backend silent for longer
    than ``timeout_seconds`` raises ``BackendTimedOut``."""
    context = RestApiInvocationContext(Request("POST", "/"))
    context.integration_request = IntegrationRequest(
        http_method=method, uri=uri, query_string_parameters=query, headers=Headers(headers), body=body or b""
    )
    try:
        with request_timeout(timeout_seconds):
            response = REST_API_INTEGRATIONS[integration_type].invoke(context)
    except BACKEND_FAILURES as e:
        raise _failure(e) from e
    return BackendResponse(response["status_code"], dict(response["headers"]), response["body"])


def aws_request_headers(mapped: list[tuple[str, str]], api_id: str, trace_id: str) -> Headers:
    """What API Gateway sends a service: the mapped headers, next_gen's REST defaults where no mapped header of
    that name is (``Accept: application/json`` is why SNS and SQS answer JSON that ``$input.path`` reads; a
    mapped ``Accept`` can still ask for XML) and the trace id, as next_gen's integration request sets them."""
    headers = Headers(mapped)
    set_default_headers(headers, {**DEFAULT_REQUEST_HEADERS, "User-Agent": f"AmazonAPIGateway_{api_id}"})
    headers.set("X-Amzn-Trace-Id", trace_id)
    return headers


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
    trace_id: str,
    timeout_seconds: float | None = None,
) -> BackendResponse:
    """An ``AWS`` integration (``arn:aws:apigateway:{region}:{service}:action/{Action}`` or ``path/...``) sent
    by next_gen's AWS integration, signed for LocalStack as API Gateway (optionally with ``credentials``).
    ``source`` is (region, account, api id, stage, route key): it makes the execute-api source ARN. A service
    (or Lambda function, for Lambda without proxy) silent for longer than ``timeout_seconds`` raises
    ``BackendTimedOut``."""
    region, account_id, api_id, stage, route_key = source
    context = RestApiInvocationContext(Request("POST", "/"))
    context.integration_request = IntegrationRequest(
        http_method=method,
        uri=uri,
        query_string_parameters=query,
        headers=aws_request_headers(headers, api_id, trace_id),
        body=body or b"",
    )
    context.integration = {"credentials": credentials} if credentials else {}
    context.stage_variables = stage_variables
    context.region, context.account_id, context.api_id, context.stage = region, account_id, api_id, stage
    # next_gen's source ARN is .../{stage}/{httpMethod}{resourcePath}: for a WebSocket route, .../{stage}/{routeKey}
    context.resource_method, context.resource = {"httpMethod": route_key}, {"path": ""}
    context.context_variables = {"requestId": request_id}
    try:
        with request_timeout(timeout_seconds):
            response = REST_API_INTEGRATIONS["AWS"].invoke(context)
    except BACKEND_FAILURES as e:
        raise _failure(e) from e
    return BackendResponse(response["status_code"], dict(response["headers"]), response["body"])
