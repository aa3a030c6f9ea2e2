"""Integration response: what the integration's answer means for the handshake or the client."""

from rolo import Response
from rolo.gateway import HandlerChain

from ..context import EventType, WebSocketInvocationContext
from ..errors import ConnectRejected


class IntegrationResponseHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        endpoint_response = context.endpoint_response
        if context.event_type != EventType.CONNECT:
            return
        if not 200 <= endpoint_response.status_code < 300:
            raise ConnectRejected(endpoint_response.status_code)
        # of the $connect answer only Sec-WebSocket-Protocol reaches the client
        headers = {name.lower(): value for name, value in endpoint_response.headers.items()}
        context.subprotocol = headers.get("sec-websocket-protocol")
