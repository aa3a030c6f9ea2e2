"""Integration request: the integration of the selected route, and the request it gets."""

from rolo import Response
from rolo.gateway import HandlerChain

from .. import events
from ..context import EventType, WebSocketInvocationContext
from ..errors import IntegrationError


def target_integration(context: WebSocketInvocationContext) -> dict | None:
    target = (context.route or {}).get("Target") or ""
    if not target.startswith("integrations/"):
        return None
    return context.snapshot.integrations.get(target.removeprefix("integrations/"))


class IntegrationRequestHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        context.integration = target_integration(context)
        if context.integration is None:
            if context.event_type == EventType.MESSAGE:
                raise IntegrationError(f"route {context.route_key} has no integration")
            chain.stop()  # lifecycle routes without an integration: nothing to call, the connection is fine
            return
        if context.integration["IntegrationType"] == "AWS_PROXY":
            context.integration_event = proxy_event(context)


def proxy_event(context: WebSocketInvocationContext) -> dict:
    connection = context.connection
    if context.event_type == EventType.CONNECT:
        return events.connect_event(connection, context.request_id, context.trace_id, context.stage_variables)
    if context.event_type == EventType.MESSAGE:
        body = (
            context.message
            if isinstance(context.message, str)
            else context.message.decode("utf-8", "replace")
        )
        return events.message_event(
            connection,
            context.route_key,
            body,
            context.request_id,
            context.message_id,
            context.stage_variables,
        )
    status_code, reason = context.disconnect
    return events.disconnect_event(
        connection, context.request_id, status_code, reason, context.stage_variables
    )
