"""API keys on ``$connect`` (``ApiKeyRequired``, spec 1.7 and 5.5): the key comes from where the API's
``ApiKeySelectionExpression`` says (the ``x-api-key`` handshake header, or the Lambda authorizer's
``usageIdentifierKey``) and must be an enabled key of a usage plan that includes the stage, as on AWS; else the
handshake is refused (403, ``WS_API_KEY_ERROR_STATUS``)."""

from ... import settings
from ...shim.api_keys import stage_api_key
from ..context import WebSocketInvocationContext
from ..errors import InvalidApiKey

HEADER_SOURCE = "$request.header.x-api-key"
AUTHORIZER_SOURCE = "$context.authorizer.usageIdentifierKey"


def invalid_api_key(detail: str) -> InvalidApiKey:
    error = InvalidApiKey(detail)
    error.handshake_status = settings.API_KEY_ERROR_STATUS
    return error


def request_api_key(context: WebSocketInvocationContext, usage_identifier_key: str | None) -> str | None:
    expression = context.snapshot.api.get("ApiKeySelectionExpression") or HEADER_SOURCE
    if expression == AUTHORIZER_SOURCE:
        return usage_identifier_key or None
    values = [v for name, v in context.connection.handshake_headers if name.lower() == "x-api-key"]
    return values[-1] if values and values[-1] else None


def required_api_key(
    context: WebSocketInvocationContext, usage_identifier_key: str | None
) -> tuple[str, str]:
    """(key, key id) for ``requestContext.identity.apiKey``/``apiKeyId``."""
    connection = context.connection
    value = request_api_key(context, usage_identifier_key)
    if value is None:
        raise invalid_api_key("$connect requires an API key and none was given")
    key = stage_api_key(value, connection.api_id, connection.stage, connection.account_id, connection.region)
    if key is None:
        raise invalid_api_key(f"the API key is not in a usage plan of stage {connection.stage}")
    if not key.enabled:
        raise invalid_api_key(f"API key {key.id} is disabled")
    return key.value, key.id
