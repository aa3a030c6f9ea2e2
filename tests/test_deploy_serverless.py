"""The Serverless Framework v3 end to end: the service of tests/apps/serverless (WebSocket events on $connect with a
Lambda REQUEST authorizer, $disconnect, a two-way $default, a custom route answering through @connections) is
deployed with the pinned ``serverless`` + ``serverless-localstack`` (tests/tools), used over the URL its stack
prints, changed and redeployed (a new Deployment on the same API), and removed; real LocalStack, real tools, real
WebSocket clients.

LocalStack community has no ECR, and ``serverless remove`` (v3) always asks ECR whether the service has an image
repository: without the service's local ``localstack-no-ecr.js`` plugin the command deletes the stack and then
exits 1 with LocalStack's 501 message (test_remove_without_the_workaround_fails_on_ecr_after_deleting_the_stack).

The first run installs the tools into the cache outside the repository (about two minutes).
"""

import json
import re
import shutil
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests import tools
from tests.chat import wait_for_log_lines
from tests.stacks import describe, public_dns_for_localstack_hosts
from tests.tls import trusting_served_certificate

# a cold install of the tools (about two minutes, or waiting for another process's) plus deploys and removals
pytestmark = pytest.mark.timeout(tools.LOCK_TIMEOUT + 600)

SERVICE = Path(__file__).parent / "apps" / "serverless"
STACK = "ws-ext-sls-dev"
FUNCTION_PREFIX = "ws-ext-sls-dev-"
COMMAND_TIMEOUT = 300
WAIT = 30
ECR_MESSAGE = (
    "The API for service ecr is either not included in your current license plan "
    "or has not yet been emulated by LocalStack."
)
WORKAROUND_PLUGIN = "  - ./localstack-no-ecr.js\n"

# Serverless' logical ids (lib/plugins/aws/lib/naming.js): route key -> route, function -> integration
ROUTES = {
    "SconnectWebsocketsRoute": "$connect",
    "SdisconnectWebsocketsRoute": "$disconnect",
    "SdefaultWebsocketsRoute": "$default",
    "whoamiWebsocketsRoute": "whoami",
}
ADDED_ROUTES = {"versionWebsocketsRoute": "version"}
INTEGRATIONS = {
    "ConnectWebsocketsIntegration": "connect",
    "DisconnectWebsocketsIntegration": "disconnect",
    "DefaultWebsocketsIntegration": "default",
    "WhoamiWebsocketsIntegration": "whoami",
}
ROUTE_FUNCTIONS = {
    "$connect": "connect",
    "$disconnect": "disconnect",
    "$default": "default",
    "whoami": "whoami",
}
ROUTE_FUNCTIONS_AFTER_CHANGE = {**ROUTE_FUNCTIONS, "version": "default"}

# The change of the redeploy: another greeting (a function configuration) and a new two-way route "version" to the
# default function (a new route changes the hash Serverless names its AWS::ApiGatewayV2::Deployment by).
DEFAULT_EVENT = """          route: $default
          routeResponseSelectionExpression: $default
"""
VERSION_EVENT = """      - websocket:
          route: version
          routeResponseSelectionExpression: $default
"""
CHANGES = (
    ("    GREETING: hello\n", "    GREETING: bonjour\n"),
    (DEFAULT_EVENT, DEFAULT_EVENT + VERSION_EVENT),
)


def function_uri(function: str) -> str:
    arn = f"arn:aws:lambda:us-east-1:000000000000:function:{FUNCTION_PREFIX}{function}"
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"


@pytest.fixture(scope="module")
def env(localstack):
    try:
        environment = tools.tool_env(localstack, sam=False)
    except tools.ToolsUnavailable as error:
        pytest.fail(f"the Serverless Framework cannot be installed: {error}")
    # Serverless' defaults: 4 retries of a failed AWS call (test_remove_without_the_workaround_... counts them)
    environment.pop("SLS_AWS_REQUEST_MAX_RETRIES", None)
    return environment


@pytest.fixture
def service(tmp_path, env, localstack) -> Iterator[Path]:
    """A copy of the service: Serverless writes .serverless/ beside serverless.yml, the repository stays clean."""
    copy = tmp_path / "service"
    shutil.copytree(SERVICE, copy)
    yield copy
    # a failed test leaves no stack behind for the next
    summaries = localstack.client("cloudformation").list_stacks()["StackSummaries"]
    if any(s["StackName"] == STACK and s["StackStatus"] != "DELETE_COMPLETE" for s in summaries):
        shutil.copytree(SERVICE, tmp_path / "cleanup")
        serverless(env, tmp_path / "cleanup", "remove")


@pytest.fixture(scope="module")
def tls(localstack, tmp_path_factory) -> ssl.SSLContext:
    """Trusts the certificate LocalStack serves (self-signed, for *.localhost.localstack.cloud among others)."""
    return trusting_served_certificate(localstack.port, tmp_path_factory.mktemp("tls"))


def serverless(env: dict, service: Path, *command: str) -> tools.ToolRun:
    """Runs ``serverless <command>`` in the service's directory (Serverless v3 logs to stderr)."""
    return tools.run_tool(env, "serverless", *command, cwd=service, timeout=COMMAND_TIMEOUT)


def deploy(env: dict, service: Path, localstack) -> str:
    result = serverless(env, service, "deploy")
    output = result.output
    assert result.returncode == 0, f"{output}\n--- LocalStack log:\n{localstack.log()[-5000:]}"
    assert f"✔ Service deployed to stack {STACK} (" in output, output
    return output


def rewrite(path: Path, *changes: tuple[str, str]) -> None:
    text = path.read_text()
    for old, new in changes:
        assert text.count(old) == 1, f"{path.name} has no single {old!r}"
        text = text.replace(old, new)
    path.write_text(text)


def refusal(url: str, tls: ssl.SSLContext) -> tuple[int, dict]:
    with pytest.raises(InvalidStatus) as refused:
        with connect(url, ssl=tls, open_timeout=WAIT):
            pass
    response = refused.value.response
    return response.status_code, json.loads(response.body)


def physical_ids(stack, resource_type: str) -> dict[str, str]:
    return {
        logical_id: resource["PhysicalResourceId"]
        for logical_id, resource in stack.resources.items()
        if resource["ResourceType"] == f"AWS::ApiGatewayV2::{resource_type}"
    }


def deployment_of(stack) -> tuple[str, str]:
    """(logical id, DeploymentId) of the stack's one AWS::ApiGatewayV2::Deployment (Serverless names it by a hash)."""
    ((logical_id, deployment_id),) = physical_ids(stack, "Deployment").items()
    assert re.fullmatch(r"WebsocketsDeployment[0-9A-Za-z]+", logical_id), logical_id
    return logical_id, deployment_id


def assert_matches_control_plane(v2, stack, routes: dict[str, str], route_functions: dict[str, str]) -> None:
    """Every AWS::ApiGatewayV2 resource of the stack has the physical id the apigatewayv2 API reports (never a
    placeholder), and the API is what serverless.yml describes."""
    api_id = stack.physical_id("WebsocketsApi")
    v2_resources = [
        r for r in stack.resources.values() if r["ResourceType"].startswith("AWS::ApiGatewayV2::")
    ]
    assert all(r["PhysicalResourceId"] not in ("", "unknown") for r in v2_resources), v2_resources
    # (of the stack's own resources only: the Lambda versions of an earlier deploy, which Serverless retains, stay
    # listed as DELETE_SKIPPED)
    assert {r["ResourceStatus"] for r in v2_resources} <= {"CREATE_COMPLETE", "UPDATE_COMPLETE"}, v2_resources
    api = v2.get_api(ApiId=api_id)
    assert (api["Name"], api["ProtocolType"], api["RouteSelectionExpression"]) == (
        "dev-ws-ext-sls-websockets",
        "WEBSOCKET",
        "$request.body.action",
    )

    integrations = {i["IntegrationId"]: i for i in v2.get_integrations(ApiId=api_id)["Items"]}
    assert len(integrations) == len(INTEGRATIONS)
    assert {
        logical_id: (
            integrations[physical_id]["IntegrationType"],
            integrations[physical_id]["IntegrationUri"],
        )
        for logical_id, physical_id in physical_ids(stack, "Integration").items()
    } == {logical_id: ("AWS_PROXY", function_uri(function)) for logical_id, function in INTEGRATIONS.items()}
    integration_of = {
        function: stack.physical_id(logical_id) for logical_id, function in INTEGRATIONS.items()
    }

    (authorizer,) = v2.get_authorizers(ApiId=api_id)["Items"]
    assert physical_ids(stack, "Authorizer") == {"AuthWebsocketsAuthorizer": authorizer["AuthorizerId"]}
    assert authorizer == {
        "AuthorizerId": authorizer["AuthorizerId"],
        "AuthorizerType": "REQUEST",
        "AuthorizerUri": function_uri("auth"),
        "IdentitySource": ["route.request.querystring.token"],
        "Name": "auth",
    }

    by_key = {route["RouteKey"]: route for route in v2.get_routes(ApiId=api_id)["Items"]}
    assert {key: by_key[key]["Target"] for key in by_key} == {
        key: f"integrations/{integration_of[function]}" for key, function in route_functions.items()
    }
    assert physical_ids(stack, "Route") == {
        logical_id: by_key[key]["RouteId"] for logical_id, key in routes.items()
    }
    assert (by_key["$connect"]["AuthorizationType"], by_key["$connect"]["AuthorizerId"]) == (
        "CUSTOM",
        authorizer["AuthorizerId"],
    )
    assert {key for key, route in by_key.items() if route["AuthorizationType"] != "NONE"} == {"$connect"}
    # two-way routes (routeResponseSelectionExpression: $default) have their $default route response
    two_way = {logical_id for logical_id, key in routes.items() if key in ("$default", "version")}
    assert {
        logical_id for logical_id, key in routes.items() if "RouteResponseSelectionExpression" in by_key[key]
    } == two_way
    route_responses = {}
    for logical_id in two_way:
        route = by_key[routes[logical_id]]
        assert route["RouteResponseSelectionExpression"] == "$default"
        (response,) = v2.get_route_responses(ApiId=api_id, RouteId=route["RouteId"])["Items"]
        assert response["RouteResponseKey"] == "$default"
        route_responses[f"{logical_id}Response"] = response["RouteResponseId"]
    assert physical_ids(stack, "RouteResponse") == route_responses

    deployment_logical_id, deployment_id = deployment_of(stack)
    (stage,) = v2.get_stages(ApiId=api_id)["Items"]
    assert physical_ids(stack, "Stage") == {"WebsocketsDeploymentStage": stage["StageName"]}
    assert (stage["StageName"], stage["DeploymentId"]) == ("dev", deployment_id)
    assert [d["DeploymentId"] for d in v2.get_deployments(ApiId=api_id)["Items"]] == [deployment_id]
    # and the stack has no other AWS::ApiGatewayV2 resources
    assert {
        logical_id
        for logical_id, r in stack.resources.items()
        if r["ResourceType"].startswith("AWS::ApiGatewayV2::")
    } == {
        "WebsocketsApi",
        "AuthWebsocketsAuthorizer",
        *INTEGRATIONS,
        *routes,
        *route_responses,
        deployment_logical_id,
        "WebsocketsDeploymentStage",
    }


def assert_authorizer_at_work(url: str, tls: ssl.SSLContext) -> None:
    """The authorizer's Deny policy is 403, its "Unauthorized" error 401, and a missing token (the identity
    source) 401 without calling it."""
    forbidden, unauthorized = (403, {"message": "Forbidden"}), (401, {"message": "Unauthorized"})
    assert refusal(f"{url}?token=deny", tls) == forbidden
    assert refusal(f"{url}?token=unauthorized", tls) == unauthorized
    assert refusal(url, tls) == unauthorized


def conversation(url: str, tls: ssl.SSLContext, greeting: str, version_route: str) -> str:
    """Talks to every route over one connection (exact frames); returns the connection id."""
    with connect(f"{url}?token=allow", ssl=tls, open_timeout=WAIT) as ws:
        ws.send("hello there")
        reply = ws.recv(timeout=WAIT)
        connection_id = json.loads(reply)["connectionId"]
        assert re.fullmatch(r"[A-Za-z0-9_=-]{8,}", connection_id), reply
        # $default's route response: the function's body, as it wrote it
        assert reply == (
            f'{{"echo":"hello there","route":"$default","connectionId":"{connection_id}","greeting":"{greeting}"}}'
        )
        # whoami: one-way; the function replied through @connections (https://{domainName}/{stage})
        ws.send('{"action": "whoami"}')
        assert (
            ws.recv(timeout=WAIT) == f'{{"whoami":"{connection_id}","stage":"dev","greeting":"{greeting}"}}'
        )
        # "version" is a route only after the redeploy: before, $default answers
        ws.send('{"action": "version"}')
        assert json.loads(ws.recv(timeout=WAIT)) == {
            "echo": '{"action": "version"}',
            "route": version_route,
            "connectionId": connection_id,
            "greeting": greeting,
        }
    return connection_id


def disconnect_logged(localstack, connection_id: str) -> list[str]:
    """The $disconnect function's log lines (CloudWatch Logs) about ``connection_id``, waiting for the first."""
    needle = f'{{"disconnected":"{connection_id}","disconnectStatusCode":1000}}'
    return wait_for_log_lines(localstack.client("logs"), f"{FUNCTION_PREFIX}disconnect", needle, 1, WAIT)


def assert_removed(localstack, api_id: str) -> None:
    cloudformation = localstack.client("cloudformation")
    with pytest.raises(ClientError) as gone:
        cloudformation.describe_stacks(StackName=STACK)
    assert gone.value.response["Error"]["Message"] == f"Stack with id {STACK} does not exist"
    v2 = localstack.client("apigatewayv2")
    assert api_id not in [api["ApiId"] for api in v2.get_apis()["Items"]]
    with pytest.raises(v2.exceptions.NotFoundException):
        v2.get_api(ApiId=api_id)
    functions = localstack.client("lambda").list_functions()["Functions"]
    assert [f["FunctionName"] for f in functions if f["FunctionName"].startswith(FUNCTION_PREFIX)] == []


def test_deploy_use_redeploy_and_remove(localstack, env, service, tls):
    started = time.monotonic()
    cloudformation, v2 = localstack.client("cloudformation"), localstack.client("apigatewayv2")

    # --- deploy
    output = deploy(env, service, localstack)
    stack = describe(cloudformation, STACK)
    # Serverless creates the stack with its deployment bucket only, then updates it to the service's template
    assert stack.status == "UPDATE_COMPLETE"
    api_id = stack.physical_id("WebsocketsApi")
    url = f"wss://{api_id}.execute-api.localhost.localstack.cloud:{localstack.port}/dev"
    assert stack.outputs["ServiceEndpointWebsocket"] == url
    # serverless-localstack rewrites the endpoint line Serverless prints REST-style (cosmetic): the stack output
    # above is the WebSocket URL
    assert f"endpoint: http://localhost:{localstack.port}/restapis/{api_id}/dev/_user_request_\n" in output
    assert_matches_control_plane(v2, stack, ROUTES, ROUTE_FUNCTIONS)
    first_deployment = deployment_of(stack)

    with public_dns_for_localstack_hosts():
        assert_authorizer_at_work(stack.outputs["ServiceEndpointWebsocket"], tls)
        connection_id = conversation(stack.outputs["ServiceEndpointWebsocket"], tls, "hello", "$default")
    assert len(disconnect_logged(localstack, connection_id)) == 1

    # --- change the service (another greeting, a new route) and redeploy: a new Deployment of the same API
    rewrite(service / "serverless.yml", *CHANGES)
    deploy(env, service, localstack)
    stack = describe(cloudformation, STACK)
    assert stack.status == "UPDATE_COMPLETE"
    assert stack.physical_id("WebsocketsApi") == api_id
    assert stack.outputs["ServiceEndpointWebsocket"] == url
    assert_matches_control_plane(v2, stack, {**ROUTES, **ADDED_ROUTES}, ROUTE_FUNCTIONS_AFTER_CHANGE)
    logical_id, deployment_id = deployment_of(stack)
    assert logical_id != first_deployment[0] and deployment_id != first_deployment[1]
    assert v2.get_stage(ApiId=api_id, StageName="dev")["DeploymentId"] == deployment_id
    assert [d["DeploymentId"] for d in v2.get_deployments(ApiId=api_id)["Items"]] == [deployment_id]
    with pytest.raises(v2.exceptions.NotFoundException):
        v2.get_deployment(ApiId=api_id, DeploymentId=first_deployment[1])

    with public_dns_for_localstack_hosts():
        assert_authorizer_at_work(stack.outputs["ServiceEndpointWebsocket"], tls)
        connection_id = conversation(stack.outputs["ServiceEndpointWebsocket"], tls, "bonjour", "version")
    assert len(disconnect_logged(localstack, connection_id)) == 1

    # --- remove, with the service's workaround plugin for LocalStack community's missing ECR
    log_before = len(localstack.log())
    result = serverless(env, service, "remove")
    output = result.output
    assert result.returncode == 0, output
    assert "✔ Service ws-ext-sls has been successfully removed (" in output
    assert "ecr.DescribeRepositories" not in localstack.log()[log_before:]
    assert_removed(localstack, api_id)
    print(f"deploy, use, redeploy, use, remove: {time.monotonic() - started:.1f}s", flush=True)


def test_remove_without_the_workaround_fails_on_ecr_after_deleting_the_stack(localstack, env, service):
    """``serverless remove`` asks ECR DescribeRepositories first, concurrently with the removal: LocalStack
    community answers 501, Serverless retries (4 retries, 4-7 s apart) while it empties the deployment bucket and
    deletes the stack (under a second), waits for the stack to go, then fails with the 501's message."""
    deploy(env, service, localstack)
    api_id = describe(localstack.client("cloudformation"), STACK).physical_id("WebsocketsApi")
    rewrite(service / "serverless.yml", (WORKAROUND_PLUGIN, ""))

    log_before = len(localstack.log())
    result = serverless(env, service, "remove", "--verbose")  # --verbose: the retries are logged
    log = localstack.log()[log_before:]
    output = result.output
    assert result.returncode == 1, output
    assert result.stdout.strip() == f"Error:\n{ECR_MESSAGE}", output
    retry = f"Recoverable error occurred ({ECR_MESSAGE}), sleeping for ~"
    assert [f"Try {n} of 4" for n in range(1, 5)] == re.findall(
        rf"{re.escape(retry)}\d+ seconds\. (Try \d of 4)", output
    )
    # the stack went first: DeleteStack was answered before the last of the ECR calls
    ecr_calls = [
        m.start() for m in re.finditer(r"AWS ecr\.DescribeRepositories => 501 \(InternalFailure\)", log)
    ]
    assert ecr_calls, log
    assert log.index("AWS cloudformation.DeleteStack => 200") < ecr_calls[-1]
    assert_removed(localstack, api_id)
