"""State of the apigatewayv2 control plane, in LocalStack stores (per account and region).

Resources are kept in the shape GetX returns them (PascalCase members, as the generated API types), so an
operation answers with a copy of what is stored. A deployment keeps an immutable snapshot of everything a stage
serves; the data plane reads the snapshot, never the live configuration.
"""

import copy
import dataclasses
import threading

from localstack.constants import AWS_REGION_US_EAST_1, DEFAULT_AWS_ACCOUNT_ID
from localstack.services.stores import AccountRegionBundle, BaseStore, CrossAccountAttribute, LocalAttribute

from ..api.apigatewayv2 import (
    Api,
    ApiMapping,
    Authorizer,
    DomainName,
    Integration,
    IntegrationResponse,
    Model,
    Route,
    RouteResponse,
    Stage,
)
from ..api.apigatewayv2 import Deployment as DeploymentResource


@dataclasses.dataclass
class ApiSnapshot:
    """What a deployment froze: the API's routing configuration at deployment time."""

    api: Api
    routes: dict[str, Route]  # by route id
    route_responses: dict[str, dict[str, RouteResponse]]  # by route id, then route response id
    integrations: dict[str, Integration]
    integration_responses: dict[str, dict[str, IntegrationResponse]]  # by integration id, then response id
    authorizers: dict[str, Authorizer]
    models: dict[str, Model]

    def route_by_key(self, route_key: str) -> Route | None:
        return next((route for route in self.routes.values() if route["RouteKey"] == route_key), None)


@dataclasses.dataclass
class Deployment:
    resource: DeploymentResource
    snapshot: ApiSnapshot


@dataclasses.dataclass
class WebSocketApi:
    """One API and everything below it."""

    api: Api
    account_id: str
    region: str
    routes: dict[str, Route] = dataclasses.field(default_factory=dict)
    route_responses: dict[str, dict[str, RouteResponse]] = dataclasses.field(
        default_factory=dict
    )  # by route id
    integrations: dict[str, Integration] = dataclasses.field(default_factory=dict)
    integration_responses: dict[str, dict[str, IntegrationResponse]] = dataclasses.field(
        default_factory=dict
    )  # by integration
    authorizers: dict[str, Authorizer] = dataclasses.field(default_factory=dict)
    models: dict[str, Model] = dataclasses.field(default_factory=dict)
    stages: dict[str, Stage] = dataclasses.field(default_factory=dict)
    deployments: dict[str, Deployment] = dataclasses.field(default_factory=dict)
    # bumped by ResetAuthorizersCache: cached authorizer results of an older generation are stale
    authorizer_cache_generation: dict[str, int] = dataclasses.field(default_factory=dict)
    lock: threading.RLock = dataclasses.field(default_factory=threading.RLock, repr=False, compare=False)

    @property
    def api_id(self) -> str:
        return self.api["ApiId"]

    def snapshot(self) -> ApiSnapshot:
        return ApiSnapshot(
            api=copy.deepcopy(self.api),
            routes=copy.deepcopy(self.routes),
            route_responses=copy.deepcopy(self.route_responses),
            integrations=copy.deepcopy(self.integrations),
            integration_responses=copy.deepcopy(self.integration_responses),
            authorizers=copy.deepcopy(self.authorizers),
            models=copy.deepcopy(self.models),
        )

    def deployed_snapshot(self, stage_name: str) -> ApiSnapshot | None:
        """What ``stage_name`` serves now, or None (no such stage, or not deployed)."""
        stage = self.stages.get(stage_name)
        deployment = self.deployments.get(stage.get("DeploymentId")) if stage else None
        return deployment.snapshot if deployment else None

    def __getstate__(self):  # persistence (pickling) leaves the lock out
        state = self.__dict__.copy()
        state.pop("lock", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.lock = threading.RLock()


class ApiGatewayV2Store(BaseStore):
    apis: dict[str, WebSocketApi] = LocalAttribute(default=dict)
    domain_names: dict[str, DomainName] = LocalAttribute(default=dict)
    # domain name -> api mapping id -> ApiMapping
    api_mappings: dict[str, dict[str, ApiMapping]] = LocalAttribute(default=dict)
    # api id -> (account, region): the data plane knows only the id
    api_locations: dict[str, tuple[str, str]] = CrossAccountAttribute(default=dict)


apigatewayv2_stores = AccountRegionBundle("apigatewayv2", ApiGatewayV2Store)


def api_locations() -> dict[str, tuple[str, str]]:
    """api id -> (account, region), shared by every store of the bundle."""
    return apigatewayv2_stores[DEFAULT_AWS_ACCOUNT_ID][AWS_REGION_US_EAST_1].api_locations


def find_api(api_id: str) -> WebSocketApi | None:
    """The API with this id, in whatever account and region it lives (the data plane knows only the id)."""
    location = api_locations().get(api_id)
    if not location:
        return None
    account_id, region = location
    return apigatewayv2_stores[account_id][region].apis.get(api_id)
