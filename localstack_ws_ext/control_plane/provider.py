"""The apigatewayv2 provider. Operations not implemented yet answer LocalStack's 501 (no moto fallback: the
WebSocket control plane keeps its own state)."""

from localstack.services.plugins import ServiceLifecycleHook

from ..api.apigatewayv2 import Apigatewayv2Api


class ApiGatewayV2Provider(Apigatewayv2Api, ServiceLifecycleHook):
    pass
