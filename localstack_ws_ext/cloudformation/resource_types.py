"""The eleven ``AWS::ApiGatewayV2::*`` types, each described by what sets it apart from the others.

Property names are the API's member names (CloudFormation uses the same PascalCase names), so a resource is
created with its template properties as the ``Create<Operation>`` request. What a type adds is here: how it is
addressed (``parents``: the properties every call names, e.g. ``ApiId``), the property ``Ref`` returns, the
read-only properties ``Fn::GetAtt`` reads, its ARN for tags, and the calls that clear entries of a map that
the ``Update<Operation>`` request merges instead of replacing.

``Ref`` follows AWS's documentation (e.g. a Stage's ``Ref`` is its StageName, an Integration's its
IntegrationId), which is not always AWS's multi-part ``primaryIdentifier``: LocalStack takes the physical id
from the schema's primary identifier, so each type's schema here names the ``Ref`` property alone.
"""

import dataclasses
import json
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

SCHEMAS = Path(__file__).parent / "schemas"

# The value an update sends for a property the template no longer has, where it is not the empty value of its
# type ("" for strings, which the control plane treats as "unset", False, {} or []): the API's own default.
API_DEFAULTS = {
    "ApiKeySelectionExpression": "$request.header.x-api-key",
    "AuthorizationType": "NONE",
    "AuthorizerResultTtlInSeconds": 0,
    "ConnectionType": "INTERNET",
    "IpAddressType": "ipv4",
    "PassthroughBehavior": "WHEN_NO_MATCH",
    "PayloadFormatVersion": "1.0",
    "TimeoutInMillis": 29000,
}


@dataclasses.dataclass(frozen=True)
class Identity:
    """Where a resource lives: its account, region and its own properties (ids included)."""

    account_id: str
    region: str
    partition: str
    properties: dict


# calls made before Update<Operation> for map entries a template dropped: (client, addressing, previous, desired)
MapClearer = Callable[[object, dict, dict, dict], None]


@dataclasses.dataclass(frozen=True)
class ResourceType:
    type_name: str
    operation: str  # Create<operation>, Get<operation>, Update<operation>, Delete<operation>
    ref: str  # what Ref returns (AWS's documentation); the physical resource id
    parents: tuple[str, ...] = ("ApiId",)
    # read-only properties (Fn::GetAtt) beyond the ref, from the API's answer and where the resource lives
    attributes: Callable[[dict, Identity], dict] = lambda answer, where: {}
    # the resource's ARN for TagResource/UntagResource, for types with Tags that Update<operation> does not take
    tag_arn: Callable[[Identity], str] | None = None
    clear_map_entries: MapClearer | None = None

    @cached_property
    def schema(self) -> dict:
        schema = json.loads((SCHEMAS / f"{self.type_name.replace('::', '_')}.json").read_text())
        schema["primaryIdentifier"] = [f"/properties/{self.ref}"]
        return schema

    @property
    def read_only(self) -> set[str]:
        return {pointer.rsplit("/", 1)[-1] for pointer in self.schema.get("readOnlyProperties", [])}

    def addressing(self, properties: dict) -> dict:
        """The members that address the resource in Get/Update/Delete calls (parents and its own id)."""
        names = (*self.parents, self.ref)
        return {name: properties[name] for name in names if properties.get(name) is not None}


def _api_arn(where: Identity) -> str:
    return f"arn:{where.partition}:apigateway:{where.region}::/apis/{where.properties['ApiId']}"


def _api_attributes(answer: dict, where: Identity) -> dict:
    return {
        "ApiEndpoint": answer["ApiEndpoint"],
        "ExecuteApiArn": f"arn:{where.partition}:execute-api:{where.region}:{where.account_id}:{answer['ApiId']}",
    }


def _domain_name_arn(where: Identity) -> str:
    return f"arn:{where.partition}:apigateway:{where.region}::/domainnames/{where.properties['DomainName']}"


def _domain_name_attributes(answer: dict, where: Identity) -> dict:
    configurations = answer.get("DomainNameConfigurations") or [{}]
    regional = next((c for c in configurations if c.get("EndpointType") == "REGIONAL"), configurations[0])
    return {
        "DomainNameArn": _domain_name_arn(where),
        "RegionalDomainName": regional.get("ApiGatewayDomainName"),
        "RegionalHostedZoneId": regional.get("HostedZoneId"),
    }


def _dropped(previous: dict, desired: dict, name: str) -> list[str]:
    return sorted(set(_as_dict(previous.get(name))) - set(_as_dict(desired.get(name))))


def _as_dict(value) -> dict:
    """A ``"format": "json"`` property, which a template may give as an object or as a JSON string."""
    return json.loads(value) if isinstance(value, str) and value.strip() else (value or {})


def _clear_route_entries(client, addressing: dict, previous: dict, desired: dict) -> None:
    for key in _dropped(previous, desired, "RequestParameters"):
        client.delete_route_request_parameter(**addressing, RequestParameterKey=key)


def _clear_stage_entries(client, addressing: dict, previous: dict, desired: dict) -> None:
    for route_key in _dropped(previous, desired, "RouteSettings"):
        client.delete_route_settings(**addressing, RouteKey=route_key)
    if previous.get("AccessLogSettings") and not desired.get("AccessLogSettings"):
        client.delete_access_log_settings(**addressing)
    if dropped := _dropped(previous, desired, "StageVariables"):
        # as on AWS, a stage variable set to "" is removed
        client.update_stage(**addressing, StageVariables=dict.fromkeys(dropped, ""))


RESOURCE_TYPES = {
    resource.type_name: resource
    for resource in (
        ResourceType(
            "AWS::ApiGatewayV2::Api",
            "Api",
            ref="ApiId",
            parents=(),
            attributes=_api_attributes,
            tag_arn=_api_arn,
        ),
        ResourceType(
            "AWS::ApiGatewayV2::Route", "Route", ref="RouteId", clear_map_entries=_clear_route_entries
        ),
        ResourceType(
            "AWS::ApiGatewayV2::RouteResponse",
            "RouteResponse",
            ref="RouteResponseId",
            parents=("ApiId", "RouteId"),
        ),
        ResourceType("AWS::ApiGatewayV2::Integration", "Integration", ref="IntegrationId"),
        ResourceType(
            "AWS::ApiGatewayV2::IntegrationResponse",
            "IntegrationResponse",
            ref="IntegrationResponseId",
            parents=("ApiId", "IntegrationId"),
        ),
        ResourceType("AWS::ApiGatewayV2::Authorizer", "Authorizer", ref="AuthorizerId"),
        ResourceType("AWS::ApiGatewayV2::Model", "Model", ref="ModelId"),
        ResourceType("AWS::ApiGatewayV2::Deployment", "Deployment", ref="DeploymentId"),
        ResourceType(
            "AWS::ApiGatewayV2::Stage",
            "Stage",
            ref="StageName",
            tag_arn=lambda where: f"{_api_arn(where)}/stages/{where.properties['StageName']}",
            clear_map_entries=_clear_stage_entries,
        ),
        ResourceType(
            "AWS::ApiGatewayV2::DomainName",
            "DomainName",
            ref="DomainName",
            parents=(),
            attributes=_domain_name_attributes,
            tag_arn=_domain_name_arn,
        ),
        ResourceType(
            "AWS::ApiGatewayV2::ApiMapping", "ApiMapping", ref="ApiMappingId", parents=("DomainName",)
        ),
    )
}
