"""Why an event cannot be served: one exception per reason, each saying what API Gateway answers for it.

Every failure in the gateway's chain is raised as one of these; the chain's exception handler
(``handlers/errors.py``) is the one place they become an answer: the status of a refused handshake on
``$connect``, an error frame on a message (the connection stays open), nothing on ``$disconnect``.
"""

from ..settings import settings


class GatewayError(Exception):
    """``message``: what the client reads (in the error frame, or the refused handshake's body);
    ``status_code``: the refused handshake's status; ``error_type``: its ``x-amzn-ErrorType`` (None: the
    status's usual type); ``detail``: why, for the log. Where AWS's answer is unconfirmed, ``status_setting`` /
    ``message_setting`` name the setting that gives it."""

    message: str = "Internal server error"
    status_code: int = 500
    error_type: str | None = None
    validation_errors: str = ""  # $context.error.validationErrorString
    status_setting: str | None = None
    message_setting: str | None = None

    def __init__(
        self,
        detail: str = "",
        *,
        message: str | None = None,
        status_code: int | None = None,
        error_type: str | None = None,
    ):
        if message is None and self.message_setting:
            message = getattr(settings(), self.message_setting)
        if status_code is None and self.status_setting:
            status_code = getattr(settings(), self.status_setting)
        super().__init__(detail or message or self.message)
        self.detail = detail
        if message is not None:
            self.message = message  # e.g. IAM's "Missing Authentication Token"
        if status_code is not None:
            self.status_code = status_code
        if error_type is not None:
            self.error_type = error_type


class Forbidden(GatewayError):
    """No route for the message and no $default route; the stage serves no deployment."""

    message = "Forbidden"
    status_code = 403


class Unauthorized(GatewayError):
    """$connect: an identity source is missing or empty, or the Lambda authorizer answered "Unauthorized"."""

    message = "Unauthorized"
    status_code = 401
    error_type = "UnauthorizedException"


class AccessDenied(Forbidden):
    """$connect: the authorizer's policy does not allow it (explicit Deny, or no Allow for the $connect ARN)."""

    error_type = "AccessDeniedException"


class InvalidSignature(Forbidden):
    """$connect with AWS_IAM: the handshake is not signed, or its SigV4 signature does not verify."""

    error_type = "InvalidSignatureException"


class InvalidApiKey(Forbidden):
    """$connect with ApiKeyRequired: the key is missing, unknown to the stage's usage plans, or disabled."""

    status_setting = "api_key_error_status"
    error_type = "ForbiddenException"


class AuthorizerConfigurationError(GatewayError):
    """$connect: the Lambda authorizer failed (error, timeout) or answered something that is not a valid
    authorizer result (not JSON, no policy, non-scalar context, over 8 KB), or the route's authorizer is not
    deployed."""

    status_setting = "authorizer_error_status"
    error_type = "AuthorizerConfigurationException"


class BadRequestBody(GatewayError):
    """The message does not match its route's request model (or is not JSON, or no model applies)."""

    message = "Bad request body"
    status_code = 400

    def __init__(self, validation_errors: str):
        super().__init__(validation_errors)
        self.validation_errors = validation_errors


class IntegrationError(GatewayError):
    """The integration failed (function error, invalid proxy output, unreachable backend)."""

    status_code = 502


class IntegrationTimeout(GatewayError):
    """The backend did not answer within the integration's TimeoutInMillis (REST's 504)."""

    message_setting = "integration_timeout_message"
    status_code = 504


class ConnectRejected(GatewayError):
    """The $connect integration answered a non-2xx status: the handshake fails with that status."""

    def __init__(self, status_code: int):
        super().__init__(f"$connect integration answered status {status_code}", status_code=status_code)
