"""Route response (docs/aws-behaviour.md §5): only a two-way route ($default route response) answers the
client, with a text frame for a text answer (``str``) and a binary frame for a binary one (``bytes``, see
integration_response)."""

from rolo import Response
from rolo.gateway import HandlerChain

from ..context import EventType, WebSocketInvocationContext
from ..routes import is_two_way


class RouteResponseHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        if context.event_type == EventType.MESSAGE and is_two_way(context.snapshot, context.route):
            body = context.endpoint_response.body
            context.reply = "" if body is None else body
