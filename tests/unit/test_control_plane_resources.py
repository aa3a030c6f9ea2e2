"""The control plane's resource kinds and the CRUD written over them, without LocalStack: pure logic."""

import re

import pytest

from localstack_ws_ext.api.apigatewayv2 import (
    BadRequestException,
    ConflictException,
    NotFoundException,
    TooManyRequestsException,
)
from localstack_ws_ext.control_plane import crud, validation
from localstack_ws_ext.control_plane.errors import api_not_found
from localstack_ws_ext.control_plane.resources import (
    API_MAPPING,
    AUTHORIZER,
    DEPLOYMENT,
    DOMAIN_NAME,
    INTEGRATION,
    INTEGRATION_RESPONSE,
    KINDS,
    MODEL,
    ROUTE,
    ROUTE_RESPONSE,
    STAGE,
    children,
)
from localstack_ws_ext.control_plane.store import WebSocketApi

SCHEMA = '{"type": "object"}'


@pytest.fixture
def api() -> WebSocketApi:
    return WebSocketApi({"ApiId": "api1234567"}, "000000000000", "us-east-1")


def request(**members) -> dict:
    return {"ApiId": "api1234567", **members}


def test_ids_have_the_lengths_aws_gives_them():
    lengths = {kind.name: kind.id_length for kind in KINDS}
    assert lengths == {
        "API": 10,
        "Route": 7,
        "RouteResponse": 6,
        "Integration": 7,
        "IntegrationResponse": 6,
        "Authorizer": 6,
        "Model": 6,
        "Stage": None,  # named by the request
        "Deployment": 6,
        "DomainName": None,
        "ApiMapping": 6,
    }


def test_parents_address_their_children_and_own_what_is_kept_per_them():
    assert (ROUTE_RESPONSE.addressing, INTEGRATION_RESPONSE.addressing, API_MAPPING.addressing) == (
        ("RouteId",),
        ("IntegrationId",),
        ("DomainName",),
    )
    assert ROUTE.addressing == ()
    assert (children(ROUTE), children(INTEGRATION), children(DOMAIN_NAME)) == (
        (ROUTE_RESPONSE,),
        (INTEGRATION_RESPONSE,),
        (API_MAPPING,),
    )
    assert children(MODEL) == children(STAGE) == ()


def test_what_deployments_snapshot_is_what_redeploys():
    deployed = {kind.attribute for kind in KINDS if kind.deployed}
    snapshotted = set(WebSocketApi({"ApiId": "a"}, "a", "r").snapshot().__dict__) - {"api"}
    assert deployed == snapshotted


def test_create_fills_defaults_generates_the_id_and_keeps_a_collection_per_parent(api):
    route = crud.create(api, ROUTE, request(RouteKey="$default"))
    route_id = route.pop("RouteId")
    assert re.fullmatch(r"[a-z0-9]{7}", route_id)
    assert route == {"ApiKeyRequired": False, "AuthorizationType": "NONE", "RouteKey": "$default"}
    assert api.route_responses == {route_id: {}}

    crud.create(api, ROUTE_RESPONSE, request(RouteId=route_id, RouteResponseKey="$default"))
    crud.delete(api, ROUTE, request(RouteId=route_id))
    assert api.routes == {} and api.route_responses == {}


def test_integration_defaults_depend_on_the_type(api):
    aws = crud.create(api, INTEGRATION, request(IntegrationType="AWS_PROXY", IntegrationUri="arn:x"))
    mock = crud.create(api, INTEGRATION, request(IntegrationType="MOCK"))
    assert aws["IntegrationMethod"] == "POST" and "IntegrationMethod" not in mock
    assert (mock["ConnectionType"], mock["PayloadFormatVersion"], mock["TimeoutInMillis"]) == (
        "INTERNET",
        "1.0",
        29000,
    )


def test_a_child_of_a_missing_parent_is_not_found(api):
    with pytest.raises(NotFoundException) as error:
        crud.create(api, ROUTE_RESPONSE, request(RouteId="nope123", RouteResponseKey="$default"))
    assert (error.value.message, error.value.ResourceType) == (
        "Invalid Route identifier specified nope123",
        "Route",
    )


def test_quota(api):
    for n in range(AUTHORIZER.quota):
        crud.create(api, AUTHORIZER, request(AuthorizerType="REQUEST", Name=f"a{n}", AuthorizerUri="arn:x"))
    with pytest.raises(TooManyRequestsException) as error:
        crud.create(api, AUTHORIZER, request(AuthorizerType="REQUEST", Name="x", AuthorizerUri="arn:x"))
    assert error.value.message == "Maximum number of authorizers reached for this API: 10"


def test_update_unsets_a_member_set_to_the_empty_string_and_validates_the_result(api):
    route_id = crud.create(api, ROUTE, request(RouteKey="a", OperationName="op"))["RouteId"]
    assert "OperationName" not in crud.update(api, ROUTE, request(RouteId=route_id, OperationName=""))
    with pytest.raises(BadRequestException, match="RouteKey is required"):
        crud.update(api, ROUTE, request(RouteId=route_id, RouteKey=""))
    assert api.routes[route_id]["RouteKey"] == "a"


def test_delete_refuses_what_is_in_use(api):
    model = crud.create(api, MODEL, request(Name="Message", Schema=SCHEMA))
    crud.create(api, ROUTE, request(RouteKey="send", RequestModels={"$default": "Message"}))
    with pytest.raises(ConflictException, match="Model Message is used by route send"):
        crud.delete(api, MODEL, request(ModelId=model["ModelId"]))


def test_a_change_redeploys_auto_deploy_stages_and_only_deployed_kinds_do(api):
    api.stages["live"] = {"StageName": "live", "AutoDeploy": True}
    crud.create(api, ROUTE, request(RouteKey="$default"))
    first = api.stages["live"]["DeploymentId"]
    assert api.deployments[first].resource["AutoDeployed"] is True
    crud.create(api, MODEL, request(Name="M", Schema=SCHEMA))
    assert api.stages["live"]["DeploymentId"] != first
    with pytest.raises(BadRequestException, match="Active stages pointing to this deployment"):
        crud.delete(api, DEPLOYMENT, request(DeploymentId=api.stages["live"]["DeploymentId"]))
    count = len(api.deployments)
    crud.delete(api, DEPLOYMENT, request(DeploymentId=first))
    assert len(api.deployments) == count - 1  # deleting a deployment does not redeploy


def test_get_and_list_work_for_the_regions_kinds_too():
    class Store:
        domain_names = {"ws.example.com": {"DomainName": "ws.example.com"}}
        api_mappings = {}

    store = Store()
    page = crud.get_page(store, API_MAPPING, {"DomainName": "ws.example.com"})
    assert page == {"Items": []} and store.api_mappings == {"ws.example.com": {}}
    with pytest.raises(NotFoundException, match="Invalid DomainName identifier specified other"):
        crud.get(store, API_MAPPING, {"DomainName": "other", "ApiMappingId": "x"})


def test_members_leave_out_addressing_and_unset_members():
    assert crud.members({"ApiId": "a", "RouteId": "r", "RouteKey": "k", "Target": None}, "ApiId") == {
        "RouteId": "r",
        "RouteKey": "k",
    }


@pytest.mark.parametrize(
    "route, error, message",
    [
        ({}, BadRequestException, "RouteKey is required"),
        ({"RouteKey": "a", "AuthorizationType": "JWT"}, BadRequestException, "JWT authorizers are supported"),
        (
            {"RouteKey": "a", "AuthorizerId": "x"},
            NotFoundException,
            "Invalid Authorizer identifier specified x",
        ),
        ({"RouteKey": "a", "Target": "integrations/x"}, NotFoundException, "Invalid Integration identifier"),
        ({"RouteKey": "a", "RequestModels": {"$default": "M"}}, BadRequestException, "Invalid model name"),
        ({"RouteKey": "taken"}, ConflictException, "Route with key taken already exists for this API"),
    ],
)
def test_route_validation(api, route, error, message):
    api.routes["r1"] = {"RouteId": "r1", "RouteKey": "taken"}
    with pytest.raises(error, match=re.escape(message)):
        validation.route(api, api.routes, route)


def test_a_resource_is_unique_among_its_siblings_but_not_against_itself():
    siblings = {"m1": {"ModelId": "m1", "Name": "A"}}
    validation.unique(siblings, {"ModelId": "m1", "Name": "A"}, "ModelId", "Name", "taken")
    with pytest.raises(ConflictException, match="taken"):
        validation.unique(siblings, {"Name": "A"}, "ModelId", "Name", "taken")


def test_api_not_found_names_the_account_and_the_type_api():
    error = api_not_found("000000000000", "abc")
    assert (error.message, error.ResourceType) == ("Invalid API identifier specified 000000000000:abc", "Api")
