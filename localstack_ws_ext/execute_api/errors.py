"""What API Gateway answers when an event cannot be served: an error frame on an open connection (the
connection stays open), or an HTTP status instead of the upgrade on ``$connect``."""

from .. import settings


class GatewayError(Exception):
    message: str = "Internal server error"
    handshake_status: int = 500
    error_type: str | None = None  # x-amzn-ErrorType of a rejected handshake (None: derived from the status)

    def __init__(self, detail: str = "", message: str | None = None, error_type: str | None = None):
        super().__init__(detail or message or self.message)
        self.detail = detail
        if message is not None:
            self.message = message  # e.g. IAM's "Missing Authentication Token"
        if error_type is not None:
            self.error_type = error_type


class Forbidden(GatewayError):
    """No route for the message and no $default route; on $connect: stage not deployed, access denied."""

    message = "Forbidden"
    handshake_status = 403


class Unauthorized(GatewayError):
    """$connect: an identity source is missing or empty, or the Lambda authorizer answered "Unauthorized"."""

    message = "Unauthorized"
    handshake_status = 401
    error_type = "UnauthorizedException"


class AccessDenied(Forbidden):
    """$connect: the authorizer's policy does not allow it (explicit Deny, or no Allow for the $connect ARN)."""

    error_type = "AccessDeniedException"


class InvalidSignature(Forbidden):
    """$connect with AWS_IAM: the handshake is not signed, or its SigV4 signature does not verify."""

    error_type = "InvalidSignatureException"


class InvalidApiKey(Forbidden):
    """$connect with ApiKeyRequired: the key is missing, unknown to the stage's usage plans, or disabled."""

    error_type = "ForbiddenException"


class AuthorizerConfigurationError(GatewayError):
    """$connect: the Lambda authorizer failed (error, timeout) or answered something that is not a valid
    authorizer result (not JSON, no policy, non-scalar context, over 8 KB)."""

    message = "Internal server error"
    handshake_status = 500
    error_type = "AuthorizerConfigurationException"


class IntegrationError(GatewayError):
    """The integration failed (function error, invalid proxy output, unreachable backend)."""

    message = "Internal server error"
    handshake_status = 502


class ConnectRejected(GatewayError):
    """The $connect integration answered a non-2xx status: the handshake fails with that status."""

    def __init__(self, status: int):
        super().__init__(f"$connect integration answered status {status}")
        self.handshake_status = status


class IntegrationTimeout(GatewayError):
    """The HTTP or AWS backend did not answer within the integration's TimeoutInMillis (REST's 504)."""

    message = settings.INTEGRATION_TIMEOUT_MESSAGE
    handshake_status = 504


def error_frame(message: str, connection_id: str, request_id: str) -> str:
    """The frame exactly as API Gateway sends it (spacing included)."""
    return f'{{"message": "{message}", "connectionId":"{connection_id}", "requestId":"{request_id}"}}'
