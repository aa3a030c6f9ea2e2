"""MOCK: API Gateway answers itself; the rendered request template says which status (``{"statusCode": N}``)."""

import json

from ..context import EndpointResponse, WebSocketInvocationContext
from ..errors import IntegrationError


class MockIntegration:
    def invoke(self, context: WebSocketInvocationContext) -> EndpointResponse:
        body = context.integration_request_body
        if not body:
            return EndpointResponse(200)
        try:
            status = json.loads(body).get("statusCode", 200)
            return EndpointResponse(int(status))
        except (ValueError, AttributeError, TypeError):
            raise IntegrationError(
                f'the MOCK request template must render {{"statusCode": <status>}}, got {body!r}'
            ) from None
