"""What the inspector shows, as JSON documents, read where the state lives: APIs, stages and routes from the
control plane's stores (every account and region), live connections from the transport's registry. Nothing is
copied or cached here, so the page can never show a configuration that differs from what the APIs serve, and
nothing here writes: the inspector cannot change an API.
"""

from __future__ import annotations

import datetime
import re
import time
import typing as t

from ..control_plane.store import WebSocketApi, apigatewayv2_stores
from ..execute_api.context import ConnectionInfo
from ..execute_api.transport import connections as registry
from .recorder import ConnectionStats, recorder

LAMBDA_URI = re.compile(
    r"^arn:[^:]+:apigateway:[^:]+:lambda:path/[^/]+/functions/(?P<function>.+)/invocations$"
)
OPENING_GRACE_SECONDS = 10.0
"""How long a connection whose $connect succeeded may be missing from the registry (accepted a moment later)
before the inspector forgets it (its upgrade failed after the $connect: no DISCONNECT will come)."""


def iso(value: t.Any) -> t.Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return value


def json_default(value: t.Any) -> t.Any:
    if isinstance(value, datetime.datetime):
        return iso(value)
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    return str(value)


def integration_target(integration: dict | None) -> str | None:
    """The function ARN of a Lambda integration, the URI of an HTTP one, None for MOCK."""
    if not integration:
        return None
    uri = integration.get("IntegrationUri")
    if uri and (match := LAMBDA_URI.match(uri)):
        return match["function"]
    return uri


def _authorizer(authorizer: dict | None) -> dict | None:
    if not authorizer:
        return None
    return {
        "authorizerId": authorizer.get("AuthorizerId"),
        "name": authorizer.get("Name"),
        "authorizerType": authorizer.get("AuthorizerType"),
        "identitySource": authorizer.get("IdentitySource") or [],
        "target": integration_target({"IntegrationUri": authorizer.get("AuthorizerUri")}),
    }


def _route(api: WebSocketApi, route: dict) -> dict:
    target = route.get("Target") or ""
    integration_id = target.split("/", 1)[1] if target.startswith("integrations/") else None
    integration = api.integrations.get(integration_id) if integration_id else None
    responses = api.route_responses.get(route["RouteId"], {})
    return {
        "routeId": route["RouteId"],
        "routeKey": route["RouteKey"],
        "authorizationType": route.get("AuthorizationType"),
        "apiKeyRequired": bool(route.get("ApiKeyRequired")),
        "authorizer": _authorizer(api.authorizers.get(route.get("AuthorizerId") or "")),
        "integration": {
            "integrationId": integration["IntegrationId"],
            "type": integration.get("IntegrationType"),
            "target": integration_target(integration),
            "method": integration.get("IntegrationMethod"),
            "timeoutInMillis": integration.get("TimeoutInMillis"),
        }
        if integration
        else None,
        "routeResponseSelectionExpression": route.get("RouteResponseSelectionExpression"),
        "routeResponses": [
            {"routeResponseId": response["RouteResponseId"], "routeResponseKey": response["RouteResponseKey"]}
            for response in responses.values()
        ],
        "twoWay": bool(responses),
    }


def _stage(api: WebSocketApi, stage: dict) -> dict:
    deployment_id = stage.get("DeploymentId")
    return {
        "stageName": stage["StageName"],
        "deploymentId": deployment_id,
        "deployed": deployment_id in api.deployments,
        "autoDeploy": bool(stage.get("AutoDeploy")),
        "stageVariables": dict(stage.get("StageVariables") or {}),
        "description": stage.get("Description"),
        "lastUpdatedDate": iso(stage.get("LastUpdatedDate")),
        "path": f"/_aws/execute-api/{api.api_id}/{stage['StageName']}",
    }


def api_document(api: WebSocketApi) -> dict:
    with api.lock:
        document = api.api
        return {
            "apiId": api.api_id,
            "name": document.get("Name"),
            "accountId": api.account_id,
            "region": api.region,
            "description": document.get("Description"),
            "routeSelectionExpression": document.get("RouteSelectionExpression"),
            "apiEndpoint": document.get("ApiEndpoint"),
            "createdDate": iso(document.get("CreatedDate")),
            "stages": [_stage(api, stage) for stage in api.stages.values()],
            "routes": sorted(
                (_route(api, route) for route in api.routes.values()), key=lambda route: route["routeKey"]
            ),
            "authorizers": [_authorizer(authorizer) for authorizer in api.authorizers.values()],
        }


def apis() -> list[dict]:
    """Every WebSocket API of every account and region, oldest first."""
    found = [
        api_document(api)
        for _, _, store in apigatewayv2_stores.iter_stores()
        for api in list(store.apis.values())
    ]
    return sorted(found, key=lambda api: (str(api["createdDate"] or ""), api["apiId"]))


def _connection(info: ConnectionInfo, stats: ConnectionStats | None, state: str, connection=None) -> dict:
    authorizer = dict(info.authorizer or {})
    principal = authorizer.pop("principalId", None)
    authorizer.pop("integrationLatency", None)
    document = {
        "connectionId": info.connection_id,
        "apiId": info.api_id,
        "stage": info.stage,
        "accountId": info.account_id,
        "region": info.region,
        "state": state,
        "connectedAt": info.connected_at,
        "lastActiveAt": connection.last_active_at if connection is not None else info.connected_at,
        "sourceIp": info.source_ip,
        "userAgent": info.user_agent,
        "subprotocol": connection.subprotocol if connection is not None else (stats and stats.subprotocol),
        "principalId": principal,
        "authorizerContext": authorizer,
        "apiKeyId": info.api_key[1] if info.api_key else None,
        "query": info.raw_uri.partition("?")[2],
    }
    document.update(
        stats.counters()
        if stats
        else {"framesIn": None, "bytesIn": None, "framesOut": None, "bytesOut": None}
    )
    return document


def live_connections(api: str | None = None, stage: str | None = None) -> list[dict]:
    """The connections of the registry (open, or in their closing handshake), and those whose $connect just
    succeeded and that the transport is accepting, oldest first."""
    known = recorder.known_connections()
    found = []
    listed = set()
    for connection in registry.snapshot():
        info = connection.info
        if not isinstance(info, ConnectionInfo):
            continue
        listed.add(info.connection_id)
        if (api is None or info.api_id == api) and (stage is None or info.stage == stage):
            state = "open" if connection.is_open else "closing"
            found.append(_connection(info, known.get(info.connection_id), state, connection))
    now = time.monotonic()
    for connection_id, stats in known.items():
        if connection_id in listed:
            continue
        if now - stats.opened_at > OPENING_GRACE_SECONDS:
            recorder.forget_connection(connection_id, stats)
            continue
        info = stats.info
        if (api is None or info.api_id == api) and (stage is None or info.stage == stage):
            found.append(_connection(info, stats, "opening"))
    return sorted(found, key=lambda c: (c["connectedAt"], c["connectionId"]))


def connection_document(connection_id: str) -> dict | None:
    """One open connection, or None (unknown, closing or gone: what @connections answers 410 for)."""
    connection = registry.get(connection_id)
    if connection is None or not isinstance(connection.info, ConnectionInfo):
        return None
    return _connection(connection.info, recorder.stats(connection_id), "open", connection)


def status() -> dict:
    return {
        "enabled": recorder.active,
        "events": {"size": recorder.size, "lastSeq": recorder.last_seq},
        "payloadBytes": recorder.payload_bytes,
        "subscribers": recorder.subscriber_count,
        "connections": sum(1 for c in registry.snapshot() if isinstance(c.info, ConnectionInfo)),
    }
