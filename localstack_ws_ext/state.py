"""The extension's own state endpoints: community LocalStack has none.

- ``POST /_extension/localstack-ws-ext/state/reset`` forgets every WebSocket API, domain name and API mapping in
  every account and region.
- ``GET /_extension/localstack-ws-ext/apis/<api_id>/stages/<stage>/deployment`` shows what a stage serves: the
  snapshot its deployment froze (routes, integrations, responses, authorizers, models), which is not the live
  configuration until the API is deployed again.

Hosts with persistence snapshot the same stores through the provider's ``accept_state_visitor``.
"""

import dataclasses
import json
import logging

from localstack.http import Request, Response, route

from .control_plane.store import apigatewayv2_stores, find_api

LOG = logging.getLogger(__name__)
PREFIX = "/_extension/localstack-ws-ext"


def reset_state() -> None:
    apigatewayv2_stores.reset()
    LOG.info("localstack-ws-ext: state reset")


class StateResource:
    @route(f"{PREFIX}/state/reset", methods=["POST"])
    def reset(self, request: Request) -> Response:
        reset_state()
        return Response.for_json({"reset": ["apigatewayv2"]})

    @route(f"{PREFIX}/apis/<api_id>/stages/<stage>/deployment", methods=["GET"])
    def deployment(self, request: Request, api_id: str, stage: str) -> Response:
        api = find_api(api_id)
        if api is None or stage not in api.stages:
            return Response.for_json({"message": f"No stage {stage} in API {api_id}"}, status=404)
        snapshot = api.deployed_snapshot(stage)
        if snapshot is None:
            return Response.for_json(
                {"message": f"Stage {stage} of API {api_id} is not deployed"}, status=404
            )
        document = {"deploymentId": api.stages[stage]["DeploymentId"], **dataclasses.asdict(snapshot)}
        return Response(json.dumps(document, default=str), mimetype="application/json")
