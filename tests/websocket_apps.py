"""Deployed WebSocket APIs backed by the ws_app test functions, and ways to watch what they receive."""

import dataclasses
import json
import time
import uuid

from websockets.sync.client import connect

from tests.lambdas import create_function

RSE = "$request.body.action"

# requestContext of a CONNECT event (and of the authorizer's event), in AWS's order
CONNECT_CONTEXT_KEYS = [
    "routeKey",
    "eventType",
    "extendedRequestId",
    "requestTime",
    "messageDirection",
    "stage",
    "connectedAt",
    "requestTimeEpoch",
    "identity",
    "requestId",
    "domainName",
    "connectionId",
    "apiId",
]


@dataclasses.dataclass
class WebSocketApp:
    localstack: object
    api_id: str
    stage: str
    function_name: str
    queue_url: str
    routes: dict[str, str]  # route key -> route id

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.localstack.port}/_aws/execute-api/{self.api_id}/{self.stage}"

    def connect(self, query: str = "", **kwargs):
        return connect(self.url + (f"?{query}" if query else ""), open_timeout=30, **kwargs)

    def events(self, count: int, timeout: float = 20, connection_id: str | None = None) -> list[dict]:
        """The next ``count`` recorded events (of one connection, if given), in the order the function
        recorded them: the queue is FIFO with a single message group, so it hands them out in the order they
        were sent (the events of one connection reach the function one after the other, so that is also the
        order in which they happened)."""
        sqs = self.localstack.client("sqs")
        found: list[dict] = []
        deadline = time.monotonic() + timeout
        while len(found) < count and time.monotonic() < deadline:
            response = sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            for message in response.get("Messages", []):
                sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
                record = json.loads(message["Body"])
                if (
                    connection_id is None
                    or record["event"]["requestContext"]["connectionId"] == connection_id
                ):
                    found.append(record)
        assert len(found) >= count, f"expected {count} events, got {len(found)}: {found}"
        return found

    def drain(self) -> None:
        """Forgets events left over by earlier tests, including a $disconnect still on its way (the queue must
        stay quiet for a second)."""
        sqs = self.localstack.client("sqs")
        for _ in range(100):
            if not self._take(sqs, wait=1):
                return

    def no_more_events(self, wait: float = 2) -> bool:
        return not self._take(self.localstack.client("sqs"), wait)

    def _take(self, sqs, wait: float) -> list[dict]:
        """One receive, and its messages deleted: a FIFO queue holds the rest of a message group back while a
        received message is neither deleted nor expired."""
        messages = sqs.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=int(wait)
        ).get("Messages", [])
        for message in messages:
            sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
        return messages


def new_api(v2, prefix: str, route_selection_expression: str = "$request.body.action") -> str:
    """A new WebSocket API named ``<prefix>-<random>``; returns its id."""
    return v2.create_api(
        Name=f"{prefix}-{uuid.uuid4().hex[:6]}",
        ProtocolType="WEBSOCKET",
        RouteSelectionExpression=route_selection_expression,
    )["ApiId"]


def add_route(
    v2,
    api_id: str,
    route_key: str,
    integration: dict,
    two_way: bool = True,
    responses: dict[str, str] | None = None,
) -> str:
    """A route to a new integration (``integration``: CreateIntegration members), two-way or not, with integration
    responses (key -> response template); returns the integration id."""
    integration_id = v2.create_integration(ApiId=api_id, **integration)["IntegrationId"]
    for key, template in (responses or {}).items():
        v2.create_integration_response(
            ApiId=api_id,
            IntegrationId=integration_id,
            IntegrationResponseKey=key,
            ResponseTemplates={"$default": template},
        )
    kwargs = {"RouteResponseSelectionExpression": "$default"} if two_way else {}
    route_id = v2.create_route(
        ApiId=api_id, RouteKey=route_key, Target=f"integrations/{integration_id}", **kwargs
    )["RouteId"]
    if two_way:
        v2.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")
    return integration_id


def connection_id_api(v2, prefix: str, stage: str = "dev") -> str:
    """A WebSocket API whose every message is answered ``{"connectionId": ...}`` (MOCK: no function in the way),
    deployed to ``stage``; returns its id."""
    api_id = new_api(v2, prefix)
    add_route(
        v2,
        api_id,
        "$default",
        {"IntegrationType": "MOCK", "RequestTemplates": {"$default": '{"statusCode": 200}'}},
        responses={"$default": '{"connectionId": "$context.connectionId"}'},
    )
    v2.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
    return api_id


def lambda_proxy_api(
    localstack,
    function_arn: str,
    routes: tuple[str, ...] = ("$connect", "$disconnect", "$default"),
    two_way: tuple[str, ...] = ("$default",),
    stage: str = "dev",
    route_selection_expression: str = RSE,
    stage_variables: dict | None = None,
) -> tuple[str, dict[str, str]]:
    """A deployed API whose routes all proxy to one function (an integration each); returns its id and route
    ids by key."""
    v2 = localstack.client("apigatewayv2")
    api_id = new_api(v2, "app", route_selection_expression)
    integration = {
        "IntegrationType": "AWS_PROXY",
        "IntegrationUri": f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations",
    }
    for key in routes:
        add_route(v2, api_id, key, integration, two_way=key in two_way)
    route_ids = {route["RouteKey"]: route["RouteId"] for route in v2.get_routes(ApiId=api_id)["Items"]}
    v2.create_stage(ApiId=api_id, StageName=stage, StageVariables=stage_variables or {})
    v2.create_deployment(ApiId=api_id, StageName=stage)
    return api_id, route_ids


def deploy_app(localstack, runtime: str = "python3.12", stage: str = "dev", **api_options) -> WebSocketApp:
    """A ws_app function (tests/functions/*/ws_app) that records its events in a FIFO queue, behind an API."""
    lambda_client = localstack.client("lambda")
    queue_url = localstack.client("sqs").create_queue(
        QueueName=f"ws-events-{uuid.uuid4().hex[:8]}.fifo", Attributes={"FifoQueue": "true"}
    )["QueueUrl"]
    fixture = "python/ws_app" if runtime.startswith("python") else "nodejs/ws_app"
    function_name = create_function(
        lambda_client,
        fixture,
        runtime,
        "index.handler",
        Timeout=30,
        Environment={"Variables": {"EVENTS_QUEUE_URL": queue_url}},
    )
    function_arn = lambda_client.get_function(FunctionName=function_name)["Configuration"]["FunctionArn"]
    api_id, route_ids = lambda_proxy_api(localstack, function_arn, stage=stage, **api_options)
    return WebSocketApp(localstack, api_id, stage, function_name, queue_url, route_ids)


def deploy_app_with_mock_route(localstack, route_key: str, response_template: str) -> WebSocketApp:
    """deploy_app's API (ws_app on $connect, $disconnect, $default) with a two-way MOCK route beside, deployed."""
    app = deploy_app(localstack)
    v2 = localstack.client("apigatewayv2")
    add_route(
        v2,
        app.api_id,
        route_key,
        {"IntegrationType": "MOCK", "RequestTemplates": {"$default": '{"statusCode": 200}'}},
        responses={"$default": response_template},
    )
    v2.create_deployment(ApiId=app.api_id, StageName=app.stage)
    return app


def default_route_api(v2, name: str) -> str:
    """A WebSocket API with one ``$default`` route (no integration) deployed to an auto-deploying ``dev`` stage."""
    api_id = v2.create_api(Name=name, ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.a")[
        "ApiId"
    ]
    v2.create_route(ApiId=api_id, RouteKey="$default")
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return api_id


def mock_rest_api(apigw, path_part: str, answer: str) -> str:
    """A REST API (apigateway, served by next_gen) deployed to ``dev``: ``GET /{path_part}`` (``""``: the root)
    answers ``answer`` from a MOCK integration."""
    api_id = apigw.create_rest_api(name=f"rest-{uuid.uuid4().hex[:6]}")["id"]
    resource_id = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    if path_part:
        resource_id = apigw.create_resource(restApiId=api_id, parentId=resource_id, pathPart=path_part)["id"]
    method = dict(restApiId=api_id, resourceId=resource_id, httpMethod="GET")
    apigw.put_method(**method, authorizationType="NONE")
    apigw.put_integration(**method, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    apigw.put_method_response(**method, statusCode="200")
    apigw.put_integration_response(**method, statusCode="200", responseTemplates={"application/json": answer})
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    return api_id
