"""Authorization on $connect (the hook for Lambda REQUEST authorizers, IAM and API keys)."""

import logging

from rolo import Response
from rolo.gateway import HandlerChain

from ..context import EventType, WebSocketInvocationContext

LOG = logging.getLogger(__name__)


class AuthorizationHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        if context.event_type != EventType.CONNECT:
            return  # authorization is decided once, on $connect; its result follows the connection
        route = context.route or {}
        authorization_type = route.get("AuthorizationType", "NONE")
        if authorization_type != "NONE" or route.get("ApiKeyRequired"):
            LOG.warning(
                "WebSocket API %s: $connect requires %s%s, which localstack-ws-ext does not enforce yet: "
                "the connection is let through",
                context.api.api_id,
                authorization_type,
                " and an API key" if route.get("ApiKeyRequired") else "",
            )
