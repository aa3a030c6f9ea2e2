"""Gateway errors become what API Gateway answers: an error frame, or a failed handshake on $connect."""

import logging

from rolo import Response
from rolo.gateway import HandlerChain

from ..context import EventType, WebSocketInvocationContext
from ..errors import GatewayError, IntegrationError, error_frame

LOG = logging.getLogger(__name__)


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
                context.api.api_id,
                context.event_type,
                exception,
                exc_info=LOG.isEnabledFor(logging.DEBUG),
            )
            exception = IntegrationError(str(exception))
        context.error = exception
        if context.event_type == EventType.MESSAGE:
            context.reply = error_frame(
                exception.message, context.connection.connection_id, context.request_id
            )
        chain.stop()
