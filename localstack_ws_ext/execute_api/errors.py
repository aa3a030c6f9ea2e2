"""What API Gateway answers when an event cannot be served: an error frame on an open connection (the
connection stays open), or an HTTP status instead of the upgrade on ``$connect``."""


class GatewayError(Exception):
    message: str = "Internal server error"
    handshake_status: int = 500

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.message)
        self.detail = detail


class Forbidden(GatewayError):
    """No route for the message and no $default route; on $connect: stage not deployed, access denied."""

    message = "Forbidden"
    handshake_status = 403


class IntegrationError(GatewayError):
    """The integration failed (function error, invalid proxy output, unreachable backend)."""

    message = "Internal server error"
    handshake_status = 502


class ConnectRejected(GatewayError):
    """The $connect integration answered a non-2xx status: the handshake fails with that status."""

    def __init__(self, status: int):
        super().__init__(f"$connect integration answered status {status}")
        self.handshake_status = status


def error_frame(message: str, connection_id: str, request_id: str) -> str:
    """The frame exactly as API Gateway sends it (spacing included)."""
    return f'{{"message": "{message}", "connectionId":"{connection_id}", "requestId":"{request_id}"}}'
