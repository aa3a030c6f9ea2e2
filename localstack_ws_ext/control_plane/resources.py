"""The kinds of apigatewayv2 resources, each described once: how one is identified, where it is kept, what a new
one holds, how many there may be, what checks it and what protects it from deletion. ``crud`` is written over them.

An API owns everything below it: those kinds are kept in its ``WebSocketApi`` (``attribute`` names the collection);
APIs, domain names and API mappings in the region's store. A kind with a parent is kept per parent resource
(route responses per route), as the REST paths nest them: ``/apis/{apiId}/routes/{routeId}/routeresponses``.
"""

import dataclasses
from collections.abc import Callable

from . import validation
from .generated import now
from .store import WebSocketApi

Validator = Callable[[WebSocketApi, dict, dict], None]
"""``(api, siblings, resource)``: raises the error AWS answers for a resource that would be stored so."""


def _no_defaults(request: dict) -> dict:
    return {}


@dataclasses.dataclass(frozen=True)
class ResourceKind:
    name: str
    """AWS's name for it in errors: ``Invalid <name> identifier specified <id>``, and the ResourceType member."""
    id_member: str
    """The member that identifies one, in requests and in the resource itself."""
    attribute: str
    """The collection its owner keeps them in; also AWS's plural in quota messages ("Maximum number of routes")."""
    id_length: int | None = None
    """Length of generated ids; None where the create request names it (StageName, DomainName)."""
    parent: "ResourceKind | None" = None
    """Kept per resource of this kind (route responses per route); None: kept by the owner itself."""
    quota: int | None = None
    """How many one API may have (TooManyRequestsException beyond)."""
    defaults: Callable[[dict], dict] = _no_defaults
    """What a create request leaves unset, from that request."""
    validate: Validator | None = None
    """Checks a resource as create or update would store it (kinds that ``crud.create`` makes)."""
    unused: Callable[[WebSocketApi, object], None] | None = None
    """Refuses deleting one that something else still uses."""
    deployed: bool = False
    """Part of what a deployment snapshots: a change to one redeploys the stages that have AutoDeploy."""

    @property
    def addressing(self) -> tuple[str, ...]:
        """The request members that address a resource's parents (not members of the resource itself)."""
        return (*self.parent.addressing, self.parent.id_member) if self.parent else ()


DEFAULT_ROUTE_SETTINGS = {
    "DataTraceEnabled": False,
    "DetailedMetricsEnabled": False,
    "ThrottlingBurstLimit": 5000,
    "ThrottlingRateLimit": 10000.0,
}


def _api_defaults(request: dict) -> dict:
    return {
        "ApiKeySelectionExpression": "$request.header.x-api-key",
        "CreatedDate": now(),
        "DisableExecuteApiEndpoint": False,
        "IpAddressType": "ipv4",
    }


def _route_defaults(request: dict) -> dict:
    return {"ApiKeyRequired": False, "AuthorizationType": "NONE"}


def _integration_defaults(request: dict) -> dict:
    defaults = {
        "ConnectionType": "INTERNET",
        "PassthroughBehavior": "WHEN_NO_MATCH",
        "PayloadFormatVersion": "1.0",
        "TimeoutInMillis": 29000,
    }
    if request.get("IntegrationType") in ("AWS", "AWS_PROXY"):
        defaults["IntegrationMethod"] = "POST"  # AWS service actions are called with POST
    return defaults


def _stage_defaults(request: dict) -> dict:
    return {
        "CreatedDate": now(),
        "LastUpdatedDate": now(),
        "RouteSettings": {},
        "StageVariables": {},
        "Tags": {},
        "DefaultRouteSettings": dict(DEFAULT_ROUTE_SETTINGS),
    }


def _domain_name_defaults(request: dict) -> dict:
    return {"ApiMappingSelectionExpression": "$request.basepath"}


API = ResourceKind(name="API", id_member="ApiId", attribute="apis", id_length=10, defaults=_api_defaults)
ROUTE = ResourceKind(
    name="Route",
    id_member="RouteId",
    attribute="routes",
    id_length=7,
    quota=300,
    defaults=_route_defaults,
    validate=validation.route,
    deployed=True,
)
ROUTE_RESPONSE = ResourceKind(
    name="RouteResponse",
    id_member="RouteResponseId",
    attribute="route_responses",
    id_length=6,
    parent=ROUTE,
    validate=validation.route_response,
    deployed=True,
)
INTEGRATION = ResourceKind(
    name="Integration",
    id_member="IntegrationId",
    attribute="integrations",
    id_length=7,
    quota=300,
    defaults=_integration_defaults,
    validate=validation.integration,
    unused=validation.unused_integration,
    deployed=True,
)
INTEGRATION_RESPONSE = ResourceKind(
    name="IntegrationResponse",
    id_member="IntegrationResponseId",
    attribute="integration_responses",
    id_length=6,
    parent=INTEGRATION,
    validate=validation.integration_response,
    deployed=True,
)
AUTHORIZER = ResourceKind(
    name="Authorizer",
    id_member="AuthorizerId",
    attribute="authorizers",
    id_length=6,
    quota=10,
    validate=validation.authorizer,
    unused=validation.unused_authorizer,
    deployed=True,
)
MODEL = ResourceKind(
    name="Model",
    id_member="ModelId",
    attribute="models",
    id_length=6,
    validate=validation.model,
    unused=validation.unused_model,
    deployed=True,
)
STAGE = ResourceKind(
    name="Stage", id_member="StageName", attribute="stages", quota=10, defaults=_stage_defaults
)
DEPLOYMENT = ResourceKind(
    name="Deployment",
    id_member="DeploymentId",
    attribute="deployments",
    id_length=6,
    unused=validation.unused_deployment,
)
DOMAIN_NAME = ResourceKind(
    name="DomainName", id_member="DomainName", attribute="domain_names", defaults=_domain_name_defaults
)
API_MAPPING = ResourceKind(
    name="ApiMapping", id_member="ApiMappingId", attribute="api_mappings", id_length=6, parent=DOMAIN_NAME
)

KINDS = (
    API,
    ROUTE,
    ROUTE_RESPONSE,
    INTEGRATION,
    INTEGRATION_RESPONSE,
    AUTHORIZER,
    MODEL,
    STAGE,
    DEPLOYMENT,
    DOMAIN_NAME,
    API_MAPPING,
)


def children(kind: ResourceKind) -> tuple[ResourceKind, ...]:
    """The kinds kept per resource of ``kind``: created empty with it, deleted with it."""
    return tuple(child for child in KINDS if child.parent is kind)
