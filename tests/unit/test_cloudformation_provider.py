"""The CloudFormation resource provider's own logic: schema validation messages, request members, cleared
properties and the table of types (no LocalStack: a botocore client only for the API's shapes)."""

import json

import boto3
import pytest

from localstack_ws_ext.cloudformation.plugins import ApiPlugin, StagePlugin
from localstack_ws_ext.cloudformation.provider import ApiGatewayV2ResourceProvider, InvalidProperties
from localstack_ws_ext.cloudformation.resource_types import RESOURCE_TYPES


class Request:
    def __init__(self, properties: dict, logical_resource_id: str = "Thing"):
        self.desired_state = properties
        self.logical_resource_id = logical_resource_id


@pytest.fixture(scope="module")
def client():
    return boto3.client(
        "apigatewayv2", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )


def provider(type_name: str) -> ApiGatewayV2ResourceProvider:
    return ApiGatewayV2ResourceProvider(RESOURCE_TYPES[f"AWS::ApiGatewayV2::{type_name}"])


def test_eleven_types_each_with_its_documented_ref():
    refs = {name.rsplit("::", 1)[-1]: resource.ref for name, resource in RESOURCE_TYPES.items()}
    assert refs == {
        "Api": "ApiId",
        "Route": "RouteId",
        "RouteResponse": "RouteResponseId",
        "Integration": "IntegrationId",
        "IntegrationResponse": "IntegrationResponseId",
        "Authorizer": "AuthorizerId",
        "Model": "ModelId",
        "Deployment": "DeploymentId",
        "Stage": "StageName",
        "DomainName": "DomainName",
        "ApiMapping": "ApiMappingId",
    }
    for resource in RESOURCE_TYPES.values():
        assert resource.schema["typeName"] == resource.type_name
        assert resource.schema["primaryIdentifier"] == [f"/properties/{resource.ref}"]


def test_createonly_properties_are_awss():
    assert RESOURCE_TYPES["AWS::ApiGatewayV2::Stage"].schema["createOnlyProperties"] == [
        "/properties/StageName",
        "/properties/ApiId",
    ]
    assert RESOURCE_TYPES["AWS::ApiGatewayV2::Api"].schema["createOnlyProperties"] == [
        "/properties/ProtocolType"
    ]


def test_plugins_load_providers_with_the_schema():
    plugin = StagePlugin()
    plugin.load()
    assert plugin.factory().SCHEMA["primaryIdentifier"] == ["/properties/StageName"]
    assert ApiPlugin.name == "AWS::ApiGatewayV2::Api"


@pytest.mark.parametrize(
    "type_name, properties, message",
    [
        ("Route", {"ApiId": "a"}, "#: required key [RouteKey] not found"),
        ("Route", {"ApiId": "a", "RouteKey": "k", "Nope": 1}, "#: extraneous key [Nope] is not permitted"),
        (
            "Route",
            {"ApiId": "a", "RouteKey": "k", "ApiKeyRequired": "maybe"},
            "#/ApiKeyRequired: expected type: Boolean, found: String",
        ),
        (
            "Integration",
            {"ApiId": "a", "IntegrationType": "MOCK", "TimeoutInMillis": []},
            "#/TimeoutInMillis: expected type: Integer, found: JSONArray",
        ),
        (
            "DomainName",
            {"DomainName": "d", "RoutingMode": "SOMETIMES"},
            "#/RoutingMode: SOMETIMES is not a valid enum value",
        ),
    ],
)
def test_invalid_properties_get_cloudformations_words(type_name, properties, message):
    with pytest.raises(InvalidProperties) as error:
        provider(type_name)._validated(Request(properties))
    assert str(error.value) == f"Properties validation failed for resource Thing with message: {message}"


def test_a_parameters_text_passes_for_a_number_or_a_boolean():
    properties = {"ApiId": "a", "IntegrationType": "MOCK", "TimeoutInMillis": "5000"}
    assert provider("Integration")._validated(Request(properties)) == properties
    route = {"ApiId": "a", "RouteKey": "k", "ApiKeyRequired": "true"}
    assert provider("Route")._validated(Request(route)) == route


def test_members_take_json_properties_in_either_form(client):
    model = provider("Model")._members(
        client, "Create", {"ApiId": "a", "Name": "M", "Schema": {"type": "object"}}
    )
    assert model == {"ApiId": "a", "Name": "M", "Schema": json.dumps({"type": "object"})}
    stage = provider("Stage")._members(
        client, "Create", {"ApiId": "a", "StageName": "s", "StageVariables": '{"a": "1"}', "Tags": {"t": "v"}}
    )
    assert stage == {"ApiId": "a", "StageName": "s", "StageVariables": {"a": "1"}, "Tags": {"t": "v"}}
    # Update* takes no Tags (they go through TagResource) and no createOnly ProtocolType
    api = provider("Api")._members(client, "Update", {"ApiId": "a", "ProtocolType": "WEBSOCKET", "Tags": {}})
    assert api == {"ApiId": "a"}


def test_dropped_properties_are_cleared_with_the_apis_default_or_the_empty_value(client):
    previous = {
        "ApiId": "a",
        "RouteId": "r",
        "RouteKey": "k",
        "AuthorizationType": "CUSTOM",
        "AuthorizerId": "x",
        "ApiKeyRequired": True,
        "OperationName": "op",
        "RequestModels": {"$default": "M"},
    }
    cleared = provider("Route")._cleared(client, previous, {"ApiId": "a", "RouteKey": "k"})
    assert cleared == {
        "AuthorizationType": "NONE",
        "AuthorizerId": "",
        "ApiKeyRequired": False,
        "OperationName": "",
        "RequestModels": {},
    }
