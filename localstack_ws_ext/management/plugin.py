"""Registers the apigatewaymanagementapi provider (``apigatewaymanagementapi:default``)."""

from localstack.services.plugins import aws_provider


@aws_provider(api="apigatewaymanagementapi")
def apigatewaymanagementapi():
    from localstack.services.plugins import Service

    from .provider import ManagementApiProvider

    return Service.for_provider(ManagementApiProvider())
