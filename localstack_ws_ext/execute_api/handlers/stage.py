"""The stage must serve a deployment: a handshake to a stage that is not deployed (or no longer exists) is
refused with 403, a message on a connection whose API or stage went away gets the Forbidden frame
(docs/aws-behaviour.md §2), and such a connection's close calls nothing (its ``$disconnect`` route went with
the deployment)."""

from rolo import Response
from rolo.gateway import HandlerChain

from ..context import EventType, WebSocketInvocationContext
from ..errors import Forbidden


class StageHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        if context.snapshot is not None:
            return
        if context.event_type == EventType.DISCONNECT:
            chain.stop()
            return
        connection = context.connection
        raise Forbidden(f"stage {connection.stage} of API {connection.api_id} serves no deployment")
