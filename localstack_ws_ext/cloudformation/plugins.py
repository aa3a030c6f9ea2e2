"""The plugins LocalStack's CloudFormation engine loads by type name (entry points in setup.cfg).

Cheap to import: the engine imports every plugin module of its namespace to list the types it supports; the
provider is imported only when a template uses the type.
"""

from localstack.services.cloudformation.resource_provider import CloudFormationResourceProviderPlugin


def _plugin(type_name: str) -> type[CloudFormationResourceProviderPlugin]:
    class ApiGatewayV2ResourcePlugin(CloudFormationResourceProviderPlugin):
        name = type_name

        def __init__(self):
            self.factory = None

        def load(self):
            from .provider import ApiGatewayV2ResourceProvider
            from .resource_types import RESOURCE_TYPES

            self.factory = lambda: ApiGatewayV2ResourceProvider(RESOURCE_TYPES[type_name])

    ApiGatewayV2ResourcePlugin.__qualname__ = ApiGatewayV2ResourcePlugin.__name__ = (
        f"{type_name.rsplit('::', 1)[-1]}Plugin"
    )
    return ApiGatewayV2ResourcePlugin


ApiPlugin = _plugin("AWS::ApiGatewayV2::Api")
RoutePlugin = _plugin("AWS::ApiGatewayV2::Route")
RouteResponsePlugin = _plugin("AWS::ApiGatewayV2::RouteResponse")
IntegrationPlugin = _plugin("AWS::ApiGatewayV2::Integration")
IntegrationResponsePlugin = _plugin("AWS::ApiGatewayV2::IntegrationResponse")
AuthorizerPlugin = _plugin("AWS::ApiGatewayV2::Authorizer")
ModelPlugin = _plugin("AWS::ApiGatewayV2::Model")
DeploymentPlugin = _plugin("AWS::ApiGatewayV2::Deployment")
StagePlugin = _plugin("AWS::ApiGatewayV2::Stage")
DomainNamePlugin = _plugin("AWS::ApiGatewayV2::DomainName")
ApiMappingPlugin = _plugin("AWS::ApiGatewayV2::ApiMapping")
