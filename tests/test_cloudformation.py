"""AWS::ApiGatewayV2::* in CloudFormation: every type created, updated in place, replaced and deleted through the
extension's control plane, with Ref / Fn::GetAtt as AWS documents them and failures as AWS reports them."""

import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.stacks import delete, deploy, failures, public_dns_for_localstack_hosts
from tests.tls import served_certificate, trusting_certificate_file

AUTHORIZER_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:000000000000:function:authorizer/invocations"
)
CERTIFICATE_ARN = "arn:aws:acm:us-east-1:000000000000:certificate/0e7b1c4a-0000-4000-8000-000000000000"
MESSAGE_SCHEMA = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}


def ref(name: str) -> dict:
    return {"Ref": name}


def get_att(name: str, attribute: str) -> dict:
    return {"Fn::GetAtt": [name, attribute]}


def api(description: str | None = None, **tags: str) -> dict:
    properties = {
        "Name": "cfn-chat",
        "ProtocolType": "WEBSOCKET",
        "RouteSelectionExpression": "$request.body.action",
        "Tags": tags,
    }
    if description:
        properties["Description"] = description
    return {"Type": "AWS::ApiGatewayV2::Api", "Properties": properties}


def mock_route(home: str, reply: str, operation_name: str | None = None) -> dict:
    """A two-way MOCK $default route answering ``{"reply": <reply>, "connectionId": ...}``."""
    route = {
        "ApiId": ref(home),
        "RouteKey": "$default",
        "Target": {"Fn::Join": ["/", ["integrations", ref("Integration")]]},
        "RouteResponseSelectionExpression": "$default",
    }
    if operation_name:
        route["OperationName"] = operation_name
    return {
        "Integration": {
            "Type": "AWS::ApiGatewayV2::Integration",
            "Properties": {
                "ApiId": ref(home),
                "IntegrationType": "MOCK",
                "RequestTemplates": {"$default": '{"statusCode": 200}'},
                "TemplateSelectionExpression": "\\$default",
                "TimeoutInMillis": 29000 if reply == "a" else 10000,
            },
        },
        "IntegrationResponse": {
            "Type": "AWS::ApiGatewayV2::IntegrationResponse",
            "Properties": {
                "ApiId": ref(home),
                "IntegrationId": ref("Integration"),
                "IntegrationResponseKey": "$default",
                "ResponseTemplates": {
                    "$default": f'{{"reply": "{reply}", "connectionId": "$context.connectionId"}}'
                },
            },
        },
        "Route": {"Type": "AWS::ApiGatewayV2::Route", "Properties": route},
        "RouteResponse": {
            "Type": "AWS::ApiGatewayV2::RouteResponse",
            "Properties": {
                "ApiId": ref(home),
                "RouteId": ref("Route"),
                "RouteResponseKey": "$default",
                "ModelSelectionExpression": "$default" if reply == "a" else "$request.body.kind",
            },
        },
    }


def every_type(
    variant: str = "a", home: str = "ApiA", stage: str = "dev", domain: str = "ws.example.com"
) -> dict:
    """One stack with all eleven types; ``variant`` changes properties that update in place, ``home`` / ``stage``
    / ``domain`` change properties that replace (createOnlyProperties)."""
    a = variant == "a"
    resources = {
        "ApiA": api("first" if a else None, team=variant, **({"temp": "x"} if a else {})),
        "ApiB": api("second"),
        **mock_route(home, reply=variant, operation_name="send" if a else None),
        "Authorizer": {
            "Type": "AWS::ApiGatewayV2::Authorizer",
            "Properties": {
                "ApiId": ref(home),
                "Name": "auth",
                "AuthorizerType": "REQUEST",
                "AuthorizerUri": AUTHORIZER_URI,
                "IdentitySource": ["route.request.header.Auth" if a else "route.request.querystring.token"],
            },
        },
        "Model": {
            "Type": "AWS::ApiGatewayV2::Model",
            "Properties": {
                "ApiId": ref(home),
                "Name": "Message",
                "ContentType": "application/json",
                "Description": f"model {variant}",
                "Schema": MESSAGE_SCHEMA if a else json.dumps({**MESSAGE_SCHEMA, "required": ["action"]}),
            },
        },
        "Deployment": {
            "Type": "AWS::ApiGatewayV2::Deployment",
            "DependsOn": ["Route", "RouteResponse", "IntegrationResponse"],
            "Properties": {"ApiId": ref(home), "Description": f"deployment {variant}"},
        },
        "Stage": {
            "Type": "AWS::ApiGatewayV2::Stage",
            "Properties": {
                "ApiId": ref(home),
                "StageName": stage,
                "DeploymentId": ref("Deployment"),
                "Description": f"stage {variant}",
                "StageVariables": {"color": "red", "size": "s"} if a else {"color": "blue"},
                "Tags": {"team": variant},
            },
        },
        "DomainName": {
            "Type": "AWS::ApiGatewayV2::DomainName",
            "Properties": {
                "DomainName": domain,
                "DomainNameConfigurations": [{"EndpointType": "REGIONAL", "CertificateArn": CERTIFICATE_ARN}],
                "Tags": {"team": variant},
            },
        },
        "ApiMapping": {
            "Type": "AWS::ApiGatewayV2::ApiMapping",
            "Properties": {
                "DomainName": ref("DomainName"),
                "ApiId": ref(home),
                "Stage": ref("Stage"),
                "ApiMappingKey": f"v{variant}",
            },
        },
    }
    outputs = {
        "ApiId": ref("ApiA"),
        "ApiIdAttribute": get_att("ApiA", "ApiId"),
        "ApiEndpoint": get_att("ApiA", "ApiEndpoint"),
        "ExecuteApiArn": get_att("ApiA", "ExecuteApiArn"),
        "HomeApiId": ref(home),
        "RouteId": ref("Route"),
        "RouteIdAttribute": get_att("Route", "RouteId"),
        "RouteResponseId": ref("RouteResponse"),
        "RouteResponseIdAttribute": get_att("RouteResponse", "RouteResponseId"),
        "IntegrationId": ref("Integration"),
        "IntegrationIdAttribute": get_att("Integration", "IntegrationId"),
        "IntegrationResponseId": ref("IntegrationResponse"),
        "IntegrationResponseIdAttribute": get_att("IntegrationResponse", "IntegrationResponseId"),
        "AuthorizerId": ref("Authorizer"),
        "AuthorizerIdAttribute": get_att("Authorizer", "AuthorizerId"),
        "ModelId": ref("Model"),
        "ModelIdAttribute": get_att("Model", "ModelId"),
        "DeploymentId": ref("Deployment"),
        "DeploymentIdAttribute": get_att("Deployment", "DeploymentId"),
        "StageName": ref("Stage"),
        "DomainName": ref("DomainName"),
        "RegionalDomainName": get_att("DomainName", "RegionalDomainName"),
        "RegionalHostedZoneId": get_att("DomainName", "RegionalHostedZoneId"),
        "DomainNameArn": get_att("DomainName", "DomainNameArn"),
        "ApiMappingId": ref("ApiMapping"),
        "ApiMappingIdAttribute": get_att("ApiMapping", "ApiMappingId"),
    }
    return {"Resources": resources, "Outputs": {key: {"Value": value} for key, value in outputs.items()}}


def stage_url(localstack, api_id: str, stage: str) -> str:
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/{stage}"


def reply_of(url: str, **kwargs) -> dict:
    with connect(url, open_timeout=20, **kwargs) as ws:
        ws.send(json.dumps({"action": "anything"}))
        return json.loads(ws.recv(timeout=20))


def assert_matches_control_plane(v2, outputs: dict, home: str) -> None:
    """Every Ref and Fn::GetAtt is the id or value the apigatewayv2 API reports, never a placeholder."""
    assert "unknown" not in outputs.values()
    for name, value in outputs.items():
        if name.endswith("Attribute"):
            assert value == outputs[name.removesuffix("Attribute")], name
    api = v2.get_api(ApiId=outputs["ApiId"])
    assert outputs["ApiEndpoint"] == api["ApiEndpoint"]
    assert outputs["ExecuteApiArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{api['ApiId']}"
    assert outputs["HomeApiId"] == home
    (route,) = v2.get_routes(ApiId=home)["Items"]
    assert (route["RouteId"], route["Target"]) == (
        outputs["RouteId"],
        f"integrations/{outputs['IntegrationId']}",
    )
    (route_response,) = v2.get_route_responses(ApiId=home, RouteId=route["RouteId"])["Items"]
    assert route_response["RouteResponseId"] == outputs["RouteResponseId"]
    (integration,) = v2.get_integrations(ApiId=home)["Items"]
    assert integration["IntegrationId"] == outputs["IntegrationId"]
    (integration_response,) = v2.get_integration_responses(
        ApiId=home, IntegrationId=outputs["IntegrationId"]
    )["Items"]
    assert integration_response["IntegrationResponseId"] == outputs["IntegrationResponseId"]
    (authorizer,) = v2.get_authorizers(ApiId=home)["Items"]
    assert authorizer["AuthorizerId"] == outputs["AuthorizerId"]
    (model,) = v2.get_models(ApiId=home)["Items"]
    assert model["ModelId"] == outputs["ModelId"]
    stage = v2.get_stage(ApiId=home, StageName=outputs["StageName"])
    assert stage["DeploymentId"] == outputs["DeploymentId"]
    v2.get_deployment(ApiId=home, DeploymentId=outputs["DeploymentId"])
    domain = v2.get_domain_name(DomainName=outputs["DomainName"])
    configuration = domain["DomainNameConfigurations"][0]
    assert outputs["RegionalDomainName"] == configuration["ApiGatewayDomainName"]
    assert outputs["RegionalHostedZoneId"] == configuration["HostedZoneId"]
    assert outputs["DomainNameArn"] == f"arn:aws:apigateway:us-east-1::/domainnames/{outputs['DomainName']}"
    (mapping,) = v2.get_api_mappings(DomainName=outputs["DomainName"])["Items"]
    assert (mapping["ApiMappingId"], mapping["ApiId"], mapping["Stage"]) == (
        outputs["ApiMappingId"],
        home,
        outputs["StageName"],
    )


REF_OUTPUTS = {
    "ApiA": "ApiId",
    "Route": "RouteId",
    "RouteResponse": "RouteResponseId",
    "Integration": "IntegrationId",
    "IntegrationResponse": "IntegrationResponseId",
    "Authorizer": "AuthorizerId",
    "Model": "ModelId",
    "Deployment": "DeploymentId",
    "Stage": "StageName",
    "DomainName": "DomainName",
    "ApiMapping": "ApiMappingId",
}


@pytest.fixture(scope="module")
def cfn(localstack):
    return localstack.client("cloudformation")


@pytest.fixture(scope="module")
def v2(localstack):
    return localstack.client("apigatewayv2")


def test_every_type_created_updated_replaced_and_deleted(localstack, cfn, v2):
    # create
    created = deploy(cfn, "every-type", every_type())
    assert created.status == "CREATE_COMPLETE"
    outputs = created.outputs
    home = outputs["ApiId"]
    assert_matches_control_plane(v2, outputs, home)
    for logical_id, output in REF_OUTPUTS.items():  # the physical id is what Ref returns
        assert created.physical_id(logical_id) == outputs[output], logical_id
    assert created.resources["ApiB"]["PhysicalResourceId"] != home
    api = v2.get_api(ApiId=home)
    assert (api["Name"], api["Description"], api["Tags"]) == ("cfn-chat", "first", {"team": "a", "temp": "x"})
    assert v2.get_route(ApiId=home, RouteId=outputs["RouteId"])["OperationName"] == "send"
    assert v2.get_integration(ApiId=home, IntegrationId=outputs["IntegrationId"])["TimeoutInMillis"] == 29000
    assert json.loads(v2.get_model(ApiId=home, ModelId=outputs["ModelId"])["Schema"]) == MESSAGE_SCHEMA
    stage = v2.get_stage(ApiId=home, StageName="dev")
    assert (stage["StageVariables"], stage["Tags"]) == ({"color": "red", "size": "s"}, {"team": "a"})
    reply = reply_of(stage_url(localstack, home, "dev"))
    assert reply["reply"] == "a"

    # update in place: same ids, new values; properties the template dropped are cleared
    updated = deploy(cfn, "every-type", every_type(variant="b"))
    assert updated.status == "UPDATE_COMPLETE"
    assert {key: updated.outputs[key] for key in REF_OUTPUTS.values()} == {
        key: outputs[key] for key in REF_OUTPUTS.values()
    }
    api = v2.get_api(ApiId=home)
    assert "Description" not in api
    assert api["Tags"] == {"team": "b"}
    route = v2.get_route(ApiId=home, RouteId=outputs["RouteId"])
    assert "OperationName" not in route
    assert v2.get_integration(ApiId=home, IntegrationId=outputs["IntegrationId"])["TimeoutInMillis"] == 10000
    response = v2.get_integration_response(
        ApiId=home,
        IntegrationId=outputs["IntegrationId"],
        IntegrationResponseId=outputs["IntegrationResponseId"],
    )
    assert '"reply": "b"' in response["ResponseTemplates"]["$default"]
    route_response = v2.get_route_response(
        ApiId=home, RouteId=outputs["RouteId"], RouteResponseId=outputs["RouteResponseId"]
    )
    assert route_response["ModelSelectionExpression"] == "$request.body.kind"
    authorizer = v2.get_authorizer(ApiId=home, AuthorizerId=outputs["AuthorizerId"])
    assert authorizer["IdentitySource"] == ["route.request.querystring.token"]
    model = v2.get_model(ApiId=home, ModelId=outputs["ModelId"])
    assert (model["Description"], json.loads(model["Schema"])["required"]) == ("model b", ["action"])
    assert (
        v2.get_deployment(ApiId=home, DeploymentId=outputs["DeploymentId"])["Description"] == "deployment b"
    )
    stage = v2.get_stage(ApiId=home, StageName="dev")
    assert (stage["Description"], stage["StageVariables"], stage["Tags"]) == (
        "stage b",
        {"color": "blue"},
        {"team": "b"},
    )
    assert v2.get_domain_name(DomainName="ws.example.com")["Tags"] == {"team": "b"}
    assert v2.get_api_mapping(DomainName="ws.example.com", ApiMappingId=outputs["ApiMappingId"])[
        "ApiMappingKey"
    ] == ("vb")
    # the stage still serves the deployment it points to (a deployment is a snapshot, as on AWS)
    assert reply_of(stage_url(localstack, home, "dev"))["reply"] == "a"

    # replacement: a change to a createOnlyProperty makes a new resource and deletes the old one
    api_b = updated.physical_id("ApiB")
    replaced = deploy(
        cfn, "every-type", every_type(variant="b", home="ApiB", stage="prod", domain="ws2.example.com")
    )
    assert replaced.status == "UPDATE_COMPLETE"
    assert replaced.outputs["ApiId"] == home  # ApiA itself is unchanged
    assert_matches_control_plane(v2, replaced.outputs, api_b)
    for logical_id, output in REF_OUTPUTS.items():
        if logical_id != "ApiA":
            assert replaced.outputs[output] != outputs[output], logical_id
    for listing in (v2.get_routes, v2.get_integrations, v2.get_authorizers, v2.get_models, v2.get_stages):
        assert listing(ApiId=home)["Items"] == []
    assert [d["DomainName"] for d in v2.get_domain_names()["Items"]] == ["ws2.example.com"]
    assert reply_of(stage_url(localstack, api_b, "prod"))["reply"] == "b"

    # delete: the APIs go, and with them their live connections
    with connect(stage_url(localstack, api_b, "prod"), open_timeout=20) as ws:
        delete(cfn, "every-type")
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=20)
        assert (ws.close_code, ws.close_reason) == (1001, "Going away")
    assert [a["ApiId"] for a in v2.get_apis()["Items"] if a["ApiId"] in (home, api_b)] == []
    assert v2.get_domain_names()["Items"] == []


def serverless_style(deployment: str, reply: str) -> dict:
    """Serverless Framework's shape: the Deployment's logical id is a hash of the API, so every change adds a
    new Deployment and moves the Stage to it."""
    return {
        "Resources": {
            "WebsocketsApi": api("sls"),
            **mock_route("WebsocketsApi", reply),
            deployment: {
                "Type": "AWS::ApiGatewayV2::Deployment",
                "DependsOn": ["Route", "RouteResponse", "IntegrationResponse"],
                "Properties": {"ApiId": ref("WebsocketsApi"), "Description": reply},
            },
            "WebsocketsDeploymentStage": {
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": {
                    "ApiId": ref("WebsocketsApi"),
                    "StageName": "dev",
                    "DeploymentId": ref(deployment),
                },
            },
        },
        "Outputs": {"ApiId": {"Value": ref("WebsocketsApi")}, "DeploymentId": {"Value": ref(deployment)}},
    }


def test_a_stage_moves_to_a_new_deployment(localstack, cfn, v2):
    first = deploy(cfn, "sls-style", serverless_style("WebsocketsDeployment1a2b", "one"))
    api_id = first.outputs["ApiId"]
    assert reply_of(stage_url(localstack, api_id, "dev"))["reply"] == "one"

    second = deploy(cfn, "sls-style", serverless_style("WebsocketsDeployment3c4d", "two"))
    assert second.outputs["ApiId"] == api_id
    assert second.outputs["DeploymentId"] != first.outputs["DeploymentId"]
    assert v2.get_stage(ApiId=api_id, StageName="dev")["DeploymentId"] == second.outputs["DeploymentId"]
    assert [d["DeploymentId"] for d in v2.get_deployments(ApiId=api_id)["Items"]] == [
        second.outputs["DeploymentId"]
    ]
    assert reply_of(stage_url(localstack, api_id, "dev"))["reply"] == "two"
    delete(cfn, "sls-style")
    assert api_id not in [a["ApiId"] for a in v2.get_apis()["Items"]]


def test_auto_deploy_stage_without_a_deployment_resource(localstack, cfn, v2):
    # CDK's WebSocketStage(autoDeploy: true): no Deployment resource; each change is deployed by the stage
    template = {
        "Resources": {
            "Api": api("cdk"),
            **mock_route("Api", "auto"),
            "Stage": {
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": {"ApiId": ref("Api"), "StageName": "live", "AutoDeploy": True},
            },
        },
        "Outputs": {"ApiId": {"Value": ref("Api")}},
    }
    api_id = deploy(cfn, "auto-deploy", template).outputs["ApiId"]
    stage = v2.get_stage(ApiId=api_id, StageName="live")
    assert stage["AutoDeploy"] is True
    assert stage["LastDeploymentStatusMessage"].startswith("Successfully deployed stage with deployment ID")
    assert reply_of(stage_url(localstack, api_id, "live"))["reply"] == "auto"
    delete(cfn, "auto-deploy")


def test_a_failed_create_rolls_back_with_the_control_planes_error(cfn, v2):
    template = {
        "Resources": {
            "Api": api("broken"),
            "Route": {
                "Type": "AWS::ApiGatewayV2::Route",
                "Properties": {"ApiId": ref("Api"), "RouteKey": "$default", "Target": "integrations/nope123"},
            },
        }
    }
    before = {a["ApiId"] for a in v2.get_apis()["Items"]}
    stack = deploy(cfn, "broken", template, expect_failure=True)
    assert stack.status == "ROLLBACK_COMPLETE"
    reason = failures(cfn, "broken")["Route"]
    assert reason.startswith(
        'Resource handler returned message: "Invalid Integration identifier specified nope123 '
        "(Service: ApiGatewayV2, Status Code: 404, Request ID: "
    )
    assert reason.endswith("HandlerErrorCode: NotFound)")
    assert {a["ApiId"] for a in v2.get_apis()["Items"]} == before  # the API made before the failure is gone
    delete(cfn, "broken")


def test_an_http_api_fails_with_the_control_planes_error(cfn):
    template = {
        "Resources": {
            "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "h", "ProtocolType": "HTTP"}}
        }
    }
    assert deploy(cfn, "http-api", template, expect_failure=True).status == "ROLLBACK_COMPLETE"
    reason = failures(cfn, "http-api")["Api"]
    assert (
        'Resource handler returned message: "HTTP APIs are not supported by localstack-ws-ext, which emulates '
        "WebSocket APIs: use ProtocolType=WEBSOCKET (REST APIs are served by LocalStack's apigateway service). "
        "(Service: ApiGatewayV2, Status Code: 400, " in reason
    )
    assert reason.endswith("HandlerErrorCode: InvalidRequest)")
    delete(cfn, "http-api")


@pytest.mark.parametrize(
    "properties, message",
    [
        (
            {"ApiId": "abc", "Foo": 1},
            "#: extraneous key [Foo] is not permitted, #: required key [RouteKey] not found",
        ),
        (
            {"ApiId": "abc", "RouteKey": "$default", "ApiKeyRequired": "maybe"},
            "#/ApiKeyRequired: expected type: ",
        ),
    ],
)
def test_properties_are_validated_against_the_schema(cfn, properties, message):
    template = {"Resources": {"BadRoute": {"Type": "AWS::ApiGatewayV2::Route", "Properties": properties}}}
    deploy(cfn, "bad-properties", template, expect_failure=True)
    reason = failures(cfn, "bad-properties")["BadRoute"]
    assert reason.startswith(f"Properties validation failed for resource BadRoute with message: {message}")
    delete(cfn, "bad-properties")


def test_openapi_import_properties_are_refused_for_websocket_apis(cfn):
    template = {"Resources": {"Api": api("import")}}
    template["Resources"]["Api"]["Properties"]["Body"] = {"openapi": "3.0.1"}
    deploy(cfn, "import", template, expect_failure=True)
    assert failures(cfn, "import")["Api"] == "Body (an OpenAPI import) is supported only for HTTP APIs"
    delete(cfn, "import")


def test_printed_urls_connect_as_printed(localstack, cfn, v2):
    """CDK prints ``url`` as ``wss://{api}.execute-api.{region}.{URLSuffix}/{stage}`` and ``callbackUrl`` as
    ``https://...``: both get LocalStack's port, as ``https://`` URLs always did in LocalStack."""
    template = {
        "Resources": {
            "Api": api("urls"),
            **mock_route("Api", "url"),
            "Stage": {
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": {"ApiId": ref("Api"), "StageName": "dev", "AutoDeploy": True},
            },
        },
        "Outputs": {
            "Url": {
                "Value": {"Fn::Sub": "wss://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}"}
            },
            "PlainUrl": {
                "Value": {"Fn::Sub": "ws://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}"}
            },
            "CallbackUrl": {
                "Value": {"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}"}
            },
            "ApiEndpoint": {"Value": get_att("Api", "ApiEndpoint")},
        },
    }
    stack = deploy(cfn, "urls", template)
    api_id, port = stack.physical_id("Api"), localstack.port
    host = f"{api_id}.execute-api.localhost.localstack.cloud:{port}"
    assert stack.outputs == {
        "Url": f"wss://{host}/dev",
        "PlainUrl": f"ws://{host}/dev",
        "CallbackUrl": f"https://{host}/dev",
        "ApiEndpoint": f"ws://{host}",
    }
    # trust the certificate LocalStack serves (self-signed), and check it names the hosts
    certificate = served_certificate(port, localstack.workdir)
    tls = trusting_certificate_file(certificate)
    with public_dns_for_localstack_hosts():
        for url, options in (
            (stack.outputs["Url"], {"ssl": tls}),
            (stack.outputs["PlainUrl"], {}),
            (f"{stack.outputs['ApiEndpoint']}/dev", {}),
            # the host with the region label, as AWS spells it
            (f"wss://{api_id}.execute-api.us-east-1.localhost.localstack.cloud:{port}/dev", {"ssl": tls}),
        ):
            reply = reply_of(url, **options)
            assert reply["reply"] == "url", url
        # the @connections endpoint at the printed callback URL, as a backend would call it
        with connect(stack.outputs["Url"], ssl=tls, open_timeout=20) as ws:
            ws.send("{}")
            connection_id = json.loads(ws.recv(timeout=20))["connectionId"]
            management = localstack.client(
                "apigatewaymanagementapi",
                endpoint_url=stack.outputs["CallbackUrl"],
                verify=str(certificate),
            )
            management.post_to_connection(ConnectionId=connection_id, Data=b"pushed")
            assert ws.recv(timeout=20) == "pushed"
    delete(cfn, "urls")
