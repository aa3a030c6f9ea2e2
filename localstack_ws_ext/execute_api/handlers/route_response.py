"""Route response (spec section 3.1): only a two-way route ($default route response) answers the client, with a
text frame for a text answer (``str``) and a binary frame for a binary one (``bytes``, see integration_response)."""

from rolo import Response
from rolo.gateway import HandlerChain

from ..context import EventType, WebSocketInvocationContext


def is_two_way(context: WebSocketInvocationContext) -> bool:
    route = context.route or {}
    if route.get("RouteResponseSelectionExpression") != "$default":
        return False
    responses = context.snapshot.route_responses.get(route.get("RouteId"), {})
    return any(response.get("RouteResponseKey") == "$default" for response in responses.values())


class RouteResponseHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        if context.event_type == EventType.MESSAGE and is_two_way(context):
            body = context.endpoint_response.body
            context.reply = "" if body is None else body
