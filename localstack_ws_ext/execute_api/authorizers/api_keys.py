"""API keys on ``$connect`` (``ApiKeyRequired``, docs/aws-behaviour.md §10): the key comes from where the
API's ``ApiKeySelectionExpression`` says (the ``x-api-key`` handshake header, or the Lambda authorizer's
``usageIdentifierKey``) and must be an enabled key of a usage plan that includes the stage, as on AWS; else
the handshake is refused (403, ``WS_API_KEY_ERROR_STATUS``). The key and its id then appear in
``requestContext.identity`` of every event of the connection (§4)."""

from ...shim.api_keys import stage_api_key
from ..context import WebSocketInvocationContext
from ..errors import InvalidApiKey
from ..sources import resolve

HEADER_SOURCE = "request.header.x-api-key"
AUTHORIZER_SOURCE = "$context.authorizer.usageIdentifierKey"


def request_api_key(context: WebSocketInvocationContext, usage_identifier_key: str | None) -> str | None:
    if context.snapshot.api.get("ApiKeySelectionExpression") == AUTHORIZER_SOURCE:
        return usage_identifier_key or None
    return resolve(context, HEADER_SOURCE) or None


def required_api_key(
    context: WebSocketInvocationContext, usage_identifier_key: str | None
) -> tuple[str, str]:
    """(key, key id) for ``requestContext.identity.apiKey``/``apiKeyId``."""
    connection = context.connection
    value = request_api_key(context, usage_identifier_key)
    if value is None:
        raise InvalidApiKey("$connect requires an API key and none was given")
    key = stage_api_key(value, connection.api_id, connection.stage, connection.account_id, connection.region)
    if key is None:
        raise InvalidApiKey(f"the API key is not in a usage plan of stage {connection.stage}")
    if not key.enabled:
        raise InvalidApiKey(f"API key {key.id} is disabled")
    return key.value, key.id
