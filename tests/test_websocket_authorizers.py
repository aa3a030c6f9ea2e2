"""Authorization on $connect end to end (docs/aws-behaviour.md §10): Lambda REQUEST authorizers (Python and
Node.js), AWS_IAM with SigV4-signed handshakes, API keys from usage plans; real LocalStack, real functions, a
real WebSocket client. Every allow / deny / 401 / 403 / 500 path, what reaches later events and templates, and
the authorizer result cache."""

import json
import re
import time
import uuid

import pytest
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from websockets.exceptions import InvalidStatus

from tests.lambdas import create_function
from tests.websocket_apps import CONNECT_CONTEXT_KEYS, add_route, deploy_app

WHOAMI_TEMPLATE = (
    '{"principal": "$context.authorizer.principalId", "tenant": "$context.authorizer.tenant", '
    '"admin": "$context.authorizer.admin", "apiKeyId": "$context.identity.apiKeyId", '
    '"caller": "$context.identity.caller"}'
)
AUTHORIZER_CONTEXT = {"tenant": "acme", "admin": "true", "limit": "10", "ratio": "1.5", "nothing": None}


class Recorder:
    """The events an authorizer function recorded in its queue."""

    def __init__(self, localstack, queue_url: str):
        self.sqs = localstack.client("sqs")
        self.queue_url = queue_url

    def records(self, count: int, timeout: float = 20) -> list[dict]:
        found: list[dict] = []
        deadline = time.monotonic() + timeout
        while len(found) < count and time.monotonic() < deadline:
            response = self.sqs.receive_message(
                QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1
            )
            for message in response.get("Messages", []):
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
                found.append(json.loads(message["Body"]))
        assert len(found) >= count, f"expected {count} authorizer calls, got {len(found)}"
        return found

    def count(self, wait: float = 1.5) -> int:
        """How many calls arrive within ``wait`` seconds of quiet (and forgets them)."""
        total = 0
        while True:
            messages = self.sqs.receive_message(
                QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=max(1, int(wait))
            ).get("Messages", [])
            if not messages:
                return total
            for message in messages:
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
            total += len(messages)


@pytest.fixture(scope="module")
def auth_recorder(localstack):
    queue_url = localstack.client("sqs").create_queue(QueueName=f"auth-events-{uuid.uuid4().hex[:8]}")[
        "QueueUrl"
    ]
    return Recorder(localstack, queue_url)


def authorizer_function(localstack, recorder: Recorder, runtime: str) -> str:
    fixture, handler = ("python/ws_authorizer", "index.handler")
    if runtime.startswith("nodejs"):
        fixture = "nodejs/ws_authorizer"
    lambda_client = localstack.client("lambda")
    name = create_function(
        lambda_client,
        fixture,
        runtime,
        handler,
        Timeout=3,
        Environment={"Variables": {"AUTH_EVENTS_QUEUE_URL": recorder.queue_url}},
    )
    return lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]


@pytest.fixture(scope="module")
def python_authorizer(localstack, auth_recorder):
    return authorizer_function(localstack, auth_recorder, "python3.12")


@pytest.fixture(scope="module")
def node_authorizer(localstack, auth_recorder, node_runtimes):
    if "nodejs20.x" not in node_runtimes:
        pytest.skip("no interpreter for nodejs20.x")
    return authorizer_function(localstack, auth_recorder, "nodejs20.x")


def invocation_uri(function_arn: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def protect(localstack, app, stage: str = "dev", **route_changes) -> None:
    """Changes the app's $connect route (authorization), adds a two-way MOCK route ``whoami`` answering with
    ``$context.authorizer`` / ``$context.identity`` and redeploys the stage."""
    v2 = localstack.client("apigatewayv2")
    v2.update_route(ApiId=app.api_id, RouteId=app.routes["$connect"], **route_changes)
    if "whoami" not in app.routes:
        add_route(
            v2,
            app.api_id,
            "whoami",
            {"IntegrationType": "MOCK", "RequestTemplates": {"$default": '{"statusCode": 200}'}},
            responses={"$default": WHOAMI_TEMPLATE},
        )
        app.routes["whoami"] = "added"
    v2.create_deployment(ApiId=app.api_id, StageName=stage)


def add_authorizer(localstack, app, function_arn: str, sources: list[str], **kwargs) -> str:
    return localstack.client("apigatewayv2").create_authorizer(
        ApiId=app.api_id,
        AuthorizerType="REQUEST",
        Name=f"auth-{uuid.uuid4().hex[:6]}",
        AuthorizerUri=invocation_uri(function_arn),
        IdentitySource=sources,
        **kwargs,
    )["AuthorizerId"]


def custom_app(localstack, function_arn: str, sources: list[str], **kwargs):
    app = deploy_app(localstack, stage_variables={"color": "blue"})
    authorizer_id = add_authorizer(localstack, app, function_arn, sources, **kwargs)
    protect(localstack, app, AuthorizationType="CUSTOM", AuthorizerId=authorizer_id)
    app.authorizer_id = authorizer_id
    return app


def handshake_status(app, query: str = "", **kwargs) -> int:
    """101 if the handshake succeeds (the connection is closed again at once), else the refused status."""
    try:
        with app.connect(query, **kwargs):
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


def refused(app, query: str = "", **kwargs):
    with pytest.raises(InvalidStatus) as failure:
        with app.connect(query, **kwargs):
            pass
    return failure.value.response


def whoami(ws) -> dict:
    ws.send('{"action": "whoami"}')
    return json.loads(ws.recv(timeout=20))


@pytest.fixture(scope="module")
def python_app(localstack, python_authorizer):
    return custom_app(localstack, python_authorizer, ["route.request.querystring.token"])


@pytest.fixture(scope="module")
def nodejs_app(localstack, node_authorizer):
    return custom_app(localstack, node_authorizer, ["route.request.querystring.token"])


@pytest.fixture(params=["python", "nodejs"])
def authorized_app(request, auth_recorder):
    app = request.getfixturevalue(f"{request.param}_app")
    app.drain()
    auth_recorder.count(wait=1)
    return app


# --- Lambda REQUEST authorizers -----------------------------------------------------------------------------


def test_allowed_connection_carries_the_authorizer_into_every_event_and_template(
    authorized_app, auth_recorder, localstack
):
    app = authorized_app
    with app.connect(
        "token=allow-1", additional_headers={"X-Custom": "v1"}, user_agent_header="agent/1"
    ) as ws:
        assert whoami(ws) == {
            "principal": "user-allow-1",
            "tenant": "acme",
            "admin": "true",
            "apiKeyId": "",
            "caller": "",
        }
        ws.send("hello")
        ws.recv(timeout=20)
    connect_event, message_event, disconnect_event = (r["event"] for r in app.events(3))

    (call,) = auth_recorder.records(1)
    event = call["event"]
    assert list(event) == [
        "type",
        "methodArn",
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "stageVariables",
        "requestContext",
    ]
    assert event["type"] == "REQUEST"
    assert event["methodArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{app.api_id}/dev/$connect"
    headers = event["headers"]
    assert headers["X-Custom"] == "v1"
    assert headers["Connection"] == "Upgrade" and headers["Upgrade"] == "websocket"
    assert headers["content-length"] == "0"
    assert headers["X-Forwarded-For"] == "127.0.0.1"
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", headers["X-Amzn-Trace-Id"])
    assert event["multiValueHeaders"] == {name: [value] for name, value in headers.items()}
    assert event["queryStringParameters"] == {"token": "allow-1"}
    assert event["multiValueQueryStringParameters"] == {"token": ["allow-1"]}
    assert event["stageVariables"] == {"color": "blue"}
    context = event["requestContext"]
    assert list(context) == CONNECT_CONTEXT_KEYS
    assert context["routeKey"] == "$connect" and context["eventType"] == "CONNECT"
    assert context["identity"] == {"userAgent": "agent/1", "sourceIp": "127.0.0.1"}
    # the authorizer's request is the $connect request: same connection, request id and time
    for key in (
        "connectionId",
        "requestId",
        "connectedAt",
        "requestTimeEpoch",
        "domainName",
        "apiId",
        "stage",
    ):
        assert context[key] == connect_event["requestContext"][key], key

    authorizer = connect_event["requestContext"]["authorizer"]
    assert list(authorizer)[:2] == ["principalId", "integrationLatency"]
    assert isinstance(authorizer["integrationLatency"], int) and authorizer["integrationLatency"] >= 0
    assert {k: v for k, v in authorizer.items() if k != "integrationLatency"} == {
        "principalId": "user-allow-1",
        **AUTHORIZER_CONTEXT,
    }
    assert message_event["requestContext"]["authorizer"] == authorizer
    assert disconnect_event["requestContext"]["authorizer"] == authorizer
    assert list(disconnect_event["requestContext"])[:4] == [
        "routeKey",
        "disconnectStatusCode",
        "authorizer",
        "eventType",
    ]
    assert auth_recorder.count() == 0  # once per connection: not on messages, not on $disconnect


@pytest.mark.parametrize(
    "token, status, message, error_type",
    [
        ("allow-2", 101, None, None),
        ("stage-wildcard", 101, None, None),
        ("api-wildcard", 101, None, None),
        ("deny", 403, "Forbidden", "AccessDeniedException"),
        ("rest-style", 403, "Forbidden", "AccessDeniedException"),
        ("other-route", 403, "Forbidden", "AccessDeniedException"),
        ("unauthorized", 401, "Unauthorized", "UnauthorizedException"),
        ("crash", 500, "Internal server error", "AuthorizerConfigurationException"),
        ("string", 500, "Internal server error", "AuthorizerConfigurationException"),
        ("nested", 500, "Internal server error", "AuthorizerConfigurationException"),
        ("big", 500, "Internal server error", "AuthorizerConfigurationException"),
        ("no-policy", 500, "Internal server error", "AuthorizerConfigurationException"),
    ],
)
def test_authorizer_outcomes(authorized_app, auth_recorder, token, status, message, error_type):
    app = authorized_app
    if status == 101:
        assert handshake_status(app, f"token={token}") == 101
        assert app.events(2)[0]["event"]["requestContext"]["authorizer"]["principalId"] == f"user-{token}"
    else:
        response = refused(app, f"token={token}")
        assert response.status_code == status
        assert json.loads(response.body) == {"message": message}
        assert response.headers["x-amzn-ErrorType"] == error_type
        assert app.no_more_events(wait=1)  # the $connect integration never ran
    assert [r["token"] for r in auth_recorder.records(1)] == [token]


def test_authorizer_timeout_is_a_500(authorized_app, auth_recorder):
    # the function's 3 s timeout ends it: had it slept its 30 s, it would have allowed the connection (101)
    assert handshake_status(authorized_app, "token=sleep") == 500
    assert [r["token"] for r in auth_recorder.records(1)] == ["sleep"]
    assert handshake_status(authorized_app, "token=allow-after-timeout") == 101  # and it recovers
    auth_recorder.records(1)


def test_missing_identity_source_is_401_without_invoking(authorized_app, auth_recorder):
    for query in ("", "token=", "other=1", "TOKEN=allow"):
        response = refused(authorized_app, query)
        assert response.status_code == 401
        assert json.loads(response.body) == {"message": "Unauthorized"}
    assert auth_recorder.count() == 0
    assert authorized_app.no_more_events(wait=1)


def test_header_stage_variable_and_context_identity_sources(localstack, python_authorizer, auth_recorder):
    app = custom_app(
        localstack,
        python_authorizer,
        ["route.request.header.Auth", "stageVariables.color", "context.routeKey"],
    )
    v2 = localstack.client("apigatewayv2")
    v2.create_stage(ApiId=app.api_id, StageName="nocolor")
    v2.create_deployment(ApiId=app.api_id, StageName="nocolor")
    auth_recorder.count(wait=1)

    assert handshake_status(app, additional_headers={"auth": "allow-h"}) == 101
    assert auth_recorder.records(1)[0]["event"]["headers"]["auth"] == "allow-h"
    assert handshake_status(app) == 401  # no Auth header
    assert handshake_status(app, additional_headers={"Auth": "deny"}) == 403
    auth_recorder.records(1)
    app.stage = "nocolor"  # the stage has no variable "color": a missing identity source
    assert handshake_status(app, additional_headers={"Auth": "allow-h"}) == 401
    assert auth_recorder.count() == 0


def test_authorizer_credentials_arn_is_used(localstack, python_authorizer, auth_recorder):
    iam = localstack.client("iam")
    role_name = f"apigw-auth-{uuid.uuid4().hex[:6]}"
    role_arn = iam.create_role(
        RoleName=role_name,
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "apigateway.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    app = custom_app(
        localstack, python_authorizer, ["route.request.querystring.token"], AuthorizerCredentialsArn=role_arn
    )
    auth_recorder.count(wait=1)
    assert handshake_status(app, "token=allow-role") == 101
    assert [r["token"] for r in auth_recorder.records(1)] == ["allow-role"]


def test_results_are_cached_by_identity_source_values(localstack, python_authorizer, auth_recorder):
    app = custom_app(
        localstack, python_authorizer, ["route.request.querystring.token"], AuthorizerResultTtlInSeconds=3
    )
    auth_recorder.count(wait=1)
    v2 = localstack.client("apigatewayv2")

    assert handshake_status(app, "token=allow-c") == 101
    assert handshake_status(app, "token=allow-c") == 101  # hit
    assert handshake_status(app, "token=allow-c&other=x") == 101  # hit: only identity sources count
    assert [r["token"] for r in auth_recorder.records(1)] == ["allow-c"]
    assert auth_recorder.count() == 0
    connects = [r["event"] for r in app.events(6) if r["event"]["requestContext"]["eventType"] == "CONNECT"]
    latencies = [e["requestContext"]["authorizer"]["integrationLatency"] for e in connects]
    assert latencies[1:] == [0, 0]  # cached: no authorizer call
    assert all(e["requestContext"]["authorizer"]["tenant"] == "acme" for e in connects)

    assert handshake_status(app, "token=allow-d") == 101  # other values: a call
    assert handshake_status(app, "token=deny") == 403
    assert handshake_status(app, "token=deny") == 403  # Deny is cached too
    assert handshake_status(app, "token=unauthorized") == 401
    assert handshake_status(app, "token=unauthorized") == 401  # errors are not
    assert [r["token"] for r in auth_recorder.records(4)] == [
        "allow-d",
        "deny",
        "unauthorized",
        "unauthorized",
    ]

    v2.reset_authorizers_cache(ApiId=app.api_id, StageName="dev")
    assert handshake_status(app, "token=allow-c") == 101  # reset: a call
    assert handshake_status(app, "token=allow-c") == 101
    assert [r["token"] for r in auth_recorder.records(1)] == ["allow-c"]
    assert auth_recorder.count() == 0

    time.sleep(3.2)
    assert handshake_status(app, "token=allow-c") == 101  # expired: a call
    assert [r["token"] for r in auth_recorder.records(1)] == ["allow-c"]


def test_without_ttl_every_connection_calls_the_authorizer(authorized_app, auth_recorder):
    assert handshake_status(authorized_app, "token=allow-n") == 101
    assert handshake_status(authorized_app, "token=allow-n") == 101
    assert [r["token"] for r in auth_recorder.records(2)] == ["allow-n", "allow-n"]


# --- AWS_IAM --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def iam_app(localstack):
    app = deploy_app(localstack)
    protect(localstack, app, AuthorizationType="AWS_IAM")
    return app


def signed(app, credentials: Credentials, query: str = "", presign: bool = False, **signer_args):
    """(query, headers) of a handshake signed for execute-api with botocore, as a client would sign it."""
    url = f"http://127.0.0.1:{app.localstack.port}/_aws/execute-api/{app.api_id}/{app.stage}"
    request = AWSRequest(method="GET", url=url + (f"?{query}" if query else ""))
    if presign:
        SigV4QueryAuth(credentials, "execute-api", "us-east-1", **signer_args).add_auth(request)
        return request.url.partition("?")[2], {}
    SigV4Auth(credentials, "execute-api", "us-east-1").add_auth(request)
    headers = {
        name: value for name, value in request.headers.items() if name.lower().startswith(("x-amz", "auth"))
    }
    return query, headers


def test_unsigned_and_badly_signed_handshakes_are_403(iam_app):
    iam_app.drain()
    response = refused(iam_app)
    assert (response.status_code, json.loads(response.body)) == (
        403,
        {"message": "Missing Authentication Token"},
    )
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"

    query, headers = signed(iam_app, Credentials("test", "wrong-secret"))
    response = refused(iam_app, query, additional_headers=headers)
    assert response.status_code == 403
    assert json.loads(response.body)["message"].startswith(
        "The request signature we calculated does not match"
    )
    assert response.headers["x-amzn-ErrorType"] == "InvalidSignatureException"

    query, headers = signed(iam_app, Credentials("test", "test"), "a=1")
    assert handshake_status(iam_app, "a=2", additional_headers=headers) == 403  # the query was signed

    query, _ = signed(iam_app, Credentials("test", "test"), "a=1", presign=True, expires=1)
    time.sleep(1.5)
    response = refused(iam_app, query)
    assert response.status_code == 403
    assert json.loads(response.body)["message"].startswith("Signature expired")
    assert iam_app.no_more_events(wait=1)


def test_signed_handshake_carries_the_caller_into_every_event(iam_app):
    iam_app.drain()
    query, headers = signed(iam_app, Credentials("test", "test"), "room=1")
    with iam_app.connect(query, additional_headers=headers) as ws:
        assert whoami(ws)["caller"] == "000000000000"
        ws.send("hi")
        ws.recv(timeout=20)
    events = [r["event"] for r in iam_app.events(3)]
    identity = {
        "accountId": "000000000000",
        "caller": "000000000000",
        "user": "000000000000",
        "userArn": "arn:aws:iam::000000000000:root",
        "accessKey": "test",
        "userAgent": events[0]["headers"]["User-Agent"],
        "sourceIp": "127.0.0.1",
    }
    assert [e["requestContext"]["identity"] for e in events] == [identity] * 3
    assert all("authorizer" not in e["requestContext"] for e in events)

    query, _ = signed(iam_app, Credentials("test", "test"), "room=2", presign=True, expires=60)
    assert handshake_status(iam_app, query) == 101
    assert iam_app.events(2)[0]["event"]["requestContext"]["identity"]["accessKey"] == "test"


def test_keys_of_iam_users_and_assumed_roles(localstack, iam_app):
    iam_app.drain()
    iam = localstack.client("iam")
    user = iam.create_user(UserName=f"ws-user-{uuid.uuid4().hex[:6]}")["User"]
    key = iam.create_access_key(UserName=user["UserName"])["AccessKey"]

    query, headers = signed(iam_app, Credentials(key["AccessKeyId"], key["SecretAccessKey"]))
    assert handshake_status(iam_app, query, additional_headers=headers) == 101
    identity = iam_app.events(2)[0]["event"]["requestContext"]["identity"]
    assert {k: identity[k] for k in ("accountId", "caller", "user", "userArn", "accessKey")} == {
        "accountId": "000000000000",
        "caller": user["UserId"],
        "user": user["UserId"],
        "userArn": user["Arn"],
        "accessKey": key["AccessKeyId"],
    }
    query, headers = signed(iam_app, Credentials(key["AccessKeyId"], "test"))  # the key's own secret only
    assert handshake_status(iam_app, query, additional_headers=headers) == 403

    iam.update_access_key(UserName=user["UserName"], AccessKeyId=key["AccessKeyId"], Status="Inactive")
    query, headers = signed(iam_app, Credentials(key["AccessKeyId"], key["SecretAccessKey"]))
    response = refused(iam_app, query, additional_headers=headers)
    assert (response.status_code, json.loads(response.body)) == (
        403,
        {"message": "The security token included in the request is invalid."},
    )

    role_arn = iam.create_role(
        RoleName=f"ws-role-{uuid.uuid4().hex[:6]}",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    assumed = localstack.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="ws-session")
    credentials = assumed["Credentials"]
    temporary = Credentials(
        credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]
    )
    query, headers = signed(iam_app, temporary)
    assert "X-Amz-Security-Token" in headers
    assert handshake_status(iam_app, query, additional_headers=headers) == 101
    identity = iam_app.events(2)[0]["event"]["requestContext"]["identity"]
    assert identity["userArn"] == assumed["AssumedRoleUser"]["Arn"]
    assert identity["caller"] == assumed["AssumedRoleUser"]["AssumedRoleId"]
    query, _ = signed(iam_app, temporary, presign=True, expires=60)
    assert handshake_status(iam_app, query) == 101
    headers.pop("X-Amz-Security-Token")
    assert handshake_status(iam_app, query="", additional_headers=headers) == 403  # the token is required


# --- API keys -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_key_app(localstack):
    app = deploy_app(localstack)
    protect(localstack, app, ApiKeyRequired=True)
    apigateway = localstack.client("apigateway")
    plan = apigateway.create_usage_plan(
        name=f"plan-{uuid.uuid4().hex[:6]}", apiStages=[{"apiId": app.api_id, "stage": "dev"}]
    )
    other_plan = apigateway.create_usage_plan(
        name=f"other-{uuid.uuid4().hex[:6]}", apiStages=[{"apiId": app.api_id, "stage": "prod"}]
    )
    app.keys = {}
    for name, usage_plan in (
        ("good", plan),
        ("disabled", plan),
        ("other-stage", other_plan),
        ("no-plan", None),
    ):
        key = apigateway.create_api_key(name=f"{name}-{uuid.uuid4().hex[:6]}", enabled=True)
        if usage_plan:
            apigateway.create_usage_plan_key(usagePlanId=usage_plan["id"], keyId=key["id"], keyType="API_KEY")
        app.keys[name] = key
    apigateway.update_api_key(
        apiKey=app.keys["disabled"]["id"],
        patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}],
    )
    return app


def test_api_key_required(api_key_app):
    app = api_key_app
    app.drain()
    key = app.keys["good"]
    with app.connect(additional_headers={"x-api-key": key["value"]}) as ws:
        assert whoami(ws)["apiKeyId"] == key["id"]
        ws.send("hi")
        ws.recv(timeout=20)
    events = [r["event"] for r in app.events(3)]
    assert events[0]["headers"]["x-api-key"] == key["value"]
    for event in events:
        identity = event["requestContext"]["identity"]
        assert (identity["apiKey"], identity["apiKeyId"]) == (key["value"], key["id"])
    assert events[2]["headers"]["x-api-key"] == ""  # the DISCONNECT event's fixed headers stay as they are

    assert handshake_status(app, additional_headers={"X-API-Key": key["value"]}) == 101  # any casing
    app.events(2)
    for headers in ({}, {"x-api-key": ""}, {"x-api-key": "not-a-key"}):
        response = refused(app, additional_headers=headers)
        assert (response.status_code, json.loads(response.body)) == (403, {"message": "Forbidden"})
    for name in ("disabled", "other-stage", "no-plan"):
        assert handshake_status(app, additional_headers={"x-api-key": app.keys[name]["value"]}) == 403, name
    assert app.no_more_events(wait=1)


def test_api_key_from_the_authorizer(localstack, python_authorizer, api_key_app, auth_recorder):
    """``ApiKeySelectionExpression: $context.authorizer.usageIdentifierKey``: the authorizer names the key."""
    app = deploy_app(localstack)
    v2 = localstack.client("apigatewayv2")
    v2.update_api(ApiId=app.api_id, ApiKeySelectionExpression="$context.authorizer.usageIdentifierKey")
    authorizer_id = add_authorizer(localstack, app, python_authorizer, ["route.request.querystring.token"])
    apigateway = localstack.client("apigateway")
    plan = apigateway.create_usage_plan(
        name=f"plan-{uuid.uuid4().hex[:6]}", apiStages=[{"apiId": app.api_id, "stage": "dev"}]
    )
    key = apigateway.create_api_key(
        name=f"k-{uuid.uuid4().hex[:6]}", enabled=True, value=f"v{uuid.uuid4().hex}"
    )
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    protect(localstack, app, AuthorizationType="CUSTOM", AuthorizerId=authorizer_id, ApiKeyRequired=True)
    auth_recorder.count(wait=1)

    with app.connect(f"token=key-{key['value']}", additional_headers={"x-api-key": "ignored"}) as ws:
        assert whoami(ws)["apiKeyId"] == key["id"]
    identity = app.events(2)[0]["event"]["requestContext"]["identity"]
    assert (identity["apiKey"], identity["apiKeyId"]) == (key["value"], key["id"])
    # a header key does not count here, and an authorizer that names no key or an unknown one is refused
    assert handshake_status(app, "token=allow-nokey", additional_headers={"x-api-key": key["value"]}) == 403
    assert handshake_status(app, "token=key-unknown") == 403
    assert [r["token"] for r in auth_recorder.records(3)] == [
        f"key-{key['value']}",
        "allow-nokey",
        "key-unknown",
    ]
