"""Integration response: what the integration's answer means for the handshake or the client. Proxy answers
are taken as they are; non-proxy ones go through the matching integration response and its template. The
answer leaves this step as text (``str``) or binary (``bytes``), which is how a two-way route sends it back."""

from rolo import Response
from rolo.gateway import HandlerChain

from ...shim.templates import render_template
from .. import content_handling
from ..context import EventType, WebSocketInvocationContext
from ..errors import ConnectRejected, IntegrationError
from ..mapping import select_integration_response, select_template, selection_value
from ..routes import integration_responses, is_two_way
from ..sources import context_variables, header

PROXY_TYPES = ("AWS_PROXY", "HTTP_PROXY")


class IntegrationResponseHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        endpoint_response = context.endpoint_response
        if context.integration["IntegrationType"] in PROXY_TYPES:
            endpoint_response.body = proxy_body(context)
        else:
            map_response(context)
        if context.event_type != EventType.CONNECT:
            return
        if not 200 <= endpoint_response.status_code < 300:
            raise ConnectRejected(endpoint_response.status_code)
        # of the $connect answer only Sec-WebSocket-Protocol reaches the client
        context.subprotocol = header(endpoint_response.headers.items(), "Sec-WebSocket-Protocol")


def proxy_body(context: WebSocketInvocationContext) -> str | bytes | None:
    """A proxy's answer has no integration response: the integration's CONVERT_TO_TEXT base64-encodes a binary
    answer (AWS: unconfirmed for WebSocket proxies), otherwise binary stays binary."""
    body = context.endpoint_response.body
    if context.integration.get("ContentHandlingStrategy") == content_handling.CONVERT_TO_TEXT:
        return content_handling.to_text(body)
    return content_handling.natural(body)


def map_response(context: WebSocketInvocationContext) -> None:
    """The integration response selected by the answer (its status; a Lambda function's ``errorMessage``)
    renders what the client may get back; with no matching integration response there is nothing to send (a
    two-way route answers the error frame).
    Its ContentHandlingStrategy: CONVERT_TO_TEXT before the template (which sees the base64 text),
    CONVERT_TO_BINARY after it (the template renders the base64 text of the binary frame)."""
    endpoint_response = context.endpoint_response
    integration = context.integration
    status = endpoint_response.status_code
    selected = select_integration_response(
        integration_responses(context.snapshot, integration),
        selection_value(integration, context, endpoint_response),
    )
    if selected is None:
        if context.event_type == EventType.MESSAGE and is_two_way(context.snapshot, context.route):
            # as on AWS: the client of a two-way route gets the error frame, not an empty answer
            raise IntegrationError(
                "Execution failed due to configuration error: No match for output mapping and no default "
                f"output mapping configured. Endpoint Response Status Code: {status}"
            )
        endpoint_response.body = None
        return
    strategy = selected.get("ContentHandlingStrategy") if context.event_type == EventType.MESSAGE else None
    body = endpoint_response.body
    body = content_handling.to_text(body) if strategy == content_handling.CONVERT_TO_TEXT else body
    body = content_handling.natural(body)
    template = select_template(
        selected.get("ResponseTemplates"),
        selected.get("TemplateSelectionExpression"),
        context,
        endpoint_response,
    )
    if template is not None:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        body = render_template(template, context_variables(context, status), context.stage_variables, text)
    if strategy == content_handling.CONVERT_TO_BINARY:
        try:
            body = content_handling.to_binary(body)
        except content_handling.ConversionFailed as e:
            raise IntegrationError(str(e)) from None
    endpoint_response.body = body
