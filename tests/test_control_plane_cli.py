"""The apigatewayv2 control plane through the AWS CLI (`aws --endpoint-url ...`), as users script it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

AWS = shutil.which("aws", path=str(Path(sys.executable).parent)) or shutil.which("aws")
LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:000000000000:function:handler/invocations"
)


@pytest.fixture(scope="module")
def cli(localstack):
    if not AWS:
        pytest.fail("the AWS CLI is not installed (make install puts it in the venv)")
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_PAGER": "",
    }

    def run(*args: str, expect_error: bool = False):
        result = subprocess.run(
            [AWS, "--endpoint-url", localstack.endpoint, "--output", "json", "apigatewayv2", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        if expect_error:
            assert result.returncode != 0, result.stdout
            return result.stderr.strip()
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if result.stdout.strip() else None

    return run


def new_api(cli, name: str) -> dict:
    return cli(
        "create-api",
        "--name",
        name,
        "--protocol-type",
        "WEBSOCKET",
        "--route-selection-expression",
        "$request.body.action",
    )


def test_api_route_integration_and_responses(cli):
    api = new_api(cli, "cli-chat")
    api_id = api["ApiId"]
    assert api["ProtocolType"] == "WEBSOCKET"
    assert api["ApiEndpoint"].startswith(f"ws://{api_id}.execute-api.localhost.localstack.cloud:")
    assert cli("get-api", "--api-id", api_id)["Name"] == "cli-chat"
    assert api_id in [item["ApiId"] for item in cli("get-apis")["Items"]]
    assert cli("update-api", "--api-id", api_id, "--name", "renamed")["Name"] == "renamed"

    integration = cli(
        "create-integration",
        "--api-id",
        api_id,
        "--integration-type",
        "AWS_PROXY",
        "--integration-uri",
        LAMBDA_URI,
    )
    integration_id = integration["IntegrationId"]
    assert (integration["PassthroughBehavior"], integration["TimeoutInMillis"]) == ("WHEN_NO_MATCH", 29000)
    assert (
        cli("get-integration", "--api-id", api_id, "--integration-id", integration_id)["IntegrationUri"]
        == LAMBDA_URI
    )
    assert (
        cli(
            "update-integration",
            "--api-id",
            api_id,
            "--integration-id",
            integration_id,
            "--timeout-in-millis",
            "1000",
        )["TimeoutInMillis"]
        == 1000
    )
    assert len(cli("get-integrations", "--api-id", api_id)["Items"]) == 1

    integration_response = cli(
        "create-integration-response",
        "--api-id",
        api_id,
        "--integration-id",
        integration_id,
        "--integration-response-key",
        "$default",
    )
    assert cli("get-integration-responses", "--api-id", api_id, "--integration-id", integration_id)[
        "Items"
    ] == [integration_response]

    integration_response_id = integration_response["IntegrationResponseId"]
    assert (
        cli(
            "get-integration-response",
            "--api-id",
            api_id,
            "--integration-id",
            integration_id,
            "--integration-response-id",
            integration_response_id,
        )
        == integration_response
    )
    updated_response = cli(
        "update-integration-response",
        "--api-id",
        api_id,
        "--integration-id",
        integration_id,
        "--integration-response-id",
        integration_response_id,
        "--content-handling-strategy",
        "CONVERT_TO_TEXT",
    )
    assert updated_response["ContentHandlingStrategy"] == "CONVERT_TO_TEXT"
    route = cli(
        "create-route",
        "--api-id",
        api_id,
        "--route-key",
        "$default",
        "--target",
        f"integrations/{integration_id}",
        "--route-response-selection-expression",
        "$default",
    )
    route_id = route["RouteId"]
    assert cli("get-route", "--api-id", api_id, "--route-id", route_id)["RouteKey"] == "$default"
    assert cli("get-routes", "--api-id", api_id)["Items"] == [route]
    route_response = cli(
        "create-route-response",
        "--api-id",
        api_id,
        "--route-id",
        route_id,
        "--route-response-key",
        "$default",
    )
    assert route_response["RouteResponseKey"] == "$default"
    assert cli("get-route-responses", "--api-id", api_id, "--route-id", route_id)["Items"] == [route_response]
    route_response_id = route_response["RouteResponseId"]
    assert (
        cli(
            "get-route-response",
            "--api-id",
            api_id,
            "--route-id",
            route_id,
            "--route-response-id",
            route_response_id,
        )
        == route_response
    )
    assert (
        cli(
            "update-route-response",
            "--api-id",
            api_id,
            "--route-id",
            route_id,
            "--route-response-id",
            route_response_id,
            "--model-selection-expression",
            "$request.body.type",
        )["ModelSelectionExpression"]
        == "$request.body.type"
    )
    assert (
        cli("update-route", "--api-id", api_id, "--route-id", route_id, "--operation-name", "fallback")[
            "OperationName"
        ]
        == "fallback"
    )

    cli(
        "delete-route-response",
        "--api-id",
        api_id,
        "--route-id",
        route_id,
        "--route-response-id",
        route_response["RouteResponseId"],
    )
    cli("delete-route", "--api-id", api_id, "--route-id", route_id)
    cli(
        "delete-integration-response",
        "--api-id",
        api_id,
        "--integration-id",
        integration_id,
        "--integration-response-id",
        integration_response["IntegrationResponseId"],
    )
    cli("delete-integration", "--api-id", api_id, "--integration-id", integration_id)
    cli("delete-api", "--api-id", api_id)
    error = cli("get-api", "--api-id", api_id, expect_error=True)
    assert error == (
        "An error occurred (NotFoundException) when calling the GetApi operation: "
        f"Invalid API identifier specified 000000000000:{api_id}"
    )


def test_authorizers_models_stages_deployments_and_tags(cli):
    api_id = new_api(cli, "cli-2")["ApiId"]
    authorizer = cli(
        "create-authorizer",
        "--api-id",
        api_id,
        "--authorizer-type",
        "REQUEST",
        "--name",
        "auth",
        "--authorizer-uri",
        LAMBDA_URI,
        "--identity-source",
        "route.request.header.Auth",
    )
    assert authorizer["IdentitySource"] == ["route.request.header.Auth"]
    assert cli("get-authorizers", "--api-id", api_id)["Items"] == [authorizer]
    assert (
        cli("get-authorizer", "--api-id", api_id, "--authorizer-id", authorizer["AuthorizerId"]) == authorizer
    )
    assert (
        cli(
            "update-authorizer",
            "--api-id",
            api_id,
            "--authorizer-id",
            authorizer["AuthorizerId"],
            "--name",
            "auth2",
        )["Name"]
        == "auth2"
    )
    error = cli(
        "create-authorizer",
        "--api-id",
        api_id,
        "--authorizer-type",
        "JWT",
        "--name",
        "jwt",
        "--identity-source",
        "$request.header.Authorization",
        expect_error=True,
    )
    assert "(BadRequestException)" in error and "WebSocket APIs support only REQUEST authorizers" in error

    model = cli(
        "create-model",
        "--api-id",
        api_id,
        "--name",
        "Msg",
        "--schema",
        '{"type": "object", "properties": {"action": {"type": "string"}}}',
    )
    assert cli("get-model-template", "--api-id", api_id, "--model-id", model["ModelId"])["Value"].startswith(
        "#set($inputRoot = $input.path('$'))"
    )
    assert [m["Name"] for m in cli("get-models", "--api-id", api_id)["Items"]] == ["Msg"]

    assert cli("get-model", "--api-id", api_id, "--model-id", model["ModelId"]) == model
    assert (
        cli("update-model", "--api-id", api_id, "--model-id", model["ModelId"], "--description", "m")[
            "Description"
        ]
        == "m"
    )
    route_id = cli(
        "create-route",
        "--api-id",
        api_id,
        "--route-key",
        "$connect",
        "--authorization-type",
        "CUSTOM",
        "--authorizer-id",
        authorizer["AuthorizerId"],
    )["RouteId"]
    stage = cli("create-stage", "--api-id", api_id, "--stage-name", "dev", "--stage-variables", "fn=handler")
    assert stage["StageVariables"] == {"fn": "handler"}
    deployment = cli("create-deployment", "--api-id", api_id, "--stage-name", "dev")
    assert deployment["DeploymentStatus"] == "DEPLOYED"
    assert (
        cli("get-stage", "--api-id", api_id, "--stage-name", "dev")["DeploymentId"]
        == deployment["DeploymentId"]
    )
    assert cli("get-deployments", "--api-id", api_id)["Items"] == [deployment]
    assert (
        cli("get-deployment", "--api-id", api_id, "--deployment-id", deployment["DeploymentId"]) == deployment
    )
    assert (
        cli(
            "update-deployment",
            "--api-id",
            api_id,
            "--deployment-id",
            deployment["DeploymentId"],
            "--description",
            "first",
        )["Description"]
        == "first"
    )
    cli(
        "update-stage",
        "--api-id",
        api_id,
        "--stage-name",
        "dev",
        "--route-settings",
        '{"$connect": {"LoggingLevel": "INFO"}}',
        "--access-log-settings",
        "DestinationArn=arn:aws:logs:us-east-1:000000000000:log-group:g,Format=$context.requestId",
    )
    cli("delete-route-settings", "--api-id", api_id, "--stage-name", "dev", "--route-key", "$connect")
    cli("delete-access-log-settings", "--api-id", api_id, "--stage-name", "dev")
    stage = cli("get-stage", "--api-id", api_id, "--stage-name", "dev")
    assert stage["RouteSettings"] == {} and "AccessLogSettings" not in stage
    assert (
        cli("update-stage", "--api-id", api_id, "--stage-name", "dev", "--description", "d")["Description"]
        == "d"
    )
    cli("reset-authorizers-cache", "--api-id", api_id, "--stage-name", "dev")

    arn = f"arn:aws:apigateway:us-east-1::/apis/{api_id}"
    cli("tag-resource", "--resource-arn", arn, "--tags", "team=chat")
    assert cli("get-tags", "--resource-arn", arn)["Tags"] == {"team": "chat"}
    cli("untag-resource", "--resource-arn", arn, "--tag-keys", "team")
    assert cli("get-tags", "--resource-arn", arn)["Tags"] == {}

    cli("delete-route", "--api-id", api_id, "--route-id", route_id)
    cli("delete-authorizer", "--api-id", api_id, "--authorizer-id", authorizer["AuthorizerId"])
    cli("delete-model", "--api-id", api_id, "--model-id", model["ModelId"])
    cli("delete-stage", "--api-id", api_id, "--stage-name", "dev")
    cli("delete-deployment", "--api-id", api_id, "--deployment-id", deployment["DeploymentId"])
    assert cli("get-stages", "--api-id", api_id)["Items"] == []
    assert cli("get-deployments", "--api-id", api_id)["Items"] == []
    cli("delete-api", "--api-id", api_id)


def test_domain_names_and_mappings(cli):
    api_id = new_api(cli, "cli-3")["ApiId"]
    cli("create-stage", "--api-id", api_id, "--stage-name", "prod")
    domain = cli(
        "create-domain-name",
        "--domain-name",
        "cli.example.com",
        "--domain-name-configurations",
        "CertificateArn=arn:aws:acm:us-east-1:000000000000:certificate/x,EndpointType=REGIONAL",
    )
    assert domain["DomainName"] == "cli.example.com"
    mapping = cli(
        "create-api-mapping", "--domain-name", "cli.example.com", "--api-id", api_id, "--stage", "prod"
    )
    assert cli("get-api-mappings", "--domain-name", "cli.example.com")["Items"] == [mapping]
    assert cli("get-domain-name", "--domain-name", "cli.example.com")["DomainName"] == "cli.example.com"
    updated = cli(
        "update-domain-name",
        "--domain-name",
        "cli.example.com",
        "--domain-name-configurations",
        "CertificateArn=arn:aws:acm:us-east-1:000000000000:certificate/y",
    )
    assert (
        updated["DomainNameConfigurations"][0]["CertificateArn"]
        == "arn:aws:acm:us-east-1:000000000000:certificate/y"
    )
    assert (
        cli(
            "get-api-mapping", "--domain-name", "cli.example.com", "--api-mapping-id", mapping["ApiMappingId"]
        )
        == mapping
    )
    cli("create-stage", "--api-id", api_id, "--stage-name", "v2")
    assert (
        cli(
            "update-api-mapping",
            "--domain-name",
            "cli.example.com",
            "--api-mapping-id",
            mapping["ApiMappingId"],
            "--api-id",
            api_id,
            "--stage",
            "v2",
        )["Stage"]
        == "v2"
    )
    cli("delete-api-mapping", "--domain-name", "cli.example.com", "--api-mapping-id", mapping["ApiMappingId"])
    cli("delete-domain-name", "--domain-name", "cli.example.com")
    assert "cli.example.com" not in [d["DomainName"] for d in cli("get-domain-names")["Items"]]
    cli("delete-api", "--api-id", api_id)


def test_cli_pagination(cli):
    api_id = new_api(cli, "cli-4")["ApiId"]
    for n in range(5):
        cli("create-route", "--api-id", api_id, "--route-key", f"k{n}")
    # the CLI follows NextToken itself: pages of 2 still list all 5
    routes = cli("get-routes", "--api-id", api_id, "--page-size", "2")["Items"]
    assert sorted(r["RouteKey"] for r in routes) == ["k0", "k1", "k2", "k3", "k4"]
    first = cli("get-routes", "--api-id", api_id, "--max-items", "2")
    assert len(first["Items"]) == 2 and first["NextToken"]
    cli("delete-api", "--api-id", api_id)
