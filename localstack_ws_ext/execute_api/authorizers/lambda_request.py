"""Lambda REQUEST authorizers on ``$connect`` (docs/aws-behaviour.md §10).

The authorizer's identity sources must all be present (else 401, the Lambda is not invoked); its result comes
from the cache or from the Lambda, invoked with AWS's WebSocket authorizer event through the same door as
integrations (``AuthorizerCredentialsArn`` honoured); its policy must allow ``execute-api:Invoke`` on the
``$connect`` method ARN (else 403). A Lambda error ``Unauthorized`` is 401; any other failure or invalid
result is an authorizer configuration error (500, ``WS_AUTHORIZER_ERROR_STATUS``).
"""

import dataclasses
import json
import logging
import time

from ...api.apigatewayv2 import Authorizer
from ...settings import settings
from ...shim.lambda_invoke import invoke_function
from .. import events
from ..context import WebSocketInvocationContext
from ..errors import AccessDenied, AuthorizerConfigurationError, Unauthorized
from . import policy
from .cache import AuthorizerCache, results
from .identity_sources import identity_source_values
from .output import AuthorizerOutput, InvalidAuthorizerOutput, parse_output

LOG = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Authorization:
    authorizer: dict  # requestContext.authorizer / $context.authorizer of every later event
    usage_identifier_key: str | None  # the API key for $context.authorizer.usageIdentifierKey


def method_arn(context: WebSocketInvocationContext) -> str:
    """``arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect``: no HTTP verb on WebSocket APIs."""
    return context.connection.execute_api_arn(f"{context.connection.stage}/$connect")


def cache_key(context: WebSocketInvocationContext, authorizer: Authorizer, values: list[str]) -> tuple:
    api = context.api
    stage = context.connection.stage
    return (
        api.api_id,
        str(context.snapshot.api.get("CreatedDate")),
        stage,
        api.authorizer_cache_generation.get(stage, 0),  # live: ResetAuthorizersCache takes effect at once
        json.dumps(authorizer, sort_keys=True, default=str),
        tuple(values),
    )


def authorize(
    context: WebSocketInvocationContext, authorizer: Authorizer, cache: AuthorizerCache = results
) -> Authorization:
    connection = context.connection
    sources = authorizer.get("IdentitySource") or []
    values = identity_source_values(context, sources)
    if values is None:
        raise Unauthorized(
            f"authorizer {authorizer['AuthorizerId']}: an identity source ({sources}) is missing"
        )
    ttl = int(authorizer.get("AuthorizerResultTtlInSeconds") or 0) if settings().authorizer_cache else 0
    key = cache_key(context, authorizer, values) if ttl > 0 and sources else None
    output = cache.get(key) if key else None
    latency_ms = 0
    if output is None:
        started = time.perf_counter()
        output = invoke_authorizer(context, authorizer)
        latency_ms = round((time.perf_counter() - started) * 1000)
        if key:
            cache.put(key, output, ttl)
    else:
        LOG.debug("authorizer %s: cached result for %s", authorizer["AuthorizerId"], connection.connection_id)
    arn = method_arn(context)
    if not policy.is_allowed(output.policy_document, arn):
        raise AccessDenied(
            f"authorizer {authorizer['AuthorizerId']}: the policy of {output.principal_id!r} does not allow "
            f"execute-api:Invoke on {arn}"
        )
    reserved = ("principalId", "integrationLatency")
    return Authorization(
        authorizer={
            "principalId": output.principal_id,
            "integrationLatency": latency_ms,
            **{name: value for name, value in output.context.items() if name not in reserved},
        },
        usage_identifier_key=output.usage_identifier_key,
    )


def invoke_authorizer(context: WebSocketInvocationContext, authorizer: Authorizer) -> AuthorizerOutput:
    connection = context.connection
    event = events.authorizer_event(
        connection, method_arn(context), context.request_id, context.trace_id, context.stage_variables
    )
    try:
        result = invoke_function(
            authorizer["AuthorizerUri"],
            json.dumps(event).encode(),
            connection.execute_api_arn(f"authorizers/{authorizer['AuthorizerId']}"),
            context.stage_variables,
            authorizer.get("AuthorizerCredentialsArn"),
        )
    except Exception as e:
        raise AuthorizerConfigurationError(
            f"invoking authorizer {authorizer['AuthorizerId']} failed: {e}"
        ) from e
    if result.function_error:
        if error_message(result.payload) == "Unauthorized":
            raise Unauthorized(f"authorizer {authorizer['AuthorizerId']} answered Unauthorized")
        raise AuthorizerConfigurationError(
            f"authorizer {authorizer['AuthorizerId']} failed: {result.payload[:500].decode('utf-8', 'replace')}"
        )
    try:
        return parse_output(result.payload, settings().authorizer_max_result_bytes)
    except InvalidAuthorizerOutput as e:
        raise AuthorizerConfigurationError(f"authorizer {authorizer['AuthorizerId']}: {e}") from None


def error_message(payload: bytes) -> str | None:
    """``errorMessage`` of a function error payload (Python and Node.js runtimes alike)."""
    try:
        answer = json.loads(payload)
    except ValueError:
        return None
    return answer.get("errorMessage") if isinstance(answer, dict) else None
