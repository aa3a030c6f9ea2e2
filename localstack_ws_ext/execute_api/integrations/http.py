"""HTTP_PROXY (the message as body, the backend's answer as reply) and HTTP (a request template as body, the
answer through integration responses), sent by next_gen's integrations through the shim.

On $connect the handshake headers are forwarded (as AWS does); API Gateway adds ``X-Amzn-Apigateway-Api-Id``
and ``X-Amzn-Trace-Id``. The connection id reaches the backend only if RequestParameters map it
(``integration.request.header.ConnectionId: context.connectionId``), as on AWS. A backend that does not answer
within the integration's TimeoutInMillis is an ``IntegrationTimeout`` (504 on $connect, an error frame on a
message).
"""

import contextlib

from ...api.apigatewayv2 import Integration
from ...shim.http_integration import BackendRequestFailed, BackendTimedOut, call_backend, render_uri
from ..context import EndpointResponse, EventType, WebSocketInvocationContext
from ..errors import IntegrationError, IntegrationTimeout
from ..events import HOP_BY_HOP_HEADERS
from ..parameters import mapped_parameters

DEFAULT_TIMEOUT_MILLIS = 29000
# the handshake headers a $connect backend does not get (the backend's own Host is the request's)
NOT_FORWARDED = HOP_BY_HOP_HEADERS | {"host"}


def timeout_seconds(integration: Integration) -> float:
    """The integration's TimeoutInMillis (50-29000; AWS's default 29 s), in seconds."""
    return int(integration.get("TimeoutInMillis") or DEFAULT_TIMEOUT_MILLIS) / 1000


@contextlib.contextmanager
def backend_errors():
    """A backend's failures as the gateway's: silent for too long is an ``IntegrationTimeout``, unreachable an
    ``IntegrationError``; any status it answers is an answer."""
    try:
        yield
    except BackendTimedOut as e:
        raise IntegrationTimeout(str(e)) from e
    except BackendRequestFailed as e:
        raise IntegrationError(str(e)) from e


class HttpIntegration:
    def invoke(self, context: WebSocketInvocationContext) -> EndpointResponse:
        integration = context.integration
        connection = context.connection
        headers = []
        if context.event_type == EventType.CONNECT:
            headers = [(k, v) for k, v in connection.handshake_headers if k.lower() not in NOT_FORWARDED]
        headers += [
            ("X-Amzn-Apigateway-Api-Id", connection.api_id),
            ("X-Amzn-Trace-Id", context.trace_id or ""),
        ]
        mapped_headers, query = mapped_parameters(context)
        headers += mapped_headers
        body = context.integration_request_body  # the frame (HTTP_PROXY) or the rendered template (HTTP)
        with backend_errors():
            response = call_backend(
                integration["IntegrationType"],
                integration.get("IntegrationMethod") or "POST",
                render_uri(integration["IntegrationUri"], context.stage_variables),
                headers,
                query,
                body.encode() if isinstance(body, str) else body,
                timeout_seconds(integration),
            )
        return EndpointResponse(response.status_code, response.body, response.headers)
