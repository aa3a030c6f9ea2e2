"""Integration response: what the integration's answer means for the handshake or the client. Proxy answers
are taken as they are; non-proxy ones go through the matching integration response and its template."""

from rolo import Response
from rolo.gateway import HandlerChain

from ...shim.templates import render_template
from ..context import EventType, WebSocketInvocationContext
from ..errors import ConnectRejected
from ..mapping import select_integration_response, select_template, selection_value, template_variables

PROXY_TYPES = ("AWS_PROXY", "HTTP_PROXY")


class IntegrationResponseHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        endpoint_response = context.endpoint_response
        if context.integration["IntegrationType"] not in PROXY_TYPES:
            map_response(context)
        if context.event_type != EventType.CONNECT:
            return
        if not 200 <= endpoint_response.status_code < 300:
            raise ConnectRejected(endpoint_response.status_code)
        # of the $connect answer only Sec-WebSocket-Protocol reaches the client
        headers = {name.lower(): value for name, value in endpoint_response.headers.items()}
        context.subprotocol = headers.get("sec-websocket-protocol")


def map_response(context: WebSocketInvocationContext) -> None:
    """The integration response selected by the answer's status renders what the client may get back; with no
    matching integration response there is nothing to send."""
    endpoint_response = context.endpoint_response
    integration = context.integration
    responses = context.snapshot.integration_responses.get(integration["IntegrationId"], {})
    status = endpoint_response.status_code
    selected = select_integration_response(responses, selection_value(integration, context, status))
    if selected is None:
        endpoint_response.body = None
        return
    template = select_template(
        selected.get("ResponseTemplates"), selected.get("TemplateSelectionExpression"), context, status
    )
    body = endpoint_response.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if template is not None:
        body = render_template(template, template_variables(context, status), context.stage_variables, body)
    endpoint_response.body = body
