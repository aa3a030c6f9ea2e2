"""Integration request: the integration of the selected route, and the request it gets."""

from rolo import Response
from rolo.gateway import HandlerChain

from ...shim.templates import render_template
from .. import content_handling, events
from ..context import EventType, WebSocketInvocationContext
from ..errors import IntegrationError
from ..mapping import select_template
from ..routes import route_integration
from ..sources import context_variables

# integrations whose request body goes to a backend as bytes, and so follows the ContentHandlingStrategy
BACKEND_TYPES = ("AWS", "HTTP", "HTTP_PROXY")


class IntegrationRequestHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        context.integration = route_integration(context.snapshot, context.route)
        if context.integration is None:
            if context.event_type == EventType.MESSAGE:
                raise IntegrationError(f"route {context.route_key} has no integration")
            chain.stop()  # lifecycle routes without an integration: nothing to call, the connection is fine
            return
        integration_type = context.integration["IntegrationType"]
        if integration_type == "AWS_PROXY":
            context.integration_event = proxy_event(context)
            return
        # HTTP_PROXY forwards the frame as it is; the others get their request template
        body = context.message_text() if integration_type == "HTTP_PROXY" else request_body(context)
        if integration_type in BACKEND_TYPES:
            body = convert_request_body(body, context.integration.get("ContentHandlingStrategy"))
        context.integration_request_body = body


def proxy_event(context: WebSocketInvocationContext) -> dict:
    connection = context.connection
    if context.event_type == EventType.CONNECT:
        return events.connect_event(connection, context.request_id, context.trace_id, context.stage_variables)
    if context.event_type == EventType.MESSAGE:
        return events.message_event(
            connection,
            context.route_key,
            context.message_text(),
            context.request_id,
            context.message_id,
            context.stage_variables,
            context.request_time_epoch,
        )
    status_code, reason = context.disconnect
    return events.disconnect_event(
        connection,
        context.request_id,
        status_code,
        reason,
        context.stage_variables,
        context.request_time_epoch,
    )


def request_body(context: WebSocketInvocationContext) -> str | None:
    """The body a non-proxy integration gets: the selected request template rendered, or (where
    PassthroughBehavior allows it) the message as it is."""
    integration = context.integration
    templates = integration.get("RequestTemplates") or {}
    template = select_template(templates, integration.get("TemplateSelectionExpression"), context)
    if template is not None:
        return render_template(
            template, context_variables(context), context.stage_variables, context.message_text()
        )
    passthrough = integration.get("PassthroughBehavior", "WHEN_NO_MATCH")
    if passthrough == "NEVER" or (passthrough == "WHEN_NO_TEMPLATES" and templates):
        raise IntegrationError(f"no request template matched and PassthroughBehavior is {passthrough}")
    return context.message_text()


def convert_request_body(body: str | None, strategy: str | None) -> str | bytes | None:
    """The body as the backend gets it: with CONVERT_TO_BINARY, the bytes the frame (or the rendered template)
    encodes in base64; a template can so pick a base64 field out of a JSON frame."""
    try:
        return content_handling.convert(body, strategy)
    except content_handling.ConversionFailed as e:
        raise IntegrationError(str(e)) from None
