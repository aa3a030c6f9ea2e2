"""The apigatewayv2 fuzz cases: a small world of real resources, then calls of the operations the extension serves
with drawn parameters (tests/fuzz/shapes.py), each answered by a 2xx or an AWS-shaped 4xx."""

from __future__ import annotations

import json
import random

from botocore import xform_name

from .shapes import Outcome, RawCalls, Values

LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:000000000000:function:fuzz-nothing/invocations"
)
MODEL_SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "integer"}}},
}


def _nested(depth: int) -> dict:
    schema: dict = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


# the models of every world: valid schemas that are hard on a generator of templates or a validator
WORLD_MODELS = {
    "Fuzz": MODEL_SCHEMA,
    "Node": {
        "definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}}},
        "$ref": "#/definitions/node",
    },
    "Tuple": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
    "Deep": _nested(40),
    "Self": {
        "type": "object",
        "properties": {"self": {"$ref": "#"}, "list": {"type": "array", "items": {"$ref": "#"}}},
    },
}

SCHEMAS = [
    json.dumps(MODEL_SCHEMA),
    json.dumps({"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}),  # draft 4 tuple items
    json.dumps({"type": "array", "items": []}),
    json.dumps({"$ref": "#/definitions/a", "definitions": {"a": {"$ref": "#/definitions/a"}}}),
    json.dumps(
        {
            "definitions": {
                "node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}}
            },
            "$ref": "#/definitions/node",
        }
    ),
    json.dumps({"$ref": "#/definitions/missing"}),
    json.dumps({"$ref": "https://apigateway.amazonaws.com/restapis/x/models/Fuzz"}),
    json.dumps({"type": ["string", "null"]}),
    json.dumps({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "array"}}}}),
    json.dumps({"type": 5}),
    json.dumps({"properties": []}),
    json.dumps(_nested(30)),
    json.dumps(_nested(63)),  # 127 levels of JSON: the most a model may nest
    json.dumps(_nested(64)),
    json.dumps(_nested(600)),
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    "true",
    "[]",
    '"string"',
    "{",
    json.dumps({"type": "object", "description": "d" * 32700}),
]
SELECTION_EXPRESSIONS = [
    "$request.body.action",
    "${request.body.a}-${request.body.b}",
    "\\$default",
    "$default",
    "$request.body",
    "$request.body.",
    "$request.body.a.b[0].c",
    "$request.body.a[",
    "${",
    "${}",
    "$",
    "$$",
    "$request.header.x",
    "$context.routeKey",
    "$integration.response.statuscode",
    "$integration.response.header.x",
    "static",
    "$request.body.action" * 500,
]
HINTS: dict[str, list] = {
    "Schema": SCHEMAS,
    "RouteKey": ["$connect", "$disconnect", "$default", "mock", "$other", "a" * 129, ""],
    "RouteSelectionExpression": SELECTION_EXPRESSIONS,
    "RouteResponseSelectionExpression": SELECTION_EXPRESSIONS,
    "ModelSelectionExpression": SELECTION_EXPRESSIONS,
    "TemplateSelectionExpression": SELECTION_EXPRESSIONS,
    "IntegrationResponseSelectionExpression": SELECTION_EXPRESSIONS,
    "ApiKeySelectionExpression": [
        "$request.header.x-api-key",
        "$context.authorizer.usageIdentifierKey",
        "$x",
    ],
    "IntegrationResponseKey": ["$default", "/2\\d\\d/", "/[/", "/(a+)+$/", "//", "/", "/.*/", "5\\d\\d"],
    "RouteResponseKey": ["$default", "$other", ""],
    "IntegrationUri": [
        LAMBDA_URI,
        "arn:aws:lambda:us-east-1:000000000000:function:f",
        "http://127.0.0.1:1/x",
        "https://example.com/{proxy}",
        "arn:aws:apigateway:us-east-1:sqs:path/000000000000/q",
        "arn:aws:apigateway:us-east-1:sns:action/Publish",
        "arn:aws:apigateway:",
        "not a uri",
    ],
    "AuthorizerUri": [LAMBDA_URI, "arn:aws:lambda:us-east-1:000000000000:function:f", "x"],
    "IdentitySource": [
        ["route.request.header.Auth"],
        ["route.request.querystring.token", "stageVariables.x", "context.x"],
        ["$request.header.Auth"],
        [""],
        [],
    ],
    "RequestParameters.key": [
        "route.request.header.x",
        "route.request.querystring.q",
        "integration.request.header.x",
        "integration.request.querystring.q",
        "integration.request.path.p",
        "route.request.body.a",
        "method.request.header.x",
    ],
    "RequestTemplates.key": ["$default", "application/json", "text/plain", "*/*"],
    "ResponseTemplates.key": ["$default", "application/json"],
    "RequestModels.key": ["$default", "application/json"],
    "RequestModels": [{"$default": "Fuzz"}, {"$default": "Missing"}, {"$default": ""}],
    "ResponseModels": [{"$default": "Fuzz"}, {"$default": "Missing"}],
    "Tags.key": ["_custom_id_", "aws:x", "k" * 128, "k" * 129],
    "Tags": [
        {"_custom_id_": "myfuzzid"},
        {"_custom_id_": "ab/c"},
        {"_custom_id_": "UPPER"},
        {"_custom_id_": ""},
        {"_custom_id_": "x" * 300},
        {"_custom_id_": "\u00e9t\u00e9"},
    ],
    "StageVariables.key": ["v", "a-b", "", "x" * 65],
    "StageVariables": [{"v": ""}, {"v": "2"}, {"url": "http://127.0.0.1:1/x"}, {"v": "a b"}],
    "RouteSettings.key": ["$default", "$connect", "missing", ""],
    "ApiMappingKey": ["", "k", "a/b", "../", "k" * 300],
    "DomainName": ["x.example.com", "EXAMPLE.COM", "*.example.com", "a..b", "-", "x" * 300],
    "Target": ["integrations/", "integrations/x", "integrations/../x", "lambda"],
    "PayloadFormatVersion": ["1.0", "2.0", ""],
    "TimeoutInMillis": [49, 50, 29000, 29001, 30000],
    "AuthorizerResultTtlInSeconds": [-1, 0, 3600, 3601],
    "MaxResults": ["1", "0", "500", "501", "-1", "1.5", "x", ""],
    "NextToken": ["MQ==", "LTE=", "OTk5OTk5OTk5OTk5OTk5", "!!!", "", "\u00e9"],
}


def served_operations(service_model) -> list[str]:
    """The operations the extension's provider implements (the others answer LocalStack's 501)."""
    from localstack_ws_ext.api.apigatewayv2 import Apigatewayv2Api
    from localstack_ws_ext.control_plane.provider import ApiGatewayV2Provider

    return [
        name
        for name in service_model.operation_names
        if getattr(ApiGatewayV2Provider, xform_name(name)) is not getattr(Apigatewayv2Api, xform_name(name))
    ]


def build_world(v2, tag: str, rng: random.Random) -> dict:
    """One of every resource (a few models), made through a validating client; returns valid values by member
    name (of the models: one drawn)."""
    api_id = v2.create_api(
        Name=f"fuzz-{tag}", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    integration_id = v2.create_integration(
        ApiId=api_id,
        IntegrationType="MOCK",
        RequestTemplates={"$default": '{"statusCode": 200}'},
        TemplateSelectionExpression="\\$default",
    )["IntegrationId"]
    integration_response_id = v2.create_integration_response(
        ApiId=api_id,
        IntegrationId=integration_id,
        IntegrationResponseKey="$default",
        ResponseTemplates={"$default": '"ok"'},
    )["IntegrationResponseId"]
    model_ids = [
        v2.create_model(ApiId=api_id, Name=name, ContentType="application/json", Schema=json.dumps(schema))[
            "ModelId"
        ]
        for name, schema in WORLD_MODELS.items()
    ]
    authorizer_id = v2.create_authorizer(
        ApiId=api_id,
        AuthorizerType="REQUEST",
        Name="fuzz",
        AuthorizerUri=LAMBDA_URI,
        IdentitySource=["route.request.header.Auth"],
    )["AuthorizerId"]
    v2.create_route(
        ApiId=api_id,
        RouteKey="$connect",
        Target=f"integrations/{integration_id}",
        AuthorizationType="CUSTOM",
        AuthorizerId=authorizer_id,
        RequestParameters={"route.request.header.X": {"Required": False}},
    )
    route_id = v2.create_route(
        ApiId=api_id,
        RouteKey="$default",
        Target=f"integrations/{integration_id}",
        RouteResponseSelectionExpression="$default",
        ModelSelectionExpression="$request.body.kind",
        RequestModels={"$default": "Fuzz"},
        RequestParameters={"route.request.querystring.q": {"Required": False}},
    )["RouteId"]
    route_response_id = v2.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")[
        "RouteResponseId"
    ]
    deployment_id = v2.create_deployment(ApiId=api_id)["DeploymentId"]
    v2.create_stage(
        ApiId=api_id,
        StageName="dev",
        DeploymentId=deployment_id,
        StageVariables={"v": "1"},
        RouteSettings={"$default": {"LoggingLevel": "INFO"}},
        AccessLogSettings={
            "DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:x",
            "Format": "$context.requestId",
        },
    )
    domain = f"fuzz-{tag}.example.com"
    v2.create_domain_name(DomainName=domain)
    mapping_id = v2.create_api_mapping(DomainName=domain, ApiId=api_id, Stage="dev", ApiMappingKey="k")[
        "ApiMappingId"
    ]
    return {
        "ApiId": api_id,
        "IntegrationId": integration_id,
        "IntegrationResponseId": integration_response_id,
        "ModelId": rng.choice(model_ids),
        "AuthorizerId": authorizer_id,
        "RouteId": route_id,
        "RouteResponseId": route_response_id,
        "DeploymentId": deployment_id,
        "StageName": "dev",
        "Stage": "dev",
        "DomainName": domain,
        "ApiMappingId": mapping_id,
        "RouteKey": "$default",
        "RequestParameterKey": "route.request.querystring.q",
        "Target": f"integrations/{integration_id}",
        "ResourceArn": f"arn:aws:apigateway:us-east-1::/apis/{api_id}",
        "ProtocolType": "WEBSOCKET",
        "RouteSelectionExpression": "$request.body.action",
        "IntegrationType": "MOCK",
        "AuthorizerType": "REQUEST",
        "AuthorizerUri": LAMBDA_URI,
        "Schema": json.dumps(MODEL_SCHEMA),
        "Name": "Fuzz2",
        "IntegrationResponseKey": "/4\\d\\d/",
        "RouteResponseKey": "$default",
    }


def operation_order(seed: int, operations: list[str]) -> list[str]:
    """The served operations in an order of the run's own: call ``n`` of a run is of ``order[n % len(order)]``,
    so that every operation is called once in every ``len(operations)`` calls."""
    order = sorted(operations)
    random.Random(f"{seed}:operations").shuffle(order)
    return order


def draw_call(rng: random.Random, operation: str, service_model, world: dict) -> dict:
    """Parameters of ``operation``: required members mostly valid, the others drawn. What goes in the URL (path
    and query members) is kept under ``MAX_IN_URL`` characters."""
    shape = service_model.operation_model(operation).input_shape
    values = Values(rng, world, HINTS)
    params = {}
    if shape is not None:
        for name, member in shape.members.items():
            if name in shape.required_members:
                if name in world and rng.random() < 0.85:
                    params[name] = world[name]
                elif rng.random() < 0.95:
                    params[name] = values.of(member, name)
            elif rng.random() < 0.35:
                params[name] = values.of(member, name)
            if name in params and member.serialization.get("location") in ("uri", "querystring", "header"):
                params[name] = within_url(params[name])
    return params


# A request line or header over 16 KB is refused by LocalStack's HTTP server before any service sees it (and by
# API Gateway's front door, at 10 KB: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html);
# that front door is the upgrade fuzz's to try. Here what goes in the URL stays well below.
MAX_IN_URL = 3000


def within_url(value):
    """``value`` cut to at most ``MAX_IN_URL`` characters of JSON (strings shortened, lists and maps cut)."""
    if len(json.dumps(value, default=str)) <= MAX_IN_URL:
        return value
    if isinstance(value, str):
        return value[: MAX_IN_URL // 4]  # percent-encoding makes a character up to 12
    if isinstance(value, list):
        kept = []
        for item in value:
            item = within_url(item)
            if len(json.dumps([*kept, item], default=str)) > MAX_IN_URL:
                break
            kept.append(item)
        return kept
    if isinstance(value, dict):
        return {}
    return value


def error_statuses(service_model) -> dict[str, int]:
    """The service's errors (from its model) and the HTTP status of each."""
    return {
        shape.name: shape.metadata["error"]["httpStatusCode"]
        for shape in service_model.error_shapes
        if "error" in shape.metadata
    }


def aws_shaped(outcome: Outcome, errors: dict[str, int]) -> str | None:
    """Why ``outcome`` is neither a 2xx nor an AWS-shaped 4xx (None: it is one of them). An AWS-shaped error of a
    rest-json API Gateway service is one of the service's errors (its model's), with that error's status, named in
    ``x-amzn-ErrorType``, and a JSON object with a ``message`` string as its body
    (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/)."""
    if outcome.status is None:
        return None  # never sent: botocore could not build the request
    if outcome.status == 0:
        return f"no HTTP answer: {outcome.code}: {outcome.message[:300]}"
    if 200 <= outcome.status < 300:
        return None
    if not 400 <= outcome.status < 500:
        return f"status {outcome.status}"
    if outcome.code not in errors:
        return f"error code {outcome.code!r} is none of the service's errors"
    if errors[outcome.code] != outcome.status:
        return f"{outcome.code} answered with {outcome.status}, the model says {errors[outcome.code]}"
    raw = outcome.raw or {}
    header = {key.lower(): value for key, value in (raw.get("headers") or {}).items()}.get(
        "x-amzn-errortype", ""
    )
    if header.split(":")[0] != outcome.code:
        return f"x-amzn-ErrorType is {header!r}"
    try:
        body = json.loads(raw.get("body") or b"")
    except ValueError:
        return f"body is not JSON: {raw.get('body', b'')[:200]!r}"
    if not isinstance(body, dict) or not isinstance(body.get("message"), str) or not body["message"]:
        return f"body has no message: {str(body)[:200]}"
    return None


__all__ = ["RawCalls", "aws_shaped", "build_world", "draw_call", "error_statuses", "served_operations"]
