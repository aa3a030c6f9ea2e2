"""AWS: a service action or path (SQS, SNS, EventBridge, Step Functions, Lambda non-proxy, ...), with the
rendered request template as the request and the answer going through integration responses."""

from ...shim.http_integration import BackendRequestFailed, call_aws_service
from ..context import EndpointResponse, WebSocketInvocationContext
from ..errors import IntegrationError
from ..parameters import mapped_parameters


class AwsIntegration:
    def invoke(self, context: WebSocketInvocationContext) -> EndpointResponse:
        integration = context.integration
        connection = context.connection
        headers, query = mapped_parameters(context)
        body = context.integration_request_body
        try:
            response = call_aws_service(
                integration["IntegrationUri"],
                integration.get("IntegrationMethod") or "POST",
                headers,
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
            )
        except BackendRequestFailed as e:
            raise IntegrationError(str(e)) from e
        return EndpointResponse(response.status_code, response.body, response.headers)
