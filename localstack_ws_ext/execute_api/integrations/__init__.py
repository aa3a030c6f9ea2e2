"""The integrations a WebSocket route can target, by IntegrationType."""

import typing as t

from ..context import EndpointResponse, WebSocketInvocationContext
from .aws import AwsIntegration
from .aws_proxy import AwsProxyIntegration
from .http import HttpIntegration
from .mock import MockIntegration


class WebSocketIntegration(t.Protocol):
    def invoke(self, context: WebSocketInvocationContext) -> EndpointResponse:
        """Calls the backend with the request the integration request step prepared; raises a
        ``GatewayError`` when there is no answer to map (unreachable, timed out, function error)."""


WEBSOCKET_INTEGRATIONS: dict[str, WebSocketIntegration] = {
    "AWS": AwsIntegration(),
    "AWS_PROXY": AwsProxyIntegration(),
    "HTTP": HttpIntegration(),
    "HTTP_PROXY": HttpIntegration(),
    "MOCK": MockIntegration(),
}
