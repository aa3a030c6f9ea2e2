"""The extension's settings, from environment variables (read when LocalStack starts).

AWS's WebSocket limits are the defaults; where AWS's behaviour is unconfirmed, the setting says so.
"""

import os


def _number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


# idle connections are closed after this many seconds without a data frame from the client (AWS: 10 minutes)
IDLE_TIMEOUT_SECONDS = _number("WS_IDLE_TIMEOUT_SECONDS", 600)
# connections are closed after this many seconds, however active (AWS: 2 hours)
MAX_CONNECTION_SECONDS = _number("WS_MAX_CONNECTION_SECONDS", 7200)
# a larger incoming frame or message closes the connection with 1009 (AWS: 32 KB / 128 KB)
MAX_FRAME_BYTES = int(_number("WS_MAX_FRAME_BYTES", 32 * 1024))
MAX_MESSAGE_BYTES = int(_number("WS_MAX_MESSAGE_BYTES", 128 * 1024))
# whether client pings keep a connection from idling out (UNCONFIRMED on AWS: off)
PINGS_COUNT_AS_ACTIVITY = _flag("WS_PINGS_COUNT_AS_ACTIVITY", False)
# threads that run integrations for all connections (messages of one connection stay in order)
WORKER_THREADS = int(_number("WS_WORKER_THREADS", 32))
# status a $connect proxy answer without statusCode counts as (UNCONFIRMED on AWS: 200, i.e. accepted)
CONNECT_DEFAULT_STATUS = int(_number("WS_CONNECT_DEFAULT_STATUS", 200))
# the message of the error frame (and the $connect 504 body) when an integration exceeds its TimeoutInMillis
# (UNCONFIRMED on AWS: REST APIs' "Endpoint request timed out")
INTEGRATION_TIMEOUT_MESSAGE = os.environ.get("WS_INTEGRATION_TIMEOUT_MESSAGE", "").strip() or (
    "Endpoint request timed out"
)
# the frame a message failing its route's request model gets (exact form UNCONFIRMED on AWS): "bad-request-body"
# is the developer guide's 2018-2023 form, {"message" : "Bad request body", "connectionId": ..., "messageId": ...};
# "invalid-request-body" the current guide's, {"message": "Invalid request body", "connectionId":..., "requestId":...}
REQUEST_VALIDATION_FRAME = os.environ.get("WS_REQUEST_VALIDATION_FRAME", "").strip() or "bad-request-body"
# generate and serve a TLS certificate that names the execute-api hosts (see tls.py)
EXECUTE_API_CERTIFICATE = _flag("WS_EXECUTE_API_CERTIFICATE", True)
# one timer thread and one metric thread for LocalStack's Lambda service instead of two new threads per
# invocation (see lambda_runtime/shared_threads.py)
LAMBDA_SHARED_THREADS = _flag("WS_LAMBDA_SHARED_THREADS", True)
# honour a REQUEST authorizer's AuthorizerResultTtlInSeconds (AWS's model calls it HTTP-API only; UNCONFIRMED
# for WebSocket APIs: on, results are cached by identity-source values and ResetAuthorizersCache clears them)
AUTHORIZER_CACHE = _flag("WS_AUTHORIZER_CACHE", True)
# handshake status when a Lambda authorizer fails or answers an invalid result (UNCONFIRMED on AWS for
# WebSocket APIs; REST answers 500 AuthorizerConfigurationException)
AUTHORIZER_ERROR_STATUS = int(_number("WS_AUTHORIZER_ERROR_STATUS", 500))
# largest authorizer result accepted, in bytes (AWS quota: 8 KB)
AUTHORIZER_MAX_RESULT_BYTES = int(_number("WS_AUTHORIZER_MAX_RESULT_BYTES", 8 * 1024))
# handshake status for a missing, unknown or disabled API key on an ApiKeyRequired $connect (UNCONFIRMED on
# AWS for WebSocket APIs; REST answers 403)
API_KEY_ERROR_STATUS = int(_number("WS_API_KEY_ERROR_STATUS", 403))
