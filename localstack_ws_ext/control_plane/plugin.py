"""Registers the apigatewayv2 provider (``apigatewayv2:default``); cheap to import, the provider loads lazily."""

from localstack.services.plugins import aws_provider


@aws_provider(api="apigatewayv2")
def apigatewayv2():
    from localstack.services.plugins import Service

    from ..extension import websocket_apis_enabled
    from .disabled import DisabledDispatchTable
    from .dispatch import checked_dispatch_table
    from .provider import ApiGatewayV2Provider

    provider = ApiGatewayV2Provider()
    if not websocket_apis_enabled():
        return Service.for_provider(provider, dispatch_table_factory=DisabledDispatchTable)
    return Service.for_provider(provider, dispatch_table_factory=checked_dispatch_table)
