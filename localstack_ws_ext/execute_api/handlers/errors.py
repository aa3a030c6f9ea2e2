"""The one place where a failure becomes what API Gateway answers: on ``$connect`` the refused handshake
(status, ``{"message": ...}``, ``x-amzn-ErrorType``), on a message an error frame (the connection stays open),
on ``$disconnect`` nothing (the client is gone)."""

import logging

from localstack.http import Response
from rolo.gateway import HandlerChain

from ...settings import settings
from ..context import EventType, WebSocketInvocationContext
from ..errors import BadRequestBody, GatewayError, IntegrationError

LOG = logging.getLogger(__name__)

ERROR_TYPES = {401: "UnauthorizedException", 403: "ForbiddenException", 429: "TooManyRequestsException"}


def error_response(error: GatewayError) -> Response:
    """The HTTP answer to a refused handshake (or any other request to a stage that API Gateway refuses)."""
    error_type = error.error_type or ERROR_TYPES.get(
        error.status_code,
        "InternalServerErrorException" if error.status_code >= 500 else "BadRequestException",
    )
    return Response.for_json(
        {"message": error.message}, status=error.status_code, headers={"x-amzn-ErrorType": error_type}
    )


def error_frame(error: GatewayError, connection_id: str, request_id: str, message_id: str | None) -> str:
    """The frame exactly as API Gateway sends it (spacing included). A message failing its request model gets
    the form WS_REQUEST_VALIDATION_FRAME chooses (AWS's exact bytes are unconfirmed: docs/aws-behaviour.md
    §7): the developer guide's older one by default, which names the message rather than the request."""
    if isinstance(error, BadRequestBody) and settings().request_validation_frame != "invalid-request-body":
        return (
            f'{{"message" : "{error.message}", "connectionId": "{connection_id}", '
            f'"messageId": "{message_id}"}}'
        )
    message = "Invalid request body" if isinstance(error, BadRequestBody) else error.message
    return f'{{"message": "{message}", "connectionId":"{connection_id}", "requestId":"{request_id}"}}'


class GatewayExceptionHandler:
    def __call__(
        self,
        chain: HandlerChain,
        exception: Exception,
        context: WebSocketInvocationContext,
        response: Response,
    ):
        if not isinstance(exception, GatewayError):
            LOG.error(
                "WebSocket API %s: unexpected error on %s: %s",
                context.connection.api_id,
                context.event_type,
                exception,
                exc_info=LOG.isEnabledFor(logging.DEBUG),
            )
            exception = IntegrationError(str(exception))
        context.error = exception
        if context.event_type == EventType.CONNECT:
            response.update_from(error_response(exception))
        elif context.event_type == EventType.MESSAGE:
            context.reply = error_frame(
                exception, context.connection.connection_id, context.request_id, context.message_id
            )
