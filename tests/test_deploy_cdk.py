"""AWS CDK end to end: the JavaScript CDK app of tests/apps/cdk (``WebSocketApi``, ``WebSocketStage`` with
autoDeploy, ``WebSocketLambdaIntegration``, ``WebSocketLambdaAuthorizer``, ``grantManageConnections``) deployed with
the pinned ``cdklocal bootstrap`` + ``cdklocal deploy``, used over real WebSockets at the URL CDK printed, and
removed again with ``cdklocal destroy``. Real LocalStack, real tools (tests/tools), real functions, no mocks.

The app is the simple-websockets-chat-app (tests/functions/nodejs/chat) behind a Lambda authorizer on $connect,
plus a two-way ``whoami`` route (a route response), a ``push`` route whose function answers through @connections
at the stage's ``callbackUrl`` (its CALLBACK_URL variable), and a two-way ``$default`` route.

CDK writes its cloud assembly to a temporary directory (``--output``), so the repository stays as it was.
"""

import contextlib
import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests import tools
from tests.chat import assert_quiet, connection_ids, wait_for_ids
from tests.chat import chat as chat_conversation
from tests.stacks import public_dns_for_localstack_hosts
from tests.tls import trusting_served_certificate

APP_DIR = Path(__file__).parent / "apps" / "cdk"
STACK = "WsChatStack"
RUNTIME = "nodejs22.x"  # the app's functions (CDK warns about nodejs20.x)
# one cdklocal command (synthesis + CloudFormation); they take 10-30 s here
COMMAND_TIMEOUT = 300
# a cold install of the tools (bounded by tools.LOCK_TIMEOUT), then bootstrap, deploy, the conversation, destroy
pytestmark = pytest.mark.timeout(tools.LOCK_TIMEOUT + 4 * COMMAND_TIMEOUT)

ROUTE_KEYS = {"$connect", "$disconnect", "$default", "sendmessage", "whoami", "push"}


def cdklocal(env: dict[str, str], *args: str, output: Path) -> tuple[str, float]:
    """Runs ``cdklocal <args> --output <output>`` in the app's directory; its output and wall time."""
    run = tools.run_tool(
        env, "cdklocal", *args, "--output", str(output), cwd=APP_DIR, timeout=COMMAND_TIMEOUT
    )
    assert run.returncode == 0, f"{run.command} {run.outcome}:\n{run.output}"
    return run.output, run.seconds


def app_files() -> dict[str, int]:
    return {str(path.relative_to(APP_DIR)): path.stat().st_mtime_ns for path in APP_DIR.rglob("*")}


def refused(url: str, **options) -> tuple[int, dict]:
    """The status and JSON body with which the handshake at ``url`` is refused."""
    with pytest.raises(InvalidStatus) as failure:
        with connect(url, open_timeout=30, close_timeout=10, **options):
            pass
    response = failure.value.response
    return response.status_code, json.loads(response.body)


def exchange(ws, message: str) -> dict:
    ws.send(message)
    return json.loads(ws.recv(timeout=30))


def stack_exists(cfn) -> bool:
    try:
        status = cfn.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"]
    except ClientError as error:
        assert "does not exist" in str(error), error
        return False
    return status != "DELETE_COMPLETE"


@contextlib.contextmanager
def removed_on_failure(cfn):
    """If the test fails before ``cdklocal destroy`` ran, the stack is deleted through CloudFormation, so the
    session's LocalStack is left as it was (bounded; what goes wrong here does not hide the failure)."""
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            if stack_exists(cfn):
                cfn.delete_stack(StackName=STACK)
                waiter = cfn.get_waiter("stack_delete_complete")
                waiter.wait(StackName=STACK, WaiterConfig={"Delay": 1, "MaxAttempts": 120})


@pytest.fixture(scope="module")
def cdk_env(localstack, node_runtimes):
    if RUNTIME not in node_runtimes:
        pytest.fail(f"no interpreter for {RUNTIME} (tests/runtimes.py installs one with npm)")
    started = time.monotonic()
    try:
        env = tools.tool_env(localstack, sam=False)
    except tools.ToolsUnavailable as error:
        pytest.fail(f"the CDK tools cannot be installed: {error}")
    print(f"\nCDK tools ready in {time.monotonic() - started:.1f}s")
    return env


def test_cdk_chat_app(localstack, cdk_env, tmp_path, record_property):
    cfn, v2, dynamodb, lambda_client = (
        localstack.client(s) for s in ("cloudformation", "apigatewayv2", "dynamodb", "lambda")
    )
    assembly = tmp_path / "cdk.out"
    files_before = app_files()
    started = time.monotonic()
    timings = {}

    versions = subprocess.run(
        ["cdklocal", "--version"], cwd=tmp_path, env=cdk_env, capture_output=True, text=True, timeout=120
    )
    assert versions.returncode == 0, versions.stdout + versions.stderr
    print(" | ".join(line for line in versions.stdout.splitlines() if line.strip()))

    with removed_on_failure(cfn):
        _, timings["bootstrap"] = cdklocal(cdk_env, "bootstrap", output=assembly)
        outputs_file = tmp_path / "outputs.json"
        deploy_output, timings["deploy"] = cdklocal(
            cdk_env,
            "deploy",
            "--require-approval",
            "never",
            "--outputs-file",
            str(outputs_file),
            output=assembly,
        )
        assert f"✅  {STACK}" in deploy_output, deploy_output
        # CDK's own measure: the CloudFormation part of the deploy (synthesis and asset upload excluded)
        reported = re.search(r"Deployment time: ([0-9.]+)s", deploy_output)
        assert reported, deploy_output
        timings["deploy_cloudformation"] = float(reported.group(1))

        # the outputs as CDK printed and wrote them: execute-api URLs with LocalStack's host and port
        outputs = json.loads(outputs_file.read_text())[STACK]
        api_id, port = outputs["apiId"], localstack.port
        host = f"{api_id}.execute-api.localhost.localstack.cloud:{port}"
        assert outputs == {
            "url": f"wss://{host}/dev",
            "callbackUrl": f"https://{host}/dev",
            "apiId": api_id,
            "tableName": outputs["tableName"],
            "sendMessageFunctionName": outputs["sendMessageFunctionName"],
        }
        for key in ("url", "callbackUrl"):
            assert f"{STACK}.{key} = {outputs[key]}" in deploy_output, deploy_output
        table, sendmessage = outputs["tableName"], outputs["sendMessageFunctionName"]

        # every ApiGatewayV2 resource has the id the control plane knows it by
        resources = cfn.describe_stack_resources(StackName=STACK)["StackResources"]
        by_type: dict[str, list[str]] = {}
        for resource in resources:
            assert resource["ResourceStatus"] == "CREATE_COMPLETE", resource
            assert resource["PhysicalResourceId"] not in ("", "unknown"), resource
            by_type.setdefault(resource["ResourceType"], []).append(resource["PhysicalResourceId"])
        routes = v2.get_routes(ApiId=api_id)["Items"]
        assert {route["RouteKey"] for route in routes} == ROUTE_KEYS
        assert sorted(by_type["AWS::ApiGatewayV2::Api"]) == [api_id]
        assert sorted(by_type["AWS::ApiGatewayV2::Route"]) == sorted(route["RouteId"] for route in routes)
        integrations = v2.get_integrations(ApiId=api_id)["Items"]
        assert sorted(by_type["AWS::ApiGatewayV2::Integration"]) == sorted(
            integration["IntegrationId"] for integration in integrations
        )
        assert {integration["IntegrationType"] for integration in integrations} == {"AWS_PROXY"}
        (authorizer,) = v2.get_authorizers(ApiId=api_id)["Items"]
        assert by_type["AWS::ApiGatewayV2::Authorizer"] == [authorizer["AuthorizerId"]]
        assert authorizer["IdentitySource"] == ["route.request.querystring.token"]
        connect_route = next(route for route in routes if route["RouteKey"] == "$connect")
        assert (connect_route["AuthorizationType"], connect_route["AuthorizerId"]) == (
            "CUSTOM",
            authorizer["AuthorizerId"],
        )
        two_way = {
            route["RouteId"]: route["RouteKey"]
            for route in routes
            if route["RouteKey"] in ("$default", "whoami")
        }
        route_responses = [
            (route_id, response["RouteResponseId"])
            for route_id in two_way
            for response in v2.get_route_responses(ApiId=api_id, RouteId=route_id)["Items"]
        ]
        assert sorted(by_type["AWS::ApiGatewayV2::RouteResponse"]) == sorted(
            rid for _, rid in route_responses
        )
        assert sorted(route_id for route_id, _ in route_responses) == sorted(two_way)
        assert by_type["AWS::ApiGatewayV2::Stage"] == ["dev"]
        (stage,) = v2.get_stages(ApiId=api_id)["Items"]
        assert (stage["StageName"], stage["AutoDeploy"]) == ("dev", True)

        # over real WebSockets at the printed URL, trusting the certificate LocalStack serves
        tls = trusting_served_certificate(port, tmp_path)
        url = outputs["url"]
        with public_dns_for_localstack_hosts():
            # the authorizer: Deny is 403, "Unauthorized" is 401, no token (the identity source) is 401 unasked
            assert refused(f"{url}?token=deny", ssl=tls) == (403, {"message": "Forbidden"})
            assert refused(f"{url}?token=unauthorized", ssl=tls) == (401, {"message": "Unauthorized"})
            assert refused(url, ssl=tls) == (401, {"message": "Unauthorized"})
            assert connection_ids(dynamodb, table) == set()  # $connect ran for none of them

            with connect(f"{url}?token=allow", ssl=tls, open_timeout=30, close_timeout=10) as ws:
                (connection_id,) = connection_ids(dynamodb, table)  # $connect (the chat's onconnect) ran
                # the route response of the two-way route, with the authorizer's principal and context
                assert exchange(ws, json.dumps({"action": "whoami"})) == {
                    "connectionId": connection_id,
                    "routeKey": "whoami",
                    "principalId": "user-allow",
                    "tenant": "cdk",
                }
                # the push function answers through @connections at CALLBACK_URL (the printed callbackUrl)
                assert exchange(ws, json.dumps({"action": "push", "data": "ping"})) == {
                    "pushed": "ping",
                    "to": connection_id,
                    "callbackUrl": outputs["callbackUrl"],
                }
                # what matches no route goes to $default, two-way
                assert exchange(ws, "not json") == {"routeKey": "$default", "echo": "not json"}
                assert_quiet(ws)
            assert wait_for_ids(dynamodb, table, set()) == set()  # $disconnect (ondisconnect) ran

            # the chat app: three clients, each through the authorizer
            chat_conversation(localstack, f"{url}?token=allow", table, sendmessage, ssl=tls)

        # cdklocal destroy leaves no API, no table and no stack behind
        _, timings["destroy"] = cdklocal(cdk_env, "destroy", "--force", output=assembly)
        assert not stack_exists(cfn)
        assert api_id not in {api["ApiId"] for api in v2.get_apis()["Items"]}
        assert table not in dynamodb.list_tables()["TableNames"]
        with pytest.raises(lambda_client.exceptions.ResourceNotFoundException):
            lambda_client.get_function(FunctionName=sendmessage)

    timings["test"] = time.monotonic() - started
    assert app_files() == files_before, "cdklocal wrote into tests/apps/cdk"
    # deploy: the wall time of `cdklocal deploy` (synthesis, asset upload, CloudFormation); deploy_cloudformation:
    # the part CDK reports as "Deployment time"
    summary = ", ".join(f"{step} {seconds:.1f}s" for step, seconds in timings.items())
    print(f"CDK timings: {summary}")
    for step, seconds in timings.items():
        record_property(f"cdk_{step}_seconds", round(seconds, 1))
