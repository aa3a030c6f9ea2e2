"""AWS: a service action or path (SQS, SNS, EventBridge, Step Functions, Kinesis, Lambda non-proxy, ...), with
the rendered request template as the request and the answer going through integration responses.

The service's own status and body are the answer (a 4xx from the service selects an integration response like
any status); only a service that cannot be reached is an ``IntegrationError``, and one silent for longer than
TimeoutInMillis an ``IntegrationTimeout``. The request carries next_gen's default headers (see the shim)."""

from ...shim.http_integration import call_aws_service
from ..context import EndpointResponse, WebSocketInvocationContext
from ..parameters import mapped_parameters
from .http import backend_errors, timeout_seconds


class AwsIntegration:
    def invoke(self, context: WebSocketInvocationContext) -> EndpointResponse:
        integration = context.integration
        connection = context.connection
        mapped_headers, query = mapped_parameters(context)
        body = context.integration_request_body
        with backend_errors():
            response = call_aws_service(
                integration["IntegrationUri"],
                integration.get("IntegrationMethod") or "POST",
                mapped_headers,
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
                context.trace_id or "",
                timeout_seconds(integration),
            )
        return EndpointResponse(response.status_code, response.body, response.headers)
