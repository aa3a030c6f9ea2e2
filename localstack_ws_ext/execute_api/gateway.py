"""The WebSocket gateway: every event of every connection (CONNECT, MESSAGE, DISCONNECT) flows through one
rolo handler chain, as every REST request flows through next_gen's RestApiGateway."""

import time

from rolo import Response
from rolo.gateway import HandlerChain

from . import handlers
from .context import WebSocketInvocationContext
from .events import now_ms
from .ids import new_gateway_id, new_trace_id


class WebSocketGateway:
    def __init__(self):
        self.request_handlers = [
            handlers.stage,
            handlers.route_selection,
            handlers.authorization,
            handlers.request_validation,
            handlers.integration_request,
            handlers.integration,
            handlers.integration_response,
            handlers.route_response,
        ]
        self.exception_handlers = [handlers.gateway_exception]
        self.finalizers = [handlers.event_logger]

    def process(self, context: WebSocketInvocationContext) -> Response:
        """Runs the event through the chain. The outcome is in the context (error, subprotocol, reply); the
        response is what a refused handshake answers."""
        context.started_at = time.perf_counter()
        context.request_id = context.request_id or new_gateway_id()
        context.request_time_epoch = context.request_time_epoch or now_ms()
        context.trace_id = context.trace_id or new_trace_id()
        response = Response()
        chain = HandlerChain(
            request_handlers=self.request_handlers,
            exception_handlers=self.exception_handlers,
            finalizers=self.finalizers,
        )
        chain.handle(context, response)
        return response

    def answer_error(self, context: WebSocketInvocationContext, error: Exception) -> Response:
        """Answers an event that is still on its way through the chain with ``error``, through the chain's
        exception handling and finalizers (a message whose integration timed out while its function runs on)."""

        def fail(chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
            raise error

        response = Response()
        chain = HandlerChain(
            request_handlers=[fail], exception_handlers=self.exception_handlers, finalizers=self.finalizers
        )
        chain.handle(context, response)
        return response
