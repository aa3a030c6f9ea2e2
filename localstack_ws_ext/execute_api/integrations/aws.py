"""AWS: a service action or path (SQS, SNS, EventBridge, Step Functions, Kinesis, Lambda non-proxy, ...), with
the rendered request template as the request and the answer going through integration responses.

The service's own status and body are the answer (a 4xx from the service selects an integration response like
any status); only a service that cannot be reached is an ``IntegrationError``, and one silent for longer than
TimeoutInMillis an ``IntegrationTimeout``."""

from ...shim.http_integration import BackendRequestFailed, BackendTimedOut, call_aws_service
from ..context import EndpointResponse, WebSocketInvocationContext
from ..errors import IntegrationError, IntegrationTimeout
from ..parameters import mapped_parameters
from .http import timeout_seconds


def default_headers(context: WebSocketInvocationContext) -> list[tuple[str, str]]:
    """What API Gateway sends a service besides the mapped headers (next_gen's REST defaults, validated against
    AWS). ``Accept: application/json`` is why query-protocol services such as SNS and SQS answer JSON
    (``{"PublishResponse": {"PublishResult": ...}}``) rather than XML, so response templates can read the
    answer with ``$input.path``."""
    return [
        ("Accept", "application/json"),
        ("User-Agent", f"AmazonAPIGateway_{context.connection.api_id}"),
        ("X-Amzn-Trace-Id", context.trace_id or ""),
    ]


def with_defaults(defaults: list[tuple[str, str]], mapped: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Mapped headers win over the defaults (``integration.request.header.Accept`` can still ask for XML)."""
    names = {name.lower() for name, _ in mapped}
    return [(name, value) for name, value in defaults if name.lower() not in names] + mapped


class AwsIntegration:
    def invoke(self, context: WebSocketInvocationContext) -> EndpointResponse:
        integration = context.integration
        connection = context.connection
        mapped_headers, query = mapped_parameters(context)
        body = context.integration_request_body
        try:
            response = call_aws_service(
                integration["IntegrationUri"],
                integration.get("IntegrationMethod") or "POST",
                with_defaults(default_headers(context), mapped_headers),
                query,
                body.encode() if isinstance(body, str) else body,
                integration.get("CredentialsArn"),
                context.stage_variables,
                (
                    connection.region,
                    connection.account_id,
                    connection.api_id,
                    connection.stage,
                    context.route_key,
                ),
                context.request_id,
                timeout_seconds(integration),
            )
        except BackendTimedOut as e:
            raise IntegrationTimeout(str(e)) from e
        except BackendRequestFailed as e:
            raise IntegrationError(str(e)) from e
        return EndpointResponse(response.status_code, response.body, response.headers)
