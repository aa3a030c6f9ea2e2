"""Route selection (docs/aws-behaviour.md §3): lifecycle events go to $connect/$disconnect, messages through
the API's RouteSelectionExpression, falling back to $default; no match and no $default is Forbidden."""

from rolo import Response
from rolo.gateway import HandlerChain

from ... import selection
from ..context import EventType, WebSocketInvocationContext
from ..errors import Forbidden
from ..sources import resolver

LIFECYCLE_ROUTES = {EventType.CONNECT: "$connect", EventType.DISCONNECT: "$disconnect"}


def select_route_key(expression: str, context: WebSocketInvocationContext) -> str:
    """The key the message selects; a frame that is not JSON selects nothing (it goes to $default), and neither
    does a message whose expression evaluates to "$connect" or "$disconnect": the expression never selects a
    lifecycle route (docs/aws-behaviour.md §3)."""
    if not context.message_is_json():
        return ""
    key = selection.evaluate(expression, resolver(context))
    return "" if key in LIFECYCLE_ROUTES.values() else key


class RouteSelectionHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        snapshot = context.snapshot
        if context.event_type in LIFECYCLE_ROUTES:
            context.route_key = LIFECYCLE_ROUTES[context.event_type]
            context.route = snapshot.route_by_key(context.route_key)
            if context.route is None:
                # no $connect route: the connection is accepted; no $disconnect route: nothing to call
                chain.stop()
            return
        key = select_route_key(snapshot.api["RouteSelectionExpression"], context)
        route = (snapshot.route_by_key(key) if key else None) or snapshot.route_by_key("$default")
        if route is None:
            raise Forbidden(f"no route for key {key!r} and no $default route")
        context.route, context.route_key = route, route["RouteKey"]
