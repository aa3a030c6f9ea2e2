"""The apigatewayv2 control plane for WebSocket APIs, through boto3 against a real LocalStack."""

import re
import uuid
from datetime import datetime

import pytest
import requests
from botocore.exceptions import ClientError

from tests.client_errors import error_of

RSE = "$request.body.action"
LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:000000000000:function:handler/invocations"
)


def without_metadata(response: dict) -> dict:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


@pytest.fixture(scope="module")
def v2(aws):
    # no client-side validation: the service's own validation is under test
    return aws("apigatewayv2", parameter_validation=False)


@pytest.fixture
def api_id(v2):
    api = v2.create_api(
        Name=f"chat-{uuid.uuid4().hex[:6]}", ProtocolType="WEBSOCKET", RouteSelectionExpression=RSE
    )
    yield api["ApiId"]
    try:
        v2.delete_api(ApiId=api["ApiId"])
    except ClientError:
        pass


@pytest.fixture
def integration_id(v2, api_id):
    return v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA_URI)[
        "IntegrationId"
    ]


# --- Api ----------------------------------------------------------------------------------------------------------


def test_create_api_answers_like_aws(v2, localstack):
    api = without_metadata(
        v2.create_api(Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression=RSE, Description="d")
    )
    api_id = api.pop("ApiId")
    created = api.pop("CreatedDate")

    assert re.fullmatch(r"[a-z0-9]{10}", api_id)
    assert isinstance(created, datetime)
    assert api == {
        "ApiEndpoint": f"ws://{api_id}.execute-api.localhost.localstack.cloud:{localstack.port}",
        "ApiKeySelectionExpression": "$request.header.x-api-key",
        "Description": "d",
        "DisableExecuteApiEndpoint": False,
        "IpAddressType": "ipv4",
        "Name": "chat",
        "ProtocolType": "WEBSOCKET",
        "RouteSelectionExpression": RSE,
        "Tags": {},
    }
    assert without_metadata(v2.get_api(ApiId=api_id)) == {**api, "ApiId": api_id, "CreatedDate": created}


def test_custom_id_tag_is_honoured(v2):
    custom = f"my{uuid.uuid4().hex[:8]}"
    api = v2.create_api(
        Name="c", ProtocolType="WEBSOCKET", RouteSelectionExpression=RSE, Tags={"_custom_id_": custom}
    )
    assert api["ApiId"] == custom
    assert error_of(
        v2.create_api,
        Name="c",
        ProtocolType="WEBSOCKET",
        RouteSelectionExpression=RSE,
        Tags={"_custom_id_": custom},
    ) == (409, "ConflictException", f"API with id {custom} already exists")


def test_http_apis_get_a_clear_error(v2):
    status, code, message = error_of(v2.create_api, Name="h", ProtocolType="HTTP")
    assert (status, code) == (400, "BadRequestException")
    assert message.startswith("HTTP APIs are not supported by localstack-ws-ext")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"ProtocolType": "WEBSOCKET"},
            "RouteSelectionExpression is required for WEBSOCKET APIs",
        ),
        (
            {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.header.x"},
            "Invalid RouteSelectionExpression specified: $request.header.x. Supported variables for WebSocket "
            "APIs: $request.body.*",
        ),
        (
            {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "${request.body.action"},
            "Invalid RouteSelectionExpression: unclosed '${' in '${request.body.action'",
        ),
        (
            {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": RSE, "ApiKeySelectionExpression": "$x"},
            "Invalid API key selection expression specified: $x. Supported values are "
            "$request.header.x-api-key and $context.authorizer.usageIdentifierKey",
        ),
        (
            {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": RSE, "Target": "arn:x"},
            "Target is supported only for HTTP APIs",
        ),
        (
            {"ProtocolType": "GRPC", "RouteSelectionExpression": RSE},
            "Invalid protocol specified: GRPC. Must be one of [HTTP, WEBSOCKET]",
        ),
    ],
)
def test_create_api_validation(v2, kwargs, message):
    assert error_of(v2.create_api, Name="bad", **kwargs) == (400, "BadRequestException", message)


@pytest.mark.parametrize(
    "expression",
    [RSE, "${request.body.action}", "${request.body.a}/${request.body.b}", "\\$default", "static"],
)
def test_valid_route_selection_expressions(v2, expression):
    api = v2.create_api(Name="ok", ProtocolType="WEBSOCKET", RouteSelectionExpression=expression)
    assert api["RouteSelectionExpression"] == expression


def test_update_and_delete_api(v2, api_id):
    updated = v2.update_api(ApiId=api_id, Name="renamed", RouteSelectionExpression="$request.body.type")
    assert (updated["Name"], updated["RouteSelectionExpression"]) == ("renamed", "$request.body.type")
    assert v2.get_api(ApiId=api_id)["Name"] == "renamed"
    assert (
        error_of(v2.update_api, ApiId=api_id, RouteSelectionExpression="$context.x")[1]
        == "BadRequestException"
    )

    v2.delete_api(ApiId=api_id)

    status, code, message = error_of(v2.get_api, ApiId=api_id)
    assert (status, code, message) == (
        404,
        "NotFoundException",
        f"Invalid API identifier specified 000000000000:{api_id}",
    )
    assert api_id not in [api["ApiId"] for api in v2.get_apis()["Items"]]


def test_an_empty_string_unsets_a_member(v2, api_id, integration_id):
    v2.update_api(ApiId=api_id, Description="d", Version="1")
    updated = v2.update_api(ApiId=api_id, Description="")
    assert ("Description" in updated, updated["Version"]) == (False, "1")
    route_id = v2.create_route(ApiId=api_id, RouteKey="$default", OperationName="send")["RouteId"]
    assert "OperationName" not in v2.update_route(ApiId=api_id, RouteId=route_id, OperationName="")
    v2.create_stage(ApiId=api_id, StageName="dev", StageVariables={"color": "red", "size": "s"})
    # as on AWS, a stage variable set to "" is deleted; the others are kept (UpdateStage merges them)
    stage = v2.update_stage(ApiId=api_id, StageName="dev", StageVariables={"size": "", "shape": "round"})
    assert stage["StageVariables"] == {"color": "red", "shape": "round"}
    # a required member cannot be unset
    assert error_of(v2.update_route, ApiId=api_id, RouteId=route_id, RouteKey="") == (
        400,
        "BadRequestException",
        "RouteKey is required",
    )


def test_not_found_carries_resource_type(v2):
    with pytest.raises(ClientError) as error:
        v2.get_api(ApiId="nope123456")
    assert error.value.response["ResourceType"] == "Api"


# --- Route ----------------------------------------------------------------------------------------------------------


def test_route_lifecycle(v2, api_id, integration_id):
    route = without_metadata(
        v2.create_route(ApiId=api_id, RouteKey="sendMessage", Target=f"integrations/{integration_id}")
    )
    route_id = route.pop("RouteId")
    assert re.fullmatch(r"[a-z0-9]{7}", route_id)
    assert route == {
        "ApiKeyRequired": False,
        "AuthorizationType": "NONE",
        "RouteKey": "sendMessage",
        "Target": f"integrations/{integration_id}",
    }
    assert v2.get_route(ApiId=api_id, RouteId=route_id)["RouteKey"] == "sendMessage"

    updated = v2.update_route(
        ApiId=api_id, RouteId=route_id, RouteKey="send", RouteResponseSelectionExpression="$default"
    )
    assert (updated["RouteKey"], updated["RouteResponseSelectionExpression"]) == ("send", "$default")

    v2.delete_route(ApiId=api_id, RouteId=route_id)
    assert error_of(v2.get_route, ApiId=api_id, RouteId=route_id) == (
        404,
        "NotFoundException",
        f"Invalid Route identifier specified {route_id}",
    )


def test_route_validation(v2, api_id):
    v2.create_route(ApiId=api_id, RouteKey="$connect")
    assert error_of(v2.create_route, ApiId=api_id, RouteKey="$connect") == (
        409,
        "ConflictException",
        "Route with key $connect already exists for this API",
    )
    assert error_of(v2.create_route, ApiId=api_id, RouteKey="$default", AuthorizationType="AWS_IAM") == (
        400,
        "BadRequestException",
        "Currently, authorization is restricted to the $connect route only",
    )
    assert error_of(v2.create_route, ApiId=api_id, RouteKey="a", Target="lambda") == (
        400,
        "BadRequestException",
        "Invalid target specified: lambda. Must be integrations/<integration id>",
    )
    assert error_of(v2.create_route, ApiId=api_id, RouteKey="a", Target="integrations/abcdefg") == (
        404,
        "NotFoundException",
        "Invalid Integration identifier specified abcdefg",
    )
    assert error_of(v2.create_route, ApiId=api_id, RouteKey="a", RouteResponseSelectionExpression="$x")[
        2
    ] == (
        "Invalid RouteResponseSelectionExpression specified: $x. WebSocket APIs currently support only $default"
    )
    assert error_of(v2.create_route, ApiId=api_id, RouteKey="b", AuthorizationType="JWT")[2] == (
        "JWT authorizers are supported only for HTTP APIs"
    )


def test_connect_route_with_authorizers_and_request_parameters(v2, api_id):
    authorizer = v2.create_authorizer(
        ApiId=api_id,
        AuthorizerType="REQUEST",
        Name="auth",
        AuthorizerUri=LAMBDA_URI,
        IdentitySource=["route.request.header.Auth"],
    )
    assert error_of(v2.create_route, ApiId=api_id, RouteKey="$connect", AuthorizationType="CUSTOM")[2] == (
        "An AuthorizerId is required when AuthorizationType is CUSTOM"
    )
    route = v2.create_route(
        ApiId=api_id,
        RouteKey="$connect",
        AuthorizationType="CUSTOM",
        AuthorizerId=authorizer["AuthorizerId"],
        RequestParameters={"route.request.querystring.token": {"Required": True}},
    )
    assert route["RequestParameters"] == {"route.request.querystring.token": {"Required": True}}

    v2.delete_route_request_parameter(
        ApiId=api_id, RouteId=route["RouteId"], RequestParameterKey="route.request.querystring.token"
    )

    assert v2.get_route(ApiId=api_id, RouteId=route["RouteId"])["RequestParameters"] == {}
    assert (
        error_of(
            v2.delete_route_request_parameter,
            ApiId=api_id,
            RouteId=route["RouteId"],
            RequestParameterKey="route.request.querystring.token",
        )[0]
        == 404
    )
    assert error_of(v2.delete_authorizer, ApiId=api_id, AuthorizerId=authorizer["AuthorizerId"])[:2] == (
        409,
        "ConflictException",
    )


def test_route_quota(v2, api_id):
    for n in range(300):
        v2.create_route(ApiId=api_id, RouteKey=f"r{n}")
    status, code, message = error_of(v2.create_route, ApiId=api_id, RouteKey="one-too-many")
    assert (status, code, message) == (
        429,
        "TooManyRequestsException",
        "Maximum number of routes reached for this API: 300",
    )


# --- RouteResponse ------------------------------------------------------------------------------------------------


def test_route_responses(v2, api_id):
    route_id = v2.create_route(
        ApiId=api_id, RouteKey="$default", RouteResponseSelectionExpression="$default"
    )["RouteId"]
    response = without_metadata(
        v2.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")
    )
    response_id = response.pop("RouteResponseId")
    assert re.fullmatch(r"[a-z0-9]{6}", response_id)
    assert response == {"RouteResponseKey": "$default"}
    assert (
        error_of(v2.create_route_response, ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")[0]
        == 409
    )

    updated = v2.update_route_response(
        ApiId=api_id,
        RouteId=route_id,
        RouteResponseId=response_id,
        ModelSelectionExpression="$request.body.type",
    )
    assert updated["ModelSelectionExpression"] == "$request.body.type"
    assert [
        r["RouteResponseId"] for r in v2.get_route_responses(ApiId=api_id, RouteId=route_id)["Items"]
    ] == [response_id]
    v2.delete_route_response(ApiId=api_id, RouteId=route_id, RouteResponseId=response_id)
    assert v2.get_route_responses(ApiId=api_id, RouteId=route_id)["Items"] == []
    assert error_of(v2.get_route_response, ApiId=api_id, RouteId=route_id, RouteResponseId=response_id)[
        2
    ] == (f"Invalid RouteResponse identifier specified {response_id}")


# --- Integration --------------------------------------------------------------------------------------------------


def test_integration_defaults(v2, api_id):
    integration = without_metadata(
        v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA_URI)
    )
    integration_id = integration.pop("IntegrationId")
    assert re.fullmatch(r"[a-z0-9]{7}", integration_id)
    assert integration == {
        "ConnectionType": "INTERNET",
        "IntegrationMethod": "POST",
        "IntegrationType": "AWS_PROXY",
        "IntegrationUri": LAMBDA_URI,
        "PassthroughBehavior": "WHEN_NO_MATCH",
        "PayloadFormatVersion": "1.0",
        "TimeoutInMillis": 29000,
    }
    mock = v2.create_integration(
        ApiId=api_id,
        IntegrationType="MOCK",
        RequestTemplates={"$default": '{"statusCode": 200}'},
        TemplateSelectionExpression="\\$default",
    )
    assert "IntegrationUri" not in mock and "IntegrationMethod" not in mock


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"IntegrationType": "AWS_PROXY"}, "IntegrationUri is required for integration type AWS_PROXY"),
        (
            {"IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA_URI, "PayloadFormatVersion": "2.0"},
            "Invalid PayloadFormatVersion specified: 2.0. WebSocket APIs support only 1.0",
        ),
        (
            {"IntegrationType": "HTTP_PROXY", "IntegrationUri": "http://x", "TimeoutInMillis": 30000},
            "TimeoutInMillis must be between 50 ms and 29000 ms",
        ),
        (
            {"IntegrationType": "HTTP_PROXY", "IntegrationUri": "http://x", "TimeoutInMillis": 49},
            "TimeoutInMillis must be between 50 ms and 29000 ms",
        ),
        (
            {
                "IntegrationType": "HTTP_PROXY",
                "IntegrationUri": "http://x",
                "IntegrationSubtype": "SQS-SendMessage",
            },
            "IntegrationSubtype is supported only for HTTP APIs",
        ),
        (
            {"IntegrationType": "MOCK", "PassthroughBehavior": "ALWAYS"},
            "Invalid PassthroughBehavior specified: ALWAYS. Must be one of [WHEN_NO_MATCH, NEVER, WHEN_NO_TEMPLATES]",
        ),
        (
            {"IntegrationType": "HTTP", "IntegrationUri": "http://x", "ConnectionType": "VPC_LINK"},
            "ConnectionId is required when ConnectionType is VPC_LINK",
        ),
        (
            {"IntegrationType": "MOCK", "RequestParameters": {"method.request.header.x": "'a'"}},
            "Invalid mapping expression specified: method.request.header.x. Must be integration.request.header."
            "<name>, integration.request.querystring.<name> or integration.request.path.<name>",
        ),
    ],
)
def test_integration_validation(v2, api_id, kwargs, message):
    assert error_of(v2.create_integration, ApiId=api_id, **kwargs) == (400, "BadRequestException", message)


def test_integration_update_delete_and_references(v2, api_id, integration_id):
    updated = v2.update_integration(ApiId=api_id, IntegrationId=integration_id, TimeoutInMillis=5000)
    assert updated["TimeoutInMillis"] == 5000
    assert (
        error_of(v2.update_integration, ApiId=api_id, IntegrationId=integration_id, TimeoutInMillis=1)[0]
        == 400
    )
    route = v2.create_route(ApiId=api_id, RouteKey="$default", Target=f"integrations/{integration_id}")

    status, code, message = error_of(v2.delete_integration, ApiId=api_id, IntegrationId=integration_id)
    assert (status, code) == (409, "ConflictException")
    assert route["RouteId"] in message

    v2.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    v2.delete_integration(ApiId=api_id, IntegrationId=integration_id)
    assert v2.get_integrations(ApiId=api_id)["Items"] == []


# --- IntegrationResponse ------------------------------------------------------------------------------------------


def test_integration_responses(v2, api_id, integration_id):
    response = without_metadata(
        v2.create_integration_response(
            ApiId=api_id,
            IntegrationId=integration_id,
            IntegrationResponseKey="/4\\d\\d/",
            ResponseTemplates={"$default": "{}"},
            TemplateSelectionExpression="\\$default",
        )
    )
    response_id = response.pop("IntegrationResponseId")
    assert response == {
        "IntegrationResponseKey": "/4\\d\\d/",
        "ResponseTemplates": {"$default": "{}"},
        "TemplateSelectionExpression": "\\$default",
    }
    for key, message in [
        ("404", "Invalid IntegrationResponseKey specified: 404. Must be $default or a /regular expression/"),
        ("/4\\d\\d/", "Integration response with key /4\\d\\d/ already exists for this integration"),
    ]:
        assert (
            error_of(
                v2.create_integration_response,
                ApiId=api_id,
                IntegrationId=integration_id,
                IntegrationResponseKey=key,
            )[2]
            == message
        )
    updated = v2.update_integration_response(
        ApiId=api_id,
        IntegrationId=integration_id,
        IntegrationResponseId=response_id,
        IntegrationResponseKey="$default",
    )
    assert updated["IntegrationResponseKey"] == "$default"
    assert len(v2.get_integration_responses(ApiId=api_id, IntegrationId=integration_id)["Items"]) == 1
    v2.delete_integration_response(
        ApiId=api_id, IntegrationId=integration_id, IntegrationResponseId=response_id
    )
    assert (
        error_of(
            v2.get_integration_response,
            ApiId=api_id,
            IntegrationId=integration_id,
            IntegrationResponseId=response_id,
        )[0]
        == 404
    )


# --- Authorizer ---------------------------------------------------------------------------------------------------


def test_authorizer_lifecycle_and_rules(v2, api_id):
    authorizer = without_metadata(
        v2.create_authorizer(
            ApiId=api_id,
            AuthorizerType="REQUEST",
            Name="auth",
            AuthorizerUri=LAMBDA_URI,
            IdentitySource=[
                "route.request.header.Auth",
                "route.request.querystring.token",
                "stageVariables.v",
                "context.x",
            ],
        )
    )
    authorizer_id = authorizer.pop("AuthorizerId")
    assert authorizer == {
        "AuthorizerType": "REQUEST",
        "AuthorizerUri": LAMBDA_URI,
        "IdentitySource": [
            "route.request.header.Auth",
            "route.request.querystring.token",
            "stageVariables.v",
            "context.x",
        ],
        "Name": "auth",
    }
    base = {"ApiId": api_id, "Name": "a", "AuthorizerUri": LAMBDA_URI}
    assert error_of(
        v2.create_authorizer, AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"], **base
    )[2] == ("Invalid AuthorizerType specified: JWT. WebSocket APIs support only REQUEST authorizers")
    assert error_of(
        v2.create_authorizer, AuthorizerType="REQUEST", IdentitySource=["$request.header.Auth"], **base
    )[2] == (
        "Invalid identity source specified: $request.header.Auth. For WebSocket APIs an identity source is "
        "route.request.header.<name>, route.request.querystring.<name>, stageVariables.<name> or context.<name>"
    )
    assert (
        error_of(
            v2.create_authorizer,
            AuthorizerType="REQUEST",
            IdentitySource=["route.request.header.Auth"],
            AuthorizerPayloadFormatVersion="2.0",
            **base,
        )[2]
        == "Invalid AuthorizerPayloadFormatVersion specified: 2.0. WebSocket APIs support only 1.0"
    )

    updated = v2.update_authorizer(ApiId=api_id, AuthorizerId=authorizer_id, Name="renamed")
    assert updated["Name"] == "renamed"
    assert [a["Name"] for a in v2.get_authorizers(ApiId=api_id)["Items"]] == ["renamed"]
    v2.delete_authorizer(ApiId=api_id, AuthorizerId=authorizer_id)
    assert error_of(v2.get_authorizer, ApiId=api_id, AuthorizerId=authorizer_id)[0] == 404


def test_authorizer_quota_and_cache_reset(v2, api_id):
    for n in range(10):
        v2.create_authorizer(
            ApiId=api_id,
            AuthorizerType="REQUEST",
            Name=f"a{n}",
            AuthorizerUri=LAMBDA_URI,
            IdentitySource=["route.request.header.Auth"],
        )
    assert error_of(
        v2.create_authorizer,
        ApiId=api_id,
        AuthorizerType="REQUEST",
        Name="x",
        AuthorizerUri=LAMBDA_URI,
        IdentitySource=["route.request.header.Auth"],
    ) == (429, "TooManyRequestsException", "Maximum number of authorizers reached for this API: 10")
    v2.create_stage(ApiId=api_id, StageName="dev")
    assert (
        v2.reset_authorizers_cache(ApiId=api_id, StageName="dev")["ResponseMetadata"]["HTTPStatusCode"] == 204
    )
    assert error_of(v2.reset_authorizers_cache, ApiId=api_id, StageName="prod")[:2] == (
        404,
        "NotFoundException",
    )


# --- Model --------------------------------------------------------------------------------------------------------


def test_models_and_template(v2, api_id):
    schema = '{"type": "object", "properties": {"action": {"type": "string"}, "count": {"type": "integer"}}}'
    model = without_metadata(
        v2.create_model(ApiId=api_id, Name="Message", Schema=schema, ContentType="application/json")
    )
    model_id = model.pop("ModelId")
    assert model == {"ContentType": "application/json", "Name": "Message", "Schema": schema}
    assert v2.get_model_template(ApiId=api_id, ModelId=model_id)["Value"] == (
        "#set($inputRoot = $input.path('$'))\n{\n"
        '  "action" : "$inputRoot.action",\n  "count" : $inputRoot.count\n}\n'
    )
    assert error_of(v2.create_model, ApiId=api_id, Name="Message", Schema=schema)[:2] == (
        409,
        "ConflictException",
    )
    assert error_of(v2.create_model, ApiId=api_id, Name="bad-name", Schema=schema)[2] == (
        "Invalid model name specified: bad-name. Model names must be alphanumeric"
    )
    assert error_of(v2.create_model, ApiId=api_id, Name="Broken", Schema="{not json")[0] == 400
    route = v2.create_route(ApiId=api_id, RouteKey="send", RequestModels={"$default": "Message"})
    assert error_of(v2.delete_model, ApiId=api_id, ModelId=model_id)[0] == 409
    v2.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    assert v2.update_model(ApiId=api_id, ModelId=model_id, Description="m")["Description"] == "m"
    v2.delete_model(ApiId=api_id, ModelId=model_id)
    assert v2.get_models(ApiId=api_id)["Items"] == []


# --- Stage and Deployment -----------------------------------------------------------------------------------------


def test_stage_defaults_and_settings(v2, api_id):
    stage = without_metadata(
        v2.create_stage(
            ApiId=api_id,
            StageName="dev",
            StageVariables={"fn": "handler-dev"},
            RouteSettings={"$default": {"LoggingLevel": "INFO"}},
            AccessLogSettings={
                "DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:g",
                "Format": "$context.requestId",
            },
        )
    )
    assert isinstance(stage.pop("CreatedDate"), datetime)
    assert isinstance(stage.pop("LastUpdatedDate"), datetime)
    assert stage == {
        "AccessLogSettings": {
            "DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:g",
            "Format": "$context.requestId",
        },
        "DefaultRouteSettings": {
            "DataTraceEnabled": False,
            "DetailedMetricsEnabled": False,
            "ThrottlingBurstLimit": 5000,
            "ThrottlingRateLimit": 10000.0,
        },
        "RouteSettings": {"$default": {"LoggingLevel": "INFO"}},
        "StageName": "dev",
        "StageVariables": {"fn": "handler-dev"},
        "Tags": {},
    }
    updated = v2.update_stage(
        ApiId=api_id,
        StageName="dev",
        StageVariables={"other": "x"},
        DefaultRouteSettings={"ThrottlingBurstLimit": 10},
    )
    assert updated["StageVariables"] == {"fn": "handler-dev", "other": "x"}
    assert updated["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 10
    v2.delete_route_settings(ApiId=api_id, StageName="dev", RouteKey="$default")
    v2.delete_access_log_settings(ApiId=api_id, StageName="dev")
    stage = v2.get_stage(ApiId=api_id, StageName="dev")
    assert stage["RouteSettings"] == {} and "AccessLogSettings" not in stage
    assert error_of(v2.delete_route_settings, ApiId=api_id, StageName="dev", RouteKey="$default")[0] == 404


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"StageName": "bad stage"},
            "Invalid stage name specified: bad stage. Stage names may contain only "
            "alphanumeric characters, hyphens and underscores, and be at most 128 characters long",
        ),
        (
            {"StageName": "dev", "StageVariables": {"bad-name": "v"}},
            "Stage variable name bad-name must contain only alphanumeric characters and underscores",
        ),
        (
            {"StageName": "dev", "StageVariables": {"v": "sp ace"}},
            "Stage variable value sp ace for v may contain only alphanumeric characters and the symbols -._~:/?#&=,",
        ),
        ({"StageName": "dev", "DeploymentId": "abcdef"}, "Invalid Deployment identifier specified abcdef"),
    ],
)
def test_stage_validation(v2, api_id, kwargs, message):
    assert error_of(v2.create_stage, ApiId=api_id, **kwargs)[2] == message


def test_stage_conflict_and_quota(v2, api_id):
    for n in range(10):
        v2.create_stage(ApiId=api_id, StageName=f"s{n}")
    assert error_of(v2.create_stage, ApiId=api_id, StageName="s0") == (
        409,
        "ConflictException",
        "Stage s0 already exists",
    )
    assert error_of(v2.create_stage, ApiId=api_id, StageName="s10") == (
        429,
        "TooManyRequestsException",
        "Maximum number of stages reached for this API: 10",
    )
    v2.delete_stage(ApiId=api_id, StageName="s0")
    assert error_of(v2.get_stage, ApiId=api_id, StageName="s0")[2] == "Invalid Stage identifier specified s0"


def test_deployment_needs_routes(v2, api_id):
    assert error_of(v2.create_deployment, ApiId=api_id) == (
        400,
        "BadRequestException",
        "Unable to deploy API because no routes exist in this API",
    )


def deployed(localstack, api_id, stage) -> requests.Response:
    return requests.get(
        f"{localstack.endpoint}/_extension/localstack-ws-ext/apis/{api_id}/stages/{stage}/deployment",
        timeout=10,
    )


def test_deployments_are_snapshots(v2, localstack, api_id, integration_id):
    route = v2.create_route(ApiId=api_id, RouteKey="$default", Target=f"integrations/{integration_id}")
    v2.create_stage(ApiId=api_id, StageName="dev")
    assert deployed(localstack, api_id, "dev").status_code == 404  # stage exists, nothing deployed yet

    deployment = without_metadata(v2.create_deployment(ApiId=api_id, StageName="dev", Description="first"))
    deployment_id = deployment.pop("DeploymentId")
    assert isinstance(deployment.pop("CreatedDate"), datetime)
    assert deployment == {"AutoDeployed": False, "DeploymentStatus": "DEPLOYED", "Description": "first"}
    assert v2.get_stage(ApiId=api_id, StageName="dev")["DeploymentId"] == deployment_id

    # a change after the deployment is live configuration, not what the stage serves
    v2.update_route(ApiId=api_id, RouteId=route["RouteId"], RouteKey="changed")
    v2.create_route(ApiId=api_id, RouteKey="added")
    served = deployed(localstack, api_id, "dev").json()
    assert served["deploymentId"] == deployment_id
    assert [r["RouteKey"] for r in served["routes"].values()] == ["$default"]

    second = v2.create_deployment(ApiId=api_id, StageName="dev")
    served = deployed(localstack, api_id, "dev").json()
    assert sorted(r["RouteKey"] for r in served["routes"].values()) == ["added", "changed"]
    assert [d["DeploymentId"] for d in v2.get_deployments(ApiId=api_id)["Items"]] == [
        deployment_id,
        second["DeploymentId"],
    ]

    assert error_of(v2.delete_deployment, ApiId=api_id, DeploymentId=second["DeploymentId"]) == (
        400,
        "BadRequestException",
        "Active stages pointing to this deployment must be moved or deleted",
    )
    assert (
        v2.update_deployment(ApiId=api_id, DeploymentId=deployment_id, Description="d")["Description"] == "d"
    )
    v2.delete_deployment(ApiId=api_id, DeploymentId=deployment_id)
    assert error_of(v2.get_deployment, ApiId=api_id, DeploymentId=deployment_id)[0] == 404


def test_deployment_without_stage_is_not_served_until_a_stage_points_to_it(v2, localstack, api_id):
    v2.create_route(ApiId=api_id, RouteKey="$default")
    v2.create_stage(ApiId=api_id, StageName="dev")
    deployment_id = v2.create_deployment(ApiId=api_id)["DeploymentId"]
    assert deployed(localstack, api_id, "dev").status_code == 404
    v2.update_stage(ApiId=api_id, StageName="dev", DeploymentId=deployment_id)
    assert deployed(localstack, api_id, "dev").json()["deploymentId"] == deployment_id


def test_auto_deploy(v2, localstack, api_id):
    stage = v2.create_stage(ApiId=api_id, StageName="live", AutoDeploy=True)
    assert stage["LastDeploymentStatusMessage"] == (
        "Deployment attempt failed: Unable to deploy API because no routes exist in this API"
    )
    v2.create_route(ApiId=api_id, RouteKey="$default")
    stage = v2.get_stage(ApiId=api_id, StageName="live")
    deployment = v2.get_deployment(ApiId=api_id, DeploymentId=stage["DeploymentId"])
    assert deployment["AutoDeployed"] is True
    assert stage["LastDeploymentStatusMessage"] == (
        f"Successfully deployed stage with deployment ID '{stage['DeploymentId']}'"
    )
    v2.create_route(ApiId=api_id, RouteKey="join")
    assert sorted(r["RouteKey"] for r in deployed(localstack, api_id, "live").json()["routes"].values()) == [
        "$default",
        "join",
    ]
    assert error_of(v2.update_stage, ApiId=api_id, StageName="live", DeploymentId=stage["DeploymentId"])[
        2
    ] == ("DeploymentId cannot be set on a stage with AutoDeploy enabled")


# --- Tags, domain names, API mappings -----------------------------------------------------------------------------


def test_tags_on_apis_and_stages(v2, api_id):
    v2.create_stage(ApiId=api_id, StageName="dev", Tags={"a": "1"})
    api_arn = f"arn:aws:apigateway:us-east-1::/apis/{api_id}"
    stage_arn = f"{api_arn}/stages/dev"

    v2.tag_resource(ResourceArn=api_arn, Tags={"team": "chat", "env": "dev"})
    v2.untag_resource(ResourceArn=api_arn, TagKeys=["env"])
    v2.tag_resource(ResourceArn=stage_arn, Tags={"b": "2"})

    assert v2.get_tags(ResourceArn=api_arn)["Tags"] == {"team": "chat"}
    assert v2.get_api(ApiId=api_id)["Tags"] == {"team": "chat"}
    assert v2.get_tags(ResourceArn=stage_arn)["Tags"] == {"a": "1", "b": "2"}
    assert (
        error_of(v2.get_tags, ResourceArn="arn:aws:s3:::bucket")[2]
        == "Invalid resource ARN specified: arn:aws:s3:::bucket"
    )


def test_domain_names_and_api_mappings(v2, api_id):
    domain = f"ws-{uuid.uuid4().hex[:6]}.example.com"
    created = v2.create_domain_name(
        DomainName=domain,
        DomainNameConfigurations=[
            {"CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/x", "EndpointType": "REGIONAL"}
        ],
        Tags={"k": "v"},
    )
    assert created["DomainName"] == domain
    assert created["ApiMappingSelectionExpression"] == "$request.basepath"
    configuration = created["DomainNameConfigurations"][0]
    assert (
        configuration["EndpointType"],
        configuration["DomainNameStatus"],
        configuration["SecurityPolicy"],
    ) == ("REGIONAL", "AVAILABLE", "TLS_1_2")
    assert error_of(v2.create_domain_name, DomainName=domain)[:2] == (409, "ConflictException")
    v2.create_stage(ApiId=api_id, StageName="dev")
    assert error_of(v2.create_api_mapping, DomainName=domain, ApiId=api_id, Stage="prod")[2] == (
        "Invalid Stage identifier specified prod"
    )
    mapping = without_metadata(v2.create_api_mapping(DomainName=domain, ApiId=api_id, Stage="dev"))
    mapping_id = mapping.pop("ApiMappingId")
    assert mapping == {"ApiId": api_id, "Stage": "dev"}
    assert v2.get_api_mapping(DomainName=domain, ApiMappingId=mapping_id)["Stage"] == "dev"
    assert [m["ApiMappingId"] for m in v2.get_api_mappings(DomainName=domain)["Items"]] == [mapping_id]
    v2.delete_api_mapping(DomainName=domain, ApiMappingId=mapping_id)
    assert v2.get_api_mappings(DomainName=domain)["Items"] == []
    assert domain in [d["DomainName"] for d in v2.get_domain_names()["Items"]]
    v2.delete_domain_name(DomainName=domain)
    assert error_of(v2.get_domain_name, DomainName=domain)[:2] == (404, "NotFoundException")


# --- Pagination, isolation, reset ---------------------------------------------------------------------------------


def test_every_list_call_paginates(v2, api_id, integration_id):
    route_ids = [v2.create_route(ApiId=api_id, RouteKey=f"k{n}")["RouteId"] for n in range(5)]
    pages, token = [], None
    while True:
        page = v2.get_routes(ApiId=api_id, MaxResults="2", **({"NextToken": token} if token else {}))
        pages.append([r["RouteId"] for r in page["Items"]])
        token = page.get("NextToken")
        if not token:
            break
    assert pages == [route_ids[0:2], route_ids[2:4], route_ids[4:5]]
    assert v2.get_routes(ApiId=api_id)["Items"] and "NextToken" not in v2.get_routes(ApiId=api_id)
    assert error_of(v2.get_routes, ApiId=api_id, NextToken="garbage!")[0] == 400
    assert error_of(v2.get_routes, ApiId=api_id, MaxResults="0")[0] == 400

    v2.create_integration(ApiId=api_id, IntegrationType="MOCK")
    v2.create_stage(ApiId=api_id, StageName="a")
    v2.create_stage(ApiId=api_id, StageName="b")
    for call, kwargs in [
        (v2.get_integrations, {"ApiId": api_id}),
        (v2.get_stages, {"ApiId": api_id}),
        (v2.get_apis, {}),
    ]:
        first = call(MaxResults="1", **kwargs)
        assert len(first["Items"]) == 1 and "NextToken" in first
        second = call(MaxResults="1", NextToken=first["NextToken"], **kwargs)
        assert second["Items"] != first["Items"]


def test_accounts_and_regions_are_isolated(localstack, v2):
    other_account = localstack.client("apigatewayv2", aws_access_key_id="111111111111")
    other_region = localstack.client("apigatewayv2", region="eu-west-1")
    api_id = other_account.create_api(Name="theirs", ProtocolType="WEBSOCKET", RouteSelectionExpression=RSE)[
        "ApiId"
    ]

    assert api_id not in [api["ApiId"] for api in v2.get_apis()["Items"]]
    assert api_id not in [api["ApiId"] for api in other_region.get_apis()["Items"]]
    assert error_of(v2.get_api, ApiId=api_id)[2] == f"Invalid API identifier specified 000000000000:{api_id}"
    assert other_account.get_api(ApiId=api_id)["Name"] == "theirs"


def test_reset_endpoint_forgets_everything(localstack, v2, api_id):
    response = requests.post(f"{localstack.endpoint}/_extension/localstack-ws-ext/state/reset", timeout=10)
    assert (response.status_code, response.json()) == (200, {"reset": ["apigatewayv2"]})
    assert v2.get_apis()["Items"] == []
    assert error_of(v2.get_api, ApiId=api_id)[0] == 404
