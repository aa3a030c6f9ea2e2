"""What a route leads to in the deployment a stage serves (``ApiSnapshot``), read with the generated API
types: its integration, its integration's responses, its authorizer, and whether it answers the client."""

from ..api.apigatewayv2 import Authorizer, Integration, IntegrationResponse, Route
from ..control_plane.store import ApiSnapshot

INTEGRATION_TARGET = "integrations/"


def route_integration(snapshot: ApiSnapshot, route: Route) -> Integration | None:
    """The integration of the route's ``Target`` (``integrations/{id}``), if it has one."""
    target = route.get("Target") or ""
    if not target.startswith(INTEGRATION_TARGET):
        return None
    return snapshot.integrations.get(target.removeprefix(INTEGRATION_TARGET))


def integration_responses(snapshot: ApiSnapshot, integration: Integration) -> dict[str, IntegrationResponse]:
    return snapshot.integration_responses.get(integration["IntegrationId"], {})


def route_authorizer(snapshot: ApiSnapshot, route: Route) -> Authorizer | None:
    return snapshot.authorizers.get(route.get("AuthorizerId") or "")


def is_two_way(snapshot: ApiSnapshot, route: Route | None) -> bool:
    """Whether the route answers the client: its RouteResponseSelectionExpression is ``$default`` and it has
    the ``$default`` route response (docs/aws-behaviour.md §5)."""
    if route is None or route.get("RouteResponseSelectionExpression") != "$default":
        return False
    responses = snapshot.route_responses.get(route.get("RouteId"), {})
    return any(response.get("RouteResponseKey") == "$default" for response in responses.values())
