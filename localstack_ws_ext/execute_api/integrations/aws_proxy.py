"""AWS_PROXY: the Lambda proxy integration: the function gets AWS's event (docs/aws-behaviour.md §4) and its
answer is the status of a ``$connect`` or the reply of a two-way route (§2, §5)."""

import json

from ...settings import settings
from ...shim.lambda_invoke import InvocationTimedOut, invoke_function
from ..context import EndpointResponse, EventType, WebSocketInvocationContext
from ..errors import IntegrationError, IntegrationTimeout
from .http import timeout_seconds


class AwsProxyIntegration:
    def invoke(self, context: WebSocketInvocationContext) -> EndpointResponse:
        integration = context.integration
        try:
            result = invoke_function(
                integration["IntegrationUri"],
                json.dumps(context.integration_event).encode(),
                # what a resource policy of the function matches
                context.connection.execute_api_arn(f"{context.connection.stage}/{context.route_key}"),
                context.stage_variables,
                integration.get("CredentialsArn"),
                timeout_seconds(integration),
                context.on_integration_timeout,
            )
        except InvocationTimedOut as e:
            raise IntegrationTimeout(str(e)) from None
        except Exception as e:
            raise IntegrationError(f"invoking the function failed: {e}") from e
        if result.function_error:
            raise IntegrationError(f"function error: {result.payload.decode('utf-8', 'replace')}")
        # an answer without statusCode accepts a $connect (AWS: unconfirmed; WS_CONNECT_DEFAULT_STATUS)
        default_status = settings().connect_default_status if context.event_type == EventType.CONNECT else 200
        return parse_proxy_response(result.payload, default_status)


def parse_proxy_response(payload: bytes, default_status: int = 200) -> EndpointResponse:
    """The function's answer: ``{statusCode, headers, body}``; without a status, ``default_status``; a
    non-object answer is taken as the body (AWS passes such answers through on two-way routes)."""
    try:
        answer = json.loads(payload) if payload else None
    except ValueError:
        return EndpointResponse(default_status, payload.decode("utf-8", "replace"))
    if not isinstance(answer, dict):
        return EndpointResponse(default_status, None if answer is None else json.dumps(answer))
    try:
        status = int(answer.get("statusCode") or default_status)
    except (TypeError, ValueError):
        raise IntegrationError(
            f"invalid statusCode in proxy response: {answer.get('statusCode')!r}"
        ) from None
    body = answer.get("body")
    if body is not None and not isinstance(body, str):
        body = json.dumps(body)
    headers = (
        {str(k): str(v) for k, v in (answer.get("headers") or {}).items()}
        if isinstance(answer.get("headers"), dict)
        else {}
    )
    return EndpointResponse(status, body, headers)
