"""CloudFormation resource providers for ``AWS::ApiGatewayV2::*``, backed by the extension's apigatewayv2 API.

LocalStack community has no provider for these types and would deploy them as placeholders ("unsupported type
fallback", ``Ref`` = ``unknown``). These providers are registered under LocalStack's own plugin namespace
(``localstack.cloudformation.resource_providers``, entry points in setup.cfg) and create, update and delete each
resource with the same ``apigatewayv2`` calls a user would make, so the control plane stays the one store.

- ``resource_types``: what differs between the eleven types (how each is addressed, its ``Ref``, its
  ``Fn::GetAtt`` attributes, how a removed property is cleared), as one table;
- ``provider``: create / update / delete written once over that table;
- ``plugins``: the plugin classes the entry points name;
- ``schemas/``: AWS's published resource schemas (properties, ``createOnlyProperties``), unchanged.
"""
