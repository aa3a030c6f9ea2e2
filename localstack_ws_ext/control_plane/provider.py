"""The apigatewayv2 provider for WebSocket APIs: state in our own stores, no moto.

Operations take the parsed request as one dict (``expand=False``) in the service's member names, so a resource
is created from the request's own members and answered back as stored. The resources below an API go through
``crud`` as ``resources`` describes them; what is left here is what is specific to one operation. HTTP APIs are
not this extension's data plane: CreateApi answers them with a clear BadRequestException. Operations outside the
WebSocket surface (VPC links, portals, routing rules, import/export) answer LocalStack's 501.
"""

import copy
import json
import re

from localstack import config
from localstack.aws.api import RequestContext, handler
from localstack.constants import TAG_KEY_CUSTOM_ID
from localstack.services.plugins import ServiceLifecycleHook
from localstack.state import StateVisitor

from ..api.apigatewayv2 import Apigatewayv2Api
from ..hosts import execute_api_host
from . import crud, deployments, validation
from .crud import members, updated
from .errors import api_not_found, bad_request, conflict, not_found
from .generated import new_id, now
from .model_templates import model_template
from .pagination import paginate
from .resources import (
    API,
    API_MAPPING,
    AUTHORIZER,
    DEPLOYMENT,
    DOMAIN_NAME,
    INTEGRATION,
    INTEGRATION_RESPONSE,
    MODEL,
    ROUTE,
    ROUTE_RESPONSE,
    STAGE,
)
from .store import ApiGatewayV2Store, WebSocketApi, api_locations, apigatewayv2_stores

ARN_PATTERN = re.compile(
    r"arn:aws[\w-]*:apigateway:([\w-]+)::/(apis/(\w+)(?:/stages/([\w-]+))?|domainnames/([^/]+))"
)


def close_connections(api_id: str, stage: str | None = None) -> None:
    """The clients of a deleted API (or stage) are disconnected (see execute_api.endpoint)."""
    from ..execute_api.endpoint import endpoint

    endpoint.close_api_connections(api_id, stage)


class ApiGatewayV2Provider(Apigatewayv2Api, ServiceLifecycleHook):
    def accept_state_visitor(self, visitor: StateVisitor):
        visitor.visit(apigatewayv2_stores)

    @staticmethod
    def _store(context: RequestContext) -> ApiGatewayV2Store:
        return apigatewayv2_stores[context.account_id][context.region]

    def _api(self, context: RequestContext, api_id: str) -> WebSocketApi:
        api = self._store(context).apis.get(api_id)
        if api is None:
            raise api_not_found(context.account_id, api_id)
        return api

    # --- Api ----------------------------------------------------------------------------------------------

    @handler("CreateApi", expand=False)
    def create_api(self, context: RequestContext, request: dict) -> dict:
        validation.new_api(request)
        tags = dict(request.get("Tags") or {})
        api_id = tags.get(TAG_KEY_CUSTOM_ID) or new_id(API.id_length)
        if api_id in api_locations():
            raise conflict(f"API with id {api_id} already exists")
        api = {
            "ApiEndpoint": f"ws://{execute_api_host(api_id)}",
            "ApiId": api_id,
            **API.defaults(request),
            **members(request, "Tags"),
            "Tags": tags,
        }
        self._store(context).apis[api_id] = WebSocketApi(api, context.account_id, context.region)
        api_locations()[api_id] = (context.account_id, context.region)
        return copy.deepcopy(api)

    @handler("GetApi", expand=False)
    def get_api(self, context: RequestContext, request: dict) -> dict:
        return copy.deepcopy(self._api(context, request["ApiId"]).api)

    @handler("GetApis", expand=False)
    def get_apis(self, context: RequestContext, request: dict) -> dict:
        return paginate([api.api for api in self._store(context).apis.values()], request)

    @handler("UpdateApi", expand=False)
    def update_api(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        changes = members(request, API.id_member)
        validation.api_changes(changes)
        with api.lock:
            api.api = updated(api.api, changes)
            deployments.redeploy(api)
            return copy.deepcopy(api.api)

    @handler("DeleteApi", expand=False)
    def delete_api(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        store = self._store(context)
        del store.apis[api.api_id]
        api_locations().pop(api.api_id, None)
        for mappings in store.api_mappings.values():
            for mapping_id in [i for i, m in mappings.items() if m["ApiId"] == api.api_id]:
                del mappings[mapping_id]
        close_connections(api.api_id)

    # --- Route --------------------------------------------------------------------------------------------

    @handler("CreateRoute", expand=False)
    def create_route(self, context: RequestContext, request: dict) -> dict:
        return crud.create(self._api(context, request["ApiId"]), ROUTE, request)

    @handler("GetRoute", expand=False)
    def get_route(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._api(context, request["ApiId"]), ROUTE, request)

    @handler("GetRoutes", expand=False)
    def get_routes(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._api(context, request["ApiId"]), ROUTE, request)

    @handler("UpdateRoute", expand=False)
    def update_route(self, context: RequestContext, request: dict) -> dict:
        return crud.update(self._api(context, request["ApiId"]), ROUTE, request)

    @handler("DeleteRoute", expand=False)
    def delete_route(self, context: RequestContext, request: dict) -> None:
        crud.delete(self._api(context, request["ApiId"]), ROUTE, request)

    @handler("DeleteRouteRequestParameter", expand=False)
    def delete_route_request_parameter(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            route = crud.find(api.routes, ROUTE, request["RouteId"])
            parameters = route.get("RequestParameters") or {}
            if request["RequestParameterKey"] not in parameters:
                raise not_found("RequestParameter", request["RequestParameterKey"])
            del parameters[request["RequestParameterKey"]]
            deployments.redeploy(api)

    # --- RouteResponse --------------------------------------------------------------------------------------

    @handler("CreateRouteResponse", expand=False)
    def create_route_response(self, context: RequestContext, request: dict) -> dict:
        return crud.create(self._api(context, request["ApiId"]), ROUTE_RESPONSE, request)

    @handler("GetRouteResponse", expand=False)
    def get_route_response(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._api(context, request["ApiId"]), ROUTE_RESPONSE, request)

    @handler("GetRouteResponses", expand=False)
    def get_route_responses(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._api(context, request["ApiId"]), ROUTE_RESPONSE, request)

    @handler("UpdateRouteResponse", expand=False)
    def update_route_response(self, context: RequestContext, request: dict) -> dict:
        return crud.update(self._api(context, request["ApiId"]), ROUTE_RESPONSE, request)

    @handler("DeleteRouteResponse", expand=False)
    def delete_route_response(self, context: RequestContext, request: dict) -> None:
        crud.delete(self._api(context, request["ApiId"]), ROUTE_RESPONSE, request)

    # --- Integration ----------------------------------------------------------------------------------------

    @handler("CreateIntegration", expand=False)
    def create_integration(self, context: RequestContext, request: dict) -> dict:
        return crud.create(self._api(context, request["ApiId"]), INTEGRATION, request)

    @handler("GetIntegration", expand=False)
    def get_integration(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._api(context, request["ApiId"]), INTEGRATION, request)

    @handler("GetIntegrations", expand=False)
    def get_integrations(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._api(context, request["ApiId"]), INTEGRATION, request)

    @handler("UpdateIntegration", expand=False)
    def update_integration(self, context: RequestContext, request: dict) -> dict:
        return crud.update(self._api(context, request["ApiId"]), INTEGRATION, request)

    @handler("DeleteIntegration", expand=False)
    def delete_integration(self, context: RequestContext, request: dict) -> None:
        crud.delete(self._api(context, request["ApiId"]), INTEGRATION, request)

    # --- IntegrationResponse ----------------------------------------------------------------------------------

    @handler("CreateIntegrationResponse", expand=False)
    def create_integration_response(self, context: RequestContext, request: dict) -> dict:
        return crud.create(self._api(context, request["ApiId"]), INTEGRATION_RESPONSE, request)

    @handler("GetIntegrationResponse", expand=False)
    def get_integration_response(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._api(context, request["ApiId"]), INTEGRATION_RESPONSE, request)

    @handler("GetIntegrationResponses", expand=False)
    def get_integration_responses(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._api(context, request["ApiId"]), INTEGRATION_RESPONSE, request)

    @handler("UpdateIntegrationResponse", expand=False)
    def update_integration_response(self, context: RequestContext, request: dict) -> dict:
        return crud.update(self._api(context, request["ApiId"]), INTEGRATION_RESPONSE, request)

    @handler("DeleteIntegrationResponse", expand=False)
    def delete_integration_response(self, context: RequestContext, request: dict) -> None:
        crud.delete(self._api(context, request["ApiId"]), INTEGRATION_RESPONSE, request)

    # --- Authorizer -------------------------------------------------------------------------------------------

    @handler("CreateAuthorizer", expand=False)
    def create_authorizer(self, context: RequestContext, request: dict) -> dict:
        return crud.create(self._api(context, request["ApiId"]), AUTHORIZER, request)

    @handler("GetAuthorizer", expand=False)
    def get_authorizer(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._api(context, request["ApiId"]), AUTHORIZER, request)

    @handler("GetAuthorizers", expand=False)
    def get_authorizers(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._api(context, request["ApiId"]), AUTHORIZER, request)

    @handler("UpdateAuthorizer", expand=False)
    def update_authorizer(self, context: RequestContext, request: dict) -> dict:
        return crud.update(self._api(context, request["ApiId"]), AUTHORIZER, request)

    @handler("DeleteAuthorizer", expand=False)
    def delete_authorizer(self, context: RequestContext, request: dict) -> None:
        crud.delete(self._api(context, request["ApiId"]), AUTHORIZER, request)

    @handler("ResetAuthorizersCache", expand=False)
    def reset_authorizers_cache(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        stage_name = request["StageName"]
        crud.find(api.stages, STAGE, stage_name)
        api.authorizer_cache_generation[stage_name] = api.authorizer_cache_generation.get(stage_name, 0) + 1

    # --- Model ------------------------------------------------------------------------------------------------

    @handler("CreateModel", expand=False)
    def create_model(self, context: RequestContext, request: dict) -> dict:
        return crud.create(self._api(context, request["ApiId"]), MODEL, request)

    @handler("GetModel", expand=False)
    def get_model(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._api(context, request["ApiId"]), MODEL, request)

    @handler("GetModels", expand=False)
    def get_models(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._api(context, request["ApiId"]), MODEL, request)

    @handler("GetModelTemplate", expand=False)
    def get_model_template(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        model = crud.find(api.models, MODEL, request["ModelId"])
        return {"Value": model_template(json.loads(model["Schema"]))}

    @handler("UpdateModel", expand=False)
    def update_model(self, context: RequestContext, request: dict) -> dict:
        return crud.update(self._api(context, request["ApiId"]), MODEL, request)

    @handler("DeleteModel", expand=False)
    def delete_model(self, context: RequestContext, request: dict) -> None:
        crud.delete(self._api(context, request["ApiId"]), MODEL, request)

    # --- Stage --------------------------------------------------------------------------------------------------

    @handler("CreateStage", expand=False)
    def create_stage(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        validation.stage_name(request.get("StageName"))
        with api.lock:
            if request["StageName"] in api.stages:
                raise conflict(f"Stage {request['StageName']} already exists")
            crud.check_quota(api.stages, STAGE)
            defaults = STAGE.defaults(request)
            stage = {**defaults, **members(request, API.id_member)}
            # the request's DefaultRouteSettings are merged into the defaults, not put in their place
            stage["DefaultRouteSettings"] = {
                **defaults["DefaultRouteSettings"],
                **(request.get("DefaultRouteSettings") or {}),
            }
            validation.stage(api, stage, deployment_changed=True)
            api.stages[stage["StageName"]] = stage
            if stage.get("AutoDeploy"):
                deployments.auto_deploy(api, stage)
            return copy.deepcopy(stage)

    @handler("GetStage", expand=False)
    def get_stage(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._api(context, request["ApiId"]), STAGE, request)

    @handler("GetStages", expand=False)
    def get_stages(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._api(context, request["ApiId"]), STAGE, request)

    @handler("UpdateStage", expand=False)
    def update_stage(self, context: RequestContext, request: dict) -> dict:
        """Route settings and stage variables are merged into the stage's; a stage variable set to "" is deleted
        (AWS's way of deleting one)."""
        api = self._api(context, request["ApiId"])
        with api.lock:
            stage = crud.find(api.stages, STAGE, request["StageName"])
            changes = members(request, API.id_member, STAGE.id_member)
            new = updated(stage, changes)
            if "DefaultRouteSettings" in changes:
                new["DefaultRouteSettings"] = {
                    **stage["DefaultRouteSettings"],
                    **changes["DefaultRouteSettings"],
                }
            if "RouteSettings" in changes:
                new["RouteSettings"] = {**stage.get("RouteSettings", {}), **changes["RouteSettings"]}
            if "StageVariables" in changes:
                variables = {**stage.get("StageVariables", {}), **changes["StageVariables"]}
                new["StageVariables"] = {name: value for name, value in variables.items() if value != ""}
            validation.stage(api, new, deployment_changed="DeploymentId" in changes)
            new["LastUpdatedDate"] = now()
            stage.clear()
            stage.update(new)
            if changes.get("AutoDeploy"):
                deployments.auto_deploy(api, stage)
            return copy.deepcopy(stage)

    @handler("DeleteStage", expand=False)
    def delete_stage(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        crud.delete(api, STAGE, request)
        close_connections(api.api_id, request["StageName"])

    @handler("DeleteRouteSettings", expand=False)
    def delete_route_settings(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            stage = crud.find(api.stages, STAGE, request["StageName"])
            settings = stage.get("RouteSettings") or {}
            if request["RouteKey"] not in settings:
                raise not_found("RouteSettings", request["RouteKey"])
            del settings[request["RouteKey"]]
            stage["LastUpdatedDate"] = now()

    @handler("DeleteAccessLogSettings", expand=False)
    def delete_access_log_settings(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            stage = crud.find(api.stages, STAGE, request["StageName"])
            stage.pop("AccessLogSettings", None)
            stage["LastUpdatedDate"] = now()

    # --- Deployment -------------------------------------------------------------------------------------------

    @handler("CreateDeployment", expand=False)
    def create_deployment(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            stage = None
            if stage_name := request.get("StageName"):
                stage = crud.find(api.stages, STAGE, stage_name)
            deployment = deployments.deploy(api, request.get("Description"))
            if stage is not None:
                stage["DeploymentId"] = deployment["DeploymentId"]
                stage["LastUpdatedDate"] = now()
            return copy.deepcopy(deployment)

    @handler("GetDeployment", expand=False)
    def get_deployment(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return copy.deepcopy(crud.find(api.deployments, DEPLOYMENT, request["DeploymentId"]).resource)

    @handler("GetDeployments", expand=False)
    def get_deployments(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return paginate([deployment.resource for deployment in api.deployments.values()], request)

    @handler("UpdateDeployment", expand=False)
    def update_deployment(self, context: RequestContext, request: dict) -> dict:
        """Only the description: the rest of a deployment is what it froze."""
        api = self._api(context, request["ApiId"])
        with api.lock:
            deployment = crud.find(api.deployments, DEPLOYMENT, request["DeploymentId"])
            if request.get("Description") is not None:
                deployment.resource["Description"] = request["Description"]
            return copy.deepcopy(deployment.resource)

    @handler("DeleteDeployment", expand=False)
    def delete_deployment(self, context: RequestContext, request: dict) -> None:
        crud.delete(self._api(context, request["ApiId"]), DEPLOYMENT, request)

    # --- Tags -----------------------------------------------------------------------------------------------------

    def _tagged_resource(self, context: RequestContext, arn: str) -> dict:
        """The API, stage or domain name an ARN names; tags are kept in the resource, as Get* returns them."""
        match = ARN_PATTERN.fullmatch(arn or "")
        if not match or match.group(1) != context.region:
            raise bad_request(f"Invalid resource ARN specified: {arn}")
        _, _, api_id, stage_name, domain_name = match.groups()
        if domain_name:
            return crud.find(self._store(context).domain_names, DOMAIN_NAME, domain_name)
        api = self._api(context, api_id)
        if stage_name:
            return crud.find(api.stages, STAGE, stage_name)
        return api.api

    @handler("TagResource", expand=False)
    def tag_resource(self, context: RequestContext, request: dict) -> dict:
        resource = self._tagged_resource(context, request["ResourceArn"])
        resource.setdefault("Tags", {}).update(request.get("Tags") or {})
        return {}

    @handler("UntagResource", expand=False)
    def untag_resource(self, context: RequestContext, request: dict) -> None:
        resource = self._tagged_resource(context, request["ResourceArn"])
        for key in request.get("TagKeys") or []:
            resource.get("Tags", {}).pop(key, None)

    @handler("GetTags", expand=False)
    def get_tags(self, context: RequestContext, request: dict) -> dict:
        return {"Tags": dict(self._tagged_resource(context, request["ResourceArn"]).get("Tags") or {})}

    # --- DomainName ---------------------------------------------------------------------------------------------

    @handler("CreateDomainName", expand=False)
    def create_domain_name(self, context: RequestContext, request: dict) -> dict:
        store = self._store(context)
        name = request.get("DomainName")
        validation.required("DomainName", name)
        if name in store.domain_names:
            raise conflict(f"The domain name you provided already exists: {name}")
        configurations = []
        for configuration in request.get("DomainNameConfigurations") or [{}]:
            validation.domain_name_configuration(configuration)
            configurations.append(
                {
                    "ApiGatewayDomainName": f"d-{new_id(10)}.execute-api.{config.LOCALSTACK_HOST.host}",
                    "DomainNameStatus": "AVAILABLE",
                    "EndpointType": "REGIONAL",
                    "HostedZoneId": "Z1UJRXOUMOOFQ8",
                    "SecurityPolicy": "TLS_1_2",
                    **configuration,
                }
            )
        domain = {
            **DOMAIN_NAME.defaults(request),
            **members(request, "Tags"),
            "DomainNameConfigurations": configurations,
            "Tags": dict(request.get("Tags") or {}),
        }
        store.domain_names[name] = domain
        store.api_mappings[name] = {}
        return copy.deepcopy(domain)

    @handler("GetDomainName", expand=False)
    def get_domain_name(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._store(context), DOMAIN_NAME, request)

    @handler("GetDomainNames", expand=False)
    def get_domain_names(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._store(context), DOMAIN_NAME, request)

    @handler("UpdateDomainName", expand=False)
    def update_domain_name(self, context: RequestContext, request: dict) -> dict:
        """Each of the request's DomainNameConfigurations is merged into the one at its position."""
        domain = crud.find(self._store(context).domain_names, DOMAIN_NAME, request["DomainName"])
        changes = members(request, DOMAIN_NAME.id_member)
        if configurations := changes.pop("DomainNameConfigurations", None):
            current = domain["DomainNameConfigurations"]
            domain["DomainNameConfigurations"] = [
                {**(current[i] if i < len(current) else {}), **configuration}
                for i, configuration in enumerate(configurations)
            ]
        new = updated(domain, changes)
        domain.clear()
        domain.update(new)
        return copy.deepcopy(domain)

    @handler("DeleteDomainName", expand=False)
    def delete_domain_name(self, context: RequestContext, request: dict) -> None:
        store = self._store(context)
        crud.find(store.domain_names, DOMAIN_NAME, request["DomainName"])
        del store.domain_names[request["DomainName"]]
        store.api_mappings.pop(request["DomainName"], None)

    # --- ApiMapping ---------------------------------------------------------------------------------------------

    @handler("CreateApiMapping", expand=False)
    def create_api_mapping(self, context: RequestContext, request: dict) -> dict:
        mappings = crud.collection(self._store(context), API_MAPPING, request)
        mapping = members(request, *API_MAPPING.addressing)
        validation.api_mapping(self._api(context, mapping.get("ApiId")), mappings, mapping)
        mapping["ApiMappingId"] = new_id(API_MAPPING.id_length)
        mappings[mapping["ApiMappingId"]] = mapping
        return copy.deepcopy(mapping)

    @handler("GetApiMapping", expand=False)
    def get_api_mapping(self, context: RequestContext, request: dict) -> dict:
        return crud.get(self._store(context), API_MAPPING, request)

    @handler("GetApiMappings", expand=False)
    def get_api_mappings(self, context: RequestContext, request: dict) -> dict:
        return crud.get_page(self._store(context), API_MAPPING, request)

    @handler("UpdateApiMapping", expand=False)
    def update_api_mapping(self, context: RequestContext, request: dict) -> dict:
        mappings = crud.collection(self._store(context), API_MAPPING, request)
        mapping = crud.find(mappings, API_MAPPING, request["ApiMappingId"])
        new = updated(mapping, members(request, *API_MAPPING.addressing))
        validation.api_mapping(self._api(context, new.get("ApiId")), mappings, new)
        mapping.clear()
        mapping.update(new)
        return copy.deepcopy(mapping)

    @handler("DeleteApiMapping", expand=False)
    def delete_api_mapping(self, context: RequestContext, request: dict) -> None:
        mappings = crud.collection(self._store(context), API_MAPPING, request)
        crud.find(mappings, API_MAPPING, request["ApiMappingId"])
        del mappings[request["ApiMappingId"]]
