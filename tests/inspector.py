"""Helpers of the inspector's tests (tests/test_inspector_*.py): its URLs, an API behind a Lambda authorizer, and
a reader of its server-sent event stream."""

import json
import queue
import threading
import uuid

import requests

from tests.lambdas import create_function
from tests.websocket_apps import WebSocketApp, add_route, deploy_app

PREFIX = "/_extension/localstack-ws-ext"
MOCK_TEMPLATE = '{"mocked": "$context.routeKey"}'


def base_url(localstack) -> str:
    return f"{localstack.endpoint}{PREFIX}"


def api_get(localstack, path: str, **kwargs) -> requests.Response:
    return requests.get(f"{base_url(localstack)}/api/{path}", timeout=30, **kwargs)


def events(localstack, **filters) -> list[dict]:
    response = api_get(localstack, "events", params=filters)
    assert response.status_code == 200, response.text
    return response.json()["events"]


def authorized_app(localstack) -> WebSocketApp:
    """deploy_app's API with a Lambda REQUEST authorizer on $connect (``?token=allow`` is allowed with principal
    ``user-allow`` and the context ``tenant=acme``..., ``?token=deny`` is denied: 403) and a two-way MOCK route
    ``mock``."""
    app = deploy_app(localstack)
    lambda_client = localstack.client("lambda")
    queue_url = localstack.client("sqs").create_queue(QueueName=f"inspector-auth-{uuid.uuid4().hex[:8]}")[
        "QueueUrl"
    ]
    name = create_function(
        lambda_client,
        "python/ws_authorizer",
        "python3.12",
        "index.handler",
        Timeout=10,
        Environment={"Variables": {"AUTH_EVENTS_QUEUE_URL": queue_url}},
    )
    function_arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    v2 = localstack.client("apigatewayv2")
    authorizer_id = v2.create_authorizer(
        ApiId=app.api_id,
        AuthorizerType="REQUEST",
        Name="token-authorizer",
        AuthorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations",
        IdentitySource=["route.request.querystring.token"],
    )["AuthorizerId"]
    v2.update_route(
        ApiId=app.api_id,
        RouteId=app.routes["$connect"],
        AuthorizationType="CUSTOM",
        AuthorizerId=authorizer_id,
    )
    add_route(
        v2,
        app.api_id,
        "mock",
        {"IntegrationType": "MOCK", "RequestTemplates": {"$default": '{"statusCode": 200}'}},
        responses={"$default": MOCK_TEMPLATE},
    )
    v2.create_deployment(ApiId=app.api_id, StageName=app.stage)
    app.authorizer_id = authorizer_id
    app.authorizer_function = name
    return app


class StreamReader:
    """Reads ``api/stream`` on a thread: ``next_events(n)`` returns the next ``n`` timeline events."""

    def __init__(self, localstack, headers: dict | None = None, **params):
        self.response = requests.get(
            f"{base_url(localstack)}/api/stream", params=params, headers=headers, stream=True, timeout=60
        )
        self.status_code = self.response.status_code
        self.content_type = self.response.headers.get("Content-Type")
        self.items: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._read, daemon=True)
        if self.status_code == 200:
            self.thread.start()

    def _read(self):
        name, event_id, data = "message", None, []
        try:
            for raw in self.response.iter_lines(decode_unicode=True):
                if raw == "":
                    if data:
                        self.items.put((name, event_id, json.loads("\n".join(data))))
                    name, event_id, data = "message", None, []
                elif raw.startswith(":"):
                    self.items.put(("comment", None, raw))
                else:
                    field, _, value = raw.partition(": ")
                    if field == "event":
                        name = value
                    elif field == "id":
                        event_id = value
                    elif field == "data":
                        data.append(value)
        except Exception as error:  # the stream ended (closed by the test or the server)
            self.items.put(("ended", None, repr(error)))
        else:
            self.items.put(("ended", None, None))

    def next_items(self, count: int, timeout: float = 30, kinds: tuple[str, ...] = ("message",)) -> list:
        found = []
        while len(found) < count:
            name, event_id, data = self.items.get(timeout=timeout)
            if name in kinds:
                found.append((name, event_id, data))
        return found

    def next_events(self, count: int, timeout: float = 30) -> list[dict]:
        return [data for _, _, data in self.next_items(count, timeout)]

    def close(self):
        self.response.close()
