"""Integration: calls the integration of the selected route."""

from rolo import Response
from rolo.gateway import HandlerChain

from ..context import WebSocketInvocationContext
from ..errors import IntegrationError
from ..integrations import WEBSOCKET_INTEGRATIONS


class IntegrationHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        integration_type = context.integration["IntegrationType"]
        integration = WEBSOCKET_INTEGRATIONS.get(integration_type)
        if integration is None:
            raise IntegrationError(f"integration type {integration_type} is not supported yet")
        context.endpoint_response = integration.invoke(context)
