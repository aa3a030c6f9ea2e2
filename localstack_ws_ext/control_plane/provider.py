"""The apigatewayv2 provider for WebSocket APIs: state in our own stores, no moto.

Operations take the parsed request as one dict (``expand=False``) in the service's member names, so a resource
is created from the request's own members and answered back as stored. Every change below an API triggers
AutoDeploy on the stages that have it. HTTP APIs are not this extension's data plane: CreateApi answers them
with a clear BadRequestException. Operations outside the WebSocket surface (VPC links, portals, routing rules,
import/export) answer LocalStack's 501.
"""

import base64
import copy
import json
import random
import re
import string
from datetime import UTC, datetime

from localstack import config
from localstack.aws.api import RequestContext, handler
from localstack.constants import TAG_KEY_CUSTOM_ID
from localstack.services.plugins import ServiceLifecycleHook
from localstack.state import StateVisitor

from ..api.apigatewayv2 import Apigatewayv2Api
from . import validation
from .errors import bad_request, conflict, limit_exceeded, not_found
from .model_templates import model_template
from .store import ApiGatewayV2Store, Deployment, WebSocketApi, api_locations, apigatewayv2_stores

HTTP_APIS_NOT_SUPPORTED = (
    "HTTP APIs are not supported by localstack-ws-ext, which emulates WebSocket APIs: "
    "use ProtocolType=WEBSOCKET (REST APIs are served by LocalStack's apigateway service)."
)
NO_ROUTES = "Unable to deploy API because no routes exist in this API"
QUOTAS = {"routes": 300, "integrations": 300, "stages": 10, "authorizers": 10}
DEFAULT_ROUTE_SETTINGS = {
    "DataTraceEnabled": False,
    "DetailedMetricsEnabled": False,
    "ThrottlingBurstLimit": 5000,
    "ThrottlingRateLimit": 10000.0,
}
ID_ALPHABET = string.ascii_lowercase + string.digits
ARN_PATTERN = re.compile(
    r"arn:aws[\w-]*:apigateway:([\w-]+)::/(apis/(\w+)(?:/stages/([\w-]+))?|domainnames/([^/]+))"
)


def new_id(length: int) -> str:
    return "".join(random.choices(ID_ALPHABET, k=length))


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def members(request: dict, *addressing: str) -> dict:
    """The request's members that describe the resource (not the path members that address it, nor unset ones)."""
    return {key: value for key, value in request.items() if value is not None and key not in addressing}


def updated(resource: dict, changes: dict) -> dict:
    """``resource`` with an Update* request's members applied; a member set to "" is unset (as clients such as
    CloudFormation and Terraform clear an optional member)."""
    result = {**resource, **changes}
    for name in [name for name, value in changes.items() if value == ""]:
        del result[name]
    return result


def paginate(items: list[dict], request: dict) -> dict:
    """One page of a list operation (MaxResults / NextToken); the token is opaque to clients. (LocalStack's
    PaginatedList restarts silently from the first item on an unknown token; AWS answers BadRequest.)"""
    start = 0
    if token := request.get("NextToken"):
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode())
        except ValueError:
            raise bad_request(f"Invalid NextToken: {token}") from None
    size = len(items)
    if max_results := request.get("MaxResults"):
        if not str(max_results).isdigit() or not 1 <= int(max_results) <= 500:
            raise bad_request(f"Invalid MaxResults: {max_results}. Must be a number between 1 and 500")
        size = int(max_results)
    page = items[start : start + size]
    result = {"Items": copy.deepcopy(page)}
    if start + size < len(items):
        result["NextToken"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
    return result


def api_endpoint(api_id: str) -> str:
    return f"ws://{api_id}.execute-api.{config.LOCALSTACK_HOST.host_and_port()}"


def reject_http_only(request: dict, *fields: str) -> None:
    for field in fields:
        if request.get(field) is not None:
            raise bad_request(f"{field} is supported only for HTTP APIs")


def close_connections(api_id: str, stage: str | None = None) -> None:
    """The clients of a deleted API (or stage) are disconnected (see execute_api.endpoint)."""
    from ..execute_api.endpoint import endpoint

    endpoint.close_api_connections(api_id, stage)


class ApiGatewayV2Provider(Apigatewayv2Api, ServiceLifecycleHook):
    def accept_state_visitor(self, visitor: StateVisitor):
        visitor.visit(apigatewayv2_stores)

    # --- lookups ---------------------------------------------------------------------------------------

    @staticmethod
    def _store(context: RequestContext) -> ApiGatewayV2Store:
        return apigatewayv2_stores[context.account_id][context.region]

    def _api(self, context: RequestContext, api_id: str) -> WebSocketApi:
        api = self._store(context).apis.get(api_id)
        if api is None:
            error = not_found("API", f"{context.account_id}:{api_id}")
            error.ResourceType = "Api"
            raise error
        return api

    @staticmethod
    def _child(collection: dict, resource_type: str, identifier: str) -> dict:
        if identifier not in collection:
            raise not_found(resource_type, identifier)
        return collection[identifier]

    def _update_child(
        self,
        api: WebSocketApi,
        collection: dict,
        resource_type: str,
        identifier: str,
        changes: dict,
        validate,
    ) -> dict:
        """Applies an Update* request's members to a resource below ``api`` (under its lock), after ``validate``
        accepted the result, then redeploys AutoDeploy stages."""
        resource = self._child(collection, resource_type, identifier)
        new = updated(resource, changes)
        validate(new)
        resource.clear()
        resource.update(new)
        self._changed(api)
        return copy.deepcopy(resource)

    # --- AutoDeploy ---------------------------------------------------------------------------------------

    def _changed(self, api: WebSocketApi) -> None:
        """Redeploys the stages that have AutoDeploy, as AWS does after every change to the API."""
        for stage in api.stages.values():
            if stage.get("AutoDeploy"):
                self._auto_deploy(api, stage)

    def _auto_deploy(self, api: WebSocketApi, stage: dict) -> None:
        if not api.routes:
            stage["LastDeploymentStatusMessage"] = f"Deployment attempt failed: {NO_ROUTES}"
            return
        deployment = self._deploy(
            api, description="Automatic deployment triggered by changes to the Api configuration", auto=True
        )
        stage["DeploymentId"] = deployment["DeploymentId"]
        stage["LastDeploymentStatusMessage"] = (
            f"Successfully deployed stage with deployment ID '{deployment['DeploymentId']}'"
        )
        stage["LastUpdatedDate"] = now()

    @staticmethod
    def _deploy(api: WebSocketApi, description: str | None, auto: bool = False) -> dict:
        resource = {
            "AutoDeployed": auto,
            "CreatedDate": now(),
            "DeploymentId": new_id(6),
            "DeploymentStatus": "DEPLOYED",
        }
        if description is not None:
            resource["Description"] = description
        api.deployments[resource["DeploymentId"]] = Deployment(resource, api.snapshot())
        return resource

    # --- Api ----------------------------------------------------------------------------------------------

    @handler("CreateApi", expand=False)
    def create_api(self, context: RequestContext, request: dict) -> dict:
        protocol = request.get("ProtocolType")
        if protocol == "HTTP":
            raise bad_request(HTTP_APIS_NOT_SUPPORTED)
        if protocol != "WEBSOCKET":
            raise bad_request(f"Invalid protocol specified: {protocol}. Must be one of [HTTP, WEBSOCKET]")
        reject_http_only(request, "CorsConfiguration", "Target", "RouteKey", "CredentialsArn")
        if not request.get("Name"):
            raise bad_request("Name is required")
        if not request.get("RouteSelectionExpression"):
            raise bad_request("RouteSelectionExpression is required for WEBSOCKET APIs")
        validation.route_selection_expression(request["RouteSelectionExpression"])
        validation.api_key_selection_expression(request.get("ApiKeySelectionExpression"))
        validation.one_of("IpAddressType", request.get("IpAddressType"), ("ipv4", "dualstack"))

        store = self._store(context)
        tags = dict(request.get("Tags") or {})
        api_id = tags.get(TAG_KEY_CUSTOM_ID) or new_id(10)
        if api_id in api_locations():
            raise conflict(f"API with id {api_id} already exists")
        api = {
            "ApiEndpoint": api_endpoint(api_id),
            "ApiId": api_id,
            "ApiKeySelectionExpression": "$request.header.x-api-key",
            "CreatedDate": now(),
            "DisableExecuteApiEndpoint": False,
            "IpAddressType": "ipv4",
            **members(request, "Tags"),
            "Tags": tags,
        }
        store.apis[api_id] = WebSocketApi(api, context.account_id, context.region)
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
        reject_http_only(request, "CorsConfiguration", "Target", "RouteKey", "CredentialsArn")
        changes = members(request, "ApiId")
        if "RouteSelectionExpression" in changes:
            validation.route_selection_expression(changes["RouteSelectionExpression"])
        validation.api_key_selection_expression(changes.get("ApiKeySelectionExpression"))
        validation.one_of("IpAddressType", changes.get("IpAddressType"), ("ipv4", "dualstack"))
        with api.lock:
            api.api = updated(api.api, changes)
            self._changed(api)
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

    def _validate_route(self, api: WebSocketApi, route: dict) -> None:
        route_key = route.get("RouteKey")
        if not route_key:
            raise bad_request("RouteKey is required")
        authorization_type = route.get("AuthorizationType", "NONE")
        if authorization_type == "JWT":
            raise bad_request("JWT authorizers are supported only for HTTP APIs")
        validation.one_of("AuthorizationType", authorization_type, validation.AUTHORIZATION_TYPES)
        if authorization_type != "NONE" and route_key != "$connect":
            raise bad_request("Currently, authorization is restricted to the $connect route only")
        if authorization_type == "CUSTOM" and not route.get("AuthorizerId"):
            raise bad_request("An AuthorizerId is required when AuthorizationType is CUSTOM")
        if route.get("AuthorizerId"):
            self._child(api.authorizers, "Authorizer", route["AuthorizerId"])
        if route.get("AuthorizationScopes"):
            raise bad_request("AuthorizationScopes are supported only for JWT authorizers of HTTP APIs")
        if target := route.get("Target"):
            match = re.fullmatch(r"integrations/(\w+)", target)
            if not match:
                raise bad_request(
                    f"Invalid target specified: {target}. Must be integrations/<integration id>"
                )
            self._child(api.integrations, "Integration", match.group(1))
        validation.route_response_selection_expression(route.get("RouteResponseSelectionExpression"))
        if expression := route.get("ModelSelectionExpression"):
            validation.selection_expression(
                "ModelSelectionExpression", expression, ("request.body.", "default")
            )
        model_names = {model["Name"] for model in api.models.values()}
        for model in (route.get("RequestModels") or {}).values():
            if model not in model_names:
                raise bad_request(f"Invalid model name specified: {model}")
        for key in route.get("RequestParameters") or {}:
            if not re.fullmatch(r"route\.request\.(header|querystring)\.[^.\s]+", key):
                raise bad_request(
                    f"Invalid request parameter key specified: {key}. Must be route.request.header.<name> "
                    "or route.request.querystring.<name>"
                )
        if any(
            other["RouteKey"] == route_key and other.get("RouteId") != route.get("RouteId")
            for other in api.routes.values()
        ):
            raise conflict(f"Route with key {route_key} already exists for this API")

    @handler("CreateRoute", expand=False)
    def create_route(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            if len(api.routes) >= QUOTAS["routes"]:
                raise limit_exceeded("routes", QUOTAS["routes"])
            route = {"ApiKeyRequired": False, "AuthorizationType": "NONE", **members(request, "ApiId")}
            self._validate_route(api, route)
            route["RouteId"] = new_id(7)
            api.routes[route["RouteId"]] = route
            api.route_responses[route["RouteId"]] = {}
            self._changed(api)
            return copy.deepcopy(route)

    @handler("GetRoute", expand=False)
    def get_route(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return copy.deepcopy(self._child(api.routes, "Route", request["RouteId"]))

    @handler("GetRoutes", expand=False)
    def get_routes(self, context: RequestContext, request: dict) -> dict:
        return paginate(list(self._api(context, request["ApiId"]).routes.values()), request)

    @handler("UpdateRoute", expand=False)
    def update_route(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            return self._update_child(
                api,
                api.routes,
                "Route",
                request["RouteId"],
                members(request, "ApiId"),
                lambda updated: self._validate_route(api, updated),
            )

    @handler("DeleteRoute", expand=False)
    def delete_route(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            self._child(api.routes, "Route", request["RouteId"])
            del api.routes[request["RouteId"]]
            api.route_responses.pop(request["RouteId"], None)
            self._changed(api)

    @handler("DeleteRouteRequestParameter", expand=False)
    def delete_route_request_parameter(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            route = self._child(api.routes, "Route", request["RouteId"])
            parameters = route.get("RequestParameters") or {}
            if request["RequestParameterKey"] not in parameters:
                raise not_found("RequestParameter", request["RequestParameterKey"])
            del parameters[request["RequestParameterKey"]]
            self._changed(api)

    # --- RouteResponse --------------------------------------------------------------------------------------

    def _route_responses(self, api: WebSocketApi, route_id: str) -> dict:
        self._child(api.routes, "Route", route_id)
        return api.route_responses.setdefault(route_id, {})

    @staticmethod
    def _validate_route_response(api: WebSocketApi, responses: dict, response: dict) -> None:
        key = response.get("RouteResponseKey")
        if not key:
            raise bad_request("RouteResponseKey is required")
        if any(
            r["RouteResponseKey"] == key and r.get("RouteResponseId") != response.get("RouteResponseId")
            for r in responses.values()
        ):
            raise conflict(f"Route response with key {key} already exists for this route")
        if expression := response.get("ModelSelectionExpression"):
            validation.selection_expression(
                "ModelSelectionExpression", expression, ("request.body.", "default")
            )
        model_names = {model["Name"] for model in api.models.values()}
        for model in (response.get("ResponseModels") or {}).values():
            if model not in model_names:
                raise bad_request(f"Invalid model name specified: {model}")

    @handler("CreateRouteResponse", expand=False)
    def create_route_response(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            responses = self._route_responses(api, request["RouteId"])
            response = members(request, "ApiId", "RouteId")
            self._validate_route_response(api, responses, response)
            response["RouteResponseId"] = new_id(6)
            responses[response["RouteResponseId"]] = response
            self._changed(api)
            return copy.deepcopy(response)

    @handler("GetRouteResponse", expand=False)
    def get_route_response(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        responses = self._route_responses(api, request["RouteId"])
        return copy.deepcopy(self._child(responses, "RouteResponse", request["RouteResponseId"]))

    @handler("GetRouteResponses", expand=False)
    def get_route_responses(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return paginate(list(self._route_responses(api, request["RouteId"]).values()), request)

    @handler("UpdateRouteResponse", expand=False)
    def update_route_response(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            responses = self._route_responses(api, request["RouteId"])
            return self._update_child(
                api,
                responses,
                "RouteResponse",
                request["RouteResponseId"],
                members(request, "ApiId", "RouteId"),
                lambda updated: self._validate_route_response(api, responses, updated),
            )

    @handler("DeleteRouteResponse", expand=False)
    def delete_route_response(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            responses = self._route_responses(api, request["RouteId"])
            self._child(responses, "RouteResponse", request["RouteResponseId"])
            del responses[request["RouteResponseId"]]
            self._changed(api)

    # --- Integration ----------------------------------------------------------------------------------------

    @staticmethod
    def _validate_integration(integration: dict) -> None:
        reject_http_only(integration, "IntegrationSubtype", "ResponseParameters", "TlsConfig")
        integration_type = integration.get("IntegrationType")
        if not integration_type:
            raise bad_request("IntegrationType is required")
        validation.one_of("IntegrationType", integration_type, validation.INTEGRATION_TYPES)
        if integration_type != "MOCK" and not integration.get("IntegrationUri"):
            raise bad_request(f"IntegrationUri is required for integration type {integration_type}")
        if integration.get("PayloadFormatVersion") != "1.0":
            raise bad_request(
                f"Invalid PayloadFormatVersion specified: {integration.get('PayloadFormatVersion')}. "
                "WebSocket APIs support only 1.0"
            )
        validation.timeout_in_millis(integration.get("TimeoutInMillis"))
        validation.one_of("ConnectionType", integration.get("ConnectionType"), ("INTERNET", "VPC_LINK"))
        if integration.get("ConnectionType") == "VPC_LINK" and not integration.get("ConnectionId"):
            raise bad_request("ConnectionId is required when ConnectionType is VPC_LINK")
        validation.one_of(
            "PassthroughBehavior", integration.get("PassthroughBehavior"), validation.PASSTHROUGH_BEHAVIORS
        )
        validation.one_of(
            "ContentHandlingStrategy",
            integration.get("ContentHandlingStrategy"),
            validation.CONTENT_HANDLING_STRATEGIES,
        )
        validation.template_selection_expression(
            "TemplateSelectionExpression", integration.get("TemplateSelectionExpression")
        )
        validation.template_selection_expression(
            "IntegrationResponseSelectionExpression",
            integration.get("IntegrationResponseSelectionExpression"),
        )
        for key in integration.get("RequestParameters") or {}:
            if not re.fullmatch(r"integration\.request\.(header|querystring|path)\.[^\s]+", key):
                raise bad_request(
                    f"Invalid mapping expression specified: {key}. Must be integration.request.header.<name>, "
                    "integration.request.querystring.<name> or integration.request.path.<name>"
                )

    @handler("CreateIntegration", expand=False)
    def create_integration(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            if len(api.integrations) >= QUOTAS["integrations"]:
                raise limit_exceeded("integrations", QUOTAS["integrations"])
            integration = {
                "ConnectionType": "INTERNET",
                "PassthroughBehavior": "WHEN_NO_MATCH",
                "PayloadFormatVersion": "1.0",
                "TimeoutInMillis": 29000,
                **members(request, "ApiId"),
            }
            if integration.get("IntegrationType") in ("AWS", "AWS_PROXY"):
                integration.setdefault("IntegrationMethod", "POST")
            self._validate_integration(integration)
            integration["IntegrationId"] = new_id(7)
            api.integrations[integration["IntegrationId"]] = integration
            api.integration_responses[integration["IntegrationId"]] = {}
            self._changed(api)
            return copy.deepcopy(integration)

    @handler("GetIntegration", expand=False)
    def get_integration(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return copy.deepcopy(self._child(api.integrations, "Integration", request["IntegrationId"]))

    @handler("GetIntegrations", expand=False)
    def get_integrations(self, context: RequestContext, request: dict) -> dict:
        return paginate(list(self._api(context, request["ApiId"]).integrations.values()), request)

    @handler("UpdateIntegration", expand=False)
    def update_integration(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            return self._update_child(
                api,
                api.integrations,
                "Integration",
                request["IntegrationId"],
                members(request, "ApiId"),
                self._validate_integration,
            )

    @handler("DeleteIntegration", expand=False)
    def delete_integration(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        integration_id = request["IntegrationId"]
        with api.lock:
            self._child(api.integrations, "Integration", integration_id)
            for route in api.routes.values():
                if route.get("Target") == f"integrations/{integration_id}":
                    raise conflict(
                        f"Integration {integration_id} is the target of route {route['RouteKey']} "
                        f"({route['RouteId']}); change or delete the route first"
                    )
            del api.integrations[integration_id]
            api.integration_responses.pop(integration_id, None)
            self._changed(api)

    # --- IntegrationResponse ----------------------------------------------------------------------------------

    def _integration_responses(self, api: WebSocketApi, integration_id: str) -> dict:
        self._child(api.integrations, "Integration", integration_id)
        return api.integration_responses.setdefault(integration_id, {})

    @staticmethod
    def _validate_integration_response(responses: dict, response: dict) -> None:
        key = response.get("IntegrationResponseKey")
        if not key:
            raise bad_request("IntegrationResponseKey is required")
        if key != "$default" and not (len(key) >= 2 and key.startswith("/") and key.endswith("/")):
            raise bad_request(
                f"Invalid IntegrationResponseKey specified: {key}. Must be $default or a /regular expression/"
            )
        if key != "$default":
            try:
                re.compile(key[1:-1])
            except re.error as e:
                raise bad_request(f"Invalid IntegrationResponseKey specified: {key}: {e}") from None
        if any(
            r["IntegrationResponseKey"] == key
            and r.get("IntegrationResponseId") != response.get("IntegrationResponseId")
            for r in responses.values()
        ):
            raise conflict(f"Integration response with key {key} already exists for this integration")
        validation.one_of(
            "ContentHandlingStrategy",
            response.get("ContentHandlingStrategy"),
            validation.CONTENT_HANDLING_STRATEGIES,
        )
        validation.template_selection_expression(
            "TemplateSelectionExpression", response.get("TemplateSelectionExpression")
        )

    @handler("CreateIntegrationResponse", expand=False)
    def create_integration_response(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            responses = self._integration_responses(api, request["IntegrationId"])
            response = members(request, "ApiId", "IntegrationId")
            self._validate_integration_response(responses, response)
            response["IntegrationResponseId"] = new_id(6)
            responses[response["IntegrationResponseId"]] = response
            self._changed(api)
            return copy.deepcopy(response)

    @handler("GetIntegrationResponse", expand=False)
    def get_integration_response(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        responses = self._integration_responses(api, request["IntegrationId"])
        return copy.deepcopy(self._child(responses, "IntegrationResponse", request["IntegrationResponseId"]))

    @handler("GetIntegrationResponses", expand=False)
    def get_integration_responses(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return paginate(list(self._integration_responses(api, request["IntegrationId"]).values()), request)

    @handler("UpdateIntegrationResponse", expand=False)
    def update_integration_response(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            responses = self._integration_responses(api, request["IntegrationId"])
            return self._update_child(
                api,
                responses,
                "IntegrationResponse",
                request["IntegrationResponseId"],
                members(request, "ApiId", "IntegrationId"),
                lambda updated: self._validate_integration_response(responses, updated),
            )

    @handler("DeleteIntegrationResponse", expand=False)
    def delete_integration_response(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            responses = self._integration_responses(api, request["IntegrationId"])
            self._child(responses, "IntegrationResponse", request["IntegrationResponseId"])
            del responses[request["IntegrationResponseId"]]
            self._changed(api)

    # --- Authorizer -------------------------------------------------------------------------------------------

    @staticmethod
    def _validate_authorizer(authorizer: dict) -> None:
        if authorizer.get("AuthorizerType") != "REQUEST":
            raise bad_request(
                f"Invalid AuthorizerType specified: {authorizer.get('AuthorizerType')}. "
                "WebSocket APIs support only REQUEST authorizers"
            )
        reject_http_only(authorizer, "JwtConfiguration", "EnableSimpleResponses")
        if authorizer.get("AuthorizerPayloadFormatVersion") not in (None, "1.0"):
            raise bad_request(
                f"Invalid AuthorizerPayloadFormatVersion specified: {authorizer['AuthorizerPayloadFormatVersion']}. "
                "WebSocket APIs support only 1.0"
            )
        if not authorizer.get("Name"):
            raise bad_request("Name is required")
        if not authorizer.get("AuthorizerUri"):
            raise bad_request("AuthorizerUri is required for REQUEST authorizers")
        validation.identity_sources(authorizer.get("IdentitySource"))
        ttl = authorizer.get("AuthorizerResultTtlInSeconds")
        if ttl is not None and not 0 <= int(ttl) <= 3600:
            raise bad_request("AuthorizerResultTtlInSeconds must be between 0 and 3600")

    @handler("CreateAuthorizer", expand=False)
    def create_authorizer(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            if len(api.authorizers) >= QUOTAS["authorizers"]:
                raise limit_exceeded("authorizers", QUOTAS["authorizers"])
            authorizer = members(request, "ApiId")
            self._validate_authorizer(authorizer)
            authorizer["AuthorizerId"] = new_id(6)
            api.authorizers[authorizer["AuthorizerId"]] = authorizer
            self._changed(api)
            return copy.deepcopy(authorizer)

    @handler("GetAuthorizer", expand=False)
    def get_authorizer(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return copy.deepcopy(self._child(api.authorizers, "Authorizer", request["AuthorizerId"]))

    @handler("GetAuthorizers", expand=False)
    def get_authorizers(self, context: RequestContext, request: dict) -> dict:
        return paginate(list(self._api(context, request["ApiId"]).authorizers.values()), request)

    @handler("UpdateAuthorizer", expand=False)
    def update_authorizer(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            return self._update_child(
                api,
                api.authorizers,
                "Authorizer",
                request["AuthorizerId"],
                members(request, "ApiId"),
                self._validate_authorizer,
            )

    @handler("DeleteAuthorizer", expand=False)
    def delete_authorizer(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        authorizer_id = request["AuthorizerId"]
        with api.lock:
            self._child(api.authorizers, "Authorizer", authorizer_id)
            for route in api.routes.values():
                if route.get("AuthorizerId") == authorizer_id:
                    raise conflict(
                        f"Authorizer {authorizer_id} is used by route {route['RouteKey']} ({route['RouteId']}); "
                        "change or delete the route first"
                    )
            del api.authorizers[authorizer_id]
            self._changed(api)

    @handler("ResetAuthorizersCache", expand=False)
    def reset_authorizers_cache(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        self._child(api.stages, "Stage", request["StageName"])
        api.authorizer_cache_generation[request["StageName"]] = (
            api.authorizer_cache_generation.get(request["StageName"], 0) + 1
        )

    # --- Model ------------------------------------------------------------------------------------------------

    @staticmethod
    def _validate_model(api: WebSocketApi, model: dict) -> None:
        validation.model_name(model.get("Name"))
        if not model.get("Schema"):
            raise bad_request("Schema is required")
        if len(model["Schema"]) > 32768:
            raise bad_request("Model schema must be at most 32768 characters")
        validation.json_schema(model["Schema"])
        if any(
            m["Name"] == model["Name"] and m.get("ModelId") != model.get("ModelId")
            for m in api.models.values()
        ):
            raise conflict(f"Model name already exists for this API: {model['Name']}")

    @handler("CreateModel", expand=False)
    def create_model(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            model = members(request, "ApiId")
            self._validate_model(api, model)
            model["ModelId"] = new_id(6)
            api.models[model["ModelId"]] = model
            self._changed(api)
            return copy.deepcopy(model)

    @handler("GetModel", expand=False)
    def get_model(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return copy.deepcopy(self._child(api.models, "Model", request["ModelId"]))

    @handler("GetModels", expand=False)
    def get_models(self, context: RequestContext, request: dict) -> dict:
        return paginate(list(self._api(context, request["ApiId"]).models.values()), request)

    @handler("GetModelTemplate", expand=False)
    def get_model_template(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        model = self._child(api.models, "Model", request["ModelId"])
        return {"Value": model_template(json.loads(model["Schema"]))}

    @handler("UpdateModel", expand=False)
    def update_model(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            return self._update_child(
                api,
                api.models,
                "Model",
                request["ModelId"],
                members(request, "ApiId"),
                lambda updated: self._validate_model(api, updated),
            )

    @handler("DeleteModel", expand=False)
    def delete_model(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            model = self._child(api.models, "Model", request["ModelId"])
            for route in api.routes.values():
                if model["Name"] in (route.get("RequestModels") or {}).values():
                    raise conflict(
                        f"Model {model['Name']} is used by route {route['RouteKey']} ({route['RouteId']}); "
                        "change or delete the route first"
                    )
            del api.models[request["ModelId"]]
            self._changed(api)

    # --- Stage --------------------------------------------------------------------------------------------------

    def _validate_stage(self, api: WebSocketApi, stage: dict, deployment_changed: bool) -> None:
        validation.stage_variables(stage.get("StageVariables"))
        validation.route_settings(stage.get("DefaultRouteSettings"))
        for settings in (stage.get("RouteSettings") or {}).values():
            validation.route_settings(settings)
        if deployment_changed and stage.get("DeploymentId"):
            if stage.get("AutoDeploy"):
                raise bad_request("DeploymentId cannot be set on a stage with AutoDeploy enabled")
            self._child(api.deployments, "Deployment", stage["DeploymentId"])
        log_format = (stage.get("AccessLogSettings") or {}).get("Format")
        if log_format and len(log_format) > 3072:
            raise bad_request("The access log format must be at most 3 KB")

    @handler("CreateStage", expand=False)
    def create_stage(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        validation.stage_name(request.get("StageName"))
        with api.lock:
            if request["StageName"] in api.stages:
                raise conflict(f"Stage {request['StageName']} already exists")
            if len(api.stages) >= QUOTAS["stages"]:
                raise limit_exceeded("stages", QUOTAS["stages"])
            stage = {
                "CreatedDate": now(),
                "LastUpdatedDate": now(),
                "RouteSettings": {},
                "StageVariables": {},
                "Tags": {},
                **members(request, "ApiId"),
            }
            stage["DefaultRouteSettings"] = {
                **DEFAULT_ROUTE_SETTINGS,
                **(request.get("DefaultRouteSettings") or {}),
            }
            self._validate_stage(api, stage, deployment_changed=True)
            api.stages[stage["StageName"]] = stage
            if stage.get("AutoDeploy"):
                self._auto_deploy(api, stage)
            return copy.deepcopy(stage)

    @handler("GetStage", expand=False)
    def get_stage(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return copy.deepcopy(self._child(api.stages, "Stage", request["StageName"]))

    @handler("GetStages", expand=False)
    def get_stages(self, context: RequestContext, request: dict) -> dict:
        return paginate(list(self._api(context, request["ApiId"]).stages.values()), request)

    @handler("UpdateStage", expand=False)
    def update_stage(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            stage = self._child(api.stages, "Stage", request["StageName"])
            changes = members(request, "ApiId", "StageName")
            new = updated(stage, changes)
            if "DefaultRouteSettings" in changes:
                new["DefaultRouteSettings"] = {
                    **stage["DefaultRouteSettings"],
                    **changes["DefaultRouteSettings"],
                }
            if "RouteSettings" in changes:
                new["RouteSettings"] = {**stage.get("RouteSettings", {}), **changes["RouteSettings"]}
            if "StageVariables" in changes:
                # merged; a variable set to "" is removed (AWS's way of deleting a stage variable)
                variables = {**stage.get("StageVariables", {}), **changes["StageVariables"]}
                new["StageVariables"] = {name: value for name, value in variables.items() if value != ""}
            self._validate_stage(api, new, deployment_changed="DeploymentId" in changes)
            new["LastUpdatedDate"] = now()
            stage.clear()
            stage.update(new)
            if changes.get("AutoDeploy"):
                self._auto_deploy(api, stage)
            return copy.deepcopy(stage)

    @handler("DeleteStage", expand=False)
    def delete_stage(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            self._child(api.stages, "Stage", request["StageName"])
            del api.stages[request["StageName"]]
        close_connections(api.api_id, request["StageName"])

    @handler("DeleteRouteSettings", expand=False)
    def delete_route_settings(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            stage = self._child(api.stages, "Stage", request["StageName"])
            settings = stage.get("RouteSettings") or {}
            if request["RouteKey"] not in settings:
                raise not_found("RouteSettings", request["RouteKey"])
            del settings[request["RouteKey"]]
            stage["LastUpdatedDate"] = now()

    @handler("DeleteAccessLogSettings", expand=False)
    def delete_access_log_settings(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            stage = self._child(api.stages, "Stage", request["StageName"])
            stage.pop("AccessLogSettings", None)
            stage["LastUpdatedDate"] = now()

    # --- Deployment -------------------------------------------------------------------------------------------

    @handler("CreateDeployment", expand=False)
    def create_deployment(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            stage = None
            if stage_name := request.get("StageName"):
                stage = self._child(api.stages, "Stage", stage_name)
            if not api.routes:
                raise bad_request(NO_ROUTES)
            deployment = self._deploy(api, request.get("Description"))
            if stage is not None:
                stage["DeploymentId"] = deployment["DeploymentId"]
                stage["LastUpdatedDate"] = now()
            return copy.deepcopy(deployment)

    @handler("GetDeployment", expand=False)
    def get_deployment(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return copy.deepcopy(self._child(api.deployments, "Deployment", request["DeploymentId"]).resource)

    @handler("GetDeployments", expand=False)
    def get_deployments(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        return paginate([deployment.resource for deployment in api.deployments.values()], request)

    @handler("UpdateDeployment", expand=False)
    def update_deployment(self, context: RequestContext, request: dict) -> dict:
        api = self._api(context, request["ApiId"])
        with api.lock:
            deployment = self._child(api.deployments, "Deployment", request["DeploymentId"])
            if request.get("Description") is not None:
                deployment.resource["Description"] = request["Description"]
            return copy.deepcopy(deployment.resource)

    @handler("DeleteDeployment", expand=False)
    def delete_deployment(self, context: RequestContext, request: dict) -> None:
        api = self._api(context, request["ApiId"])
        with api.lock:
            self._child(api.deployments, "Deployment", request["DeploymentId"])
            if any(stage.get("DeploymentId") == request["DeploymentId"] for stage in api.stages.values()):
                raise bad_request("Active stages pointing to this deployment must be moved or deleted")
            del api.deployments[request["DeploymentId"]]

    # --- Tags -----------------------------------------------------------------------------------------------------

    def _tagged_resource(self, context: RequestContext, arn: str) -> dict:
        match = ARN_PATTERN.fullmatch(arn or "")
        if not match or match.group(1) != context.region:
            raise bad_request(f"Invalid resource ARN specified: {arn}")
        _, _, api_id, stage_name, domain_name = match.groups()
        if domain_name:
            return self._domain_name(context, domain_name)
        api = self._api(context, api_id)
        if stage_name:
            return self._child(api.stages, "Stage", stage_name)
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

    # --- DomainName and ApiMapping ----------------------------------------------------------------------------

    def _domain_name(self, context: RequestContext, domain_name: str) -> dict:
        return self._child(self._store(context).domain_names, "DomainName", domain_name)

    @handler("CreateDomainName", expand=False)
    def create_domain_name(self, context: RequestContext, request: dict) -> dict:
        store = self._store(context)
        name = request.get("DomainName")
        if not name:
            raise bad_request("DomainName is required")
        if name in store.domain_names:
            raise conflict(f"The domain name you provided already exists: {name}")
        configurations = []
        for configuration in request.get("DomainNameConfigurations") or [{}]:
            validation.one_of("EndpointType", configuration.get("EndpointType"), ("REGIONAL", "EDGE"))
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
            "ApiMappingSelectionExpression": "$request.basepath",
            **members(request, "Tags"),
            "DomainNameConfigurations": configurations,
            "Tags": dict(request.get("Tags") or {}),
        }
        store.domain_names[name] = domain
        store.api_mappings[name] = {}
        return copy.deepcopy(domain)

    @handler("GetDomainName", expand=False)
    def get_domain_name(self, context: RequestContext, request: dict) -> dict:
        return copy.deepcopy(self._domain_name(context, request["DomainName"]))

    @handler("GetDomainNames", expand=False)
    def get_domain_names(self, context: RequestContext, request: dict) -> dict:
        return paginate(list(self._store(context).domain_names.values()), request)

    @handler("UpdateDomainName", expand=False)
    def update_domain_name(self, context: RequestContext, request: dict) -> dict:
        domain = self._domain_name(context, request["DomainName"])
        changes = members(request, "DomainName")
        if configurations := changes.pop("DomainNameConfigurations", None):
            domain["DomainNameConfigurations"] = [
                {
                    **(
                        domain["DomainNameConfigurations"][i]
                        if i < len(domain["DomainNameConfigurations"])
                        else {}
                    ),
                    **c,
                }
                for i, c in enumerate(configurations)
            ]
        new = updated(domain, changes)
        domain.clear()
        domain.update(new)
        return copy.deepcopy(domain)

    @handler("DeleteDomainName", expand=False)
    def delete_domain_name(self, context: RequestContext, request: dict) -> None:
        store = self._store(context)
        self._domain_name(context, request["DomainName"])
        del store.domain_names[request["DomainName"]]
        store.api_mappings.pop(request["DomainName"], None)

    def _validate_api_mapping(self, context: RequestContext, mappings: dict, mapping: dict) -> None:
        api = self._api(context, mapping.get("ApiId"))
        self._child(api.stages, "Stage", mapping.get("Stage"))
        key = mapping.get("ApiMappingKey", "")
        if any(
            m.get("ApiMappingKey", "") == key and m["ApiMappingId"] != mapping.get("ApiMappingId")
            for m in mappings.values()
        ):
            raise conflict(f"ApiMapping with key '{key}' already exists for this domain name")

    @handler("CreateApiMapping", expand=False)
    def create_api_mapping(self, context: RequestContext, request: dict) -> dict:
        self._domain_name(context, request["DomainName"])
        mappings = self._store(context).api_mappings.setdefault(request["DomainName"], {})
        mapping = members(request, "DomainName")
        self._validate_api_mapping(context, mappings, mapping)
        mapping["ApiMappingId"] = new_id(6)
        mappings[mapping["ApiMappingId"]] = mapping
        return copy.deepcopy(mapping)

    def _api_mappings(self, context: RequestContext, domain_name: str) -> dict:
        self._domain_name(context, domain_name)
        return self._store(context).api_mappings.setdefault(domain_name, {})

    @handler("GetApiMapping", expand=False)
    def get_api_mapping(self, context: RequestContext, request: dict) -> dict:
        mappings = self._api_mappings(context, request["DomainName"])
        return copy.deepcopy(self._child(mappings, "ApiMapping", request["ApiMappingId"]))

    @handler("GetApiMappings", expand=False)
    def get_api_mappings(self, context: RequestContext, request: dict) -> dict:
        return paginate(list(self._api_mappings(context, request["DomainName"]).values()), request)

    @handler("UpdateApiMapping", expand=False)
    def update_api_mapping(self, context: RequestContext, request: dict) -> dict:
        mappings = self._api_mappings(context, request["DomainName"])
        mapping = self._child(mappings, "ApiMapping", request["ApiMappingId"])
        new = updated(mapping, members(request, "DomainName"))
        self._validate_api_mapping(context, mappings, new)
        mapping.clear()
        mapping.update(new)
        return copy.deepcopy(mapping)

    @handler("DeleteApiMapping", expand=False)
    def delete_api_mapping(self, context: RequestContext, request: dict) -> None:
        mappings = self._api_mappings(context, request["DomainName"])
        self._child(mappings, "ApiMapping", request["ApiMappingId"])
        del mappings[request["ApiMappingId"]]
