"""AWS SAM end to end: the chat app of AWS's simple-websockets-chat-app, in the sample's template shape
(tests/apps/sam/template.yaml: ``Transform: AWS::Serverless-2016-10-31``, three ``AWS::Serverless::Function``s and
the ``AWS::ApiGatewayV2::*`` resources of a WebSocket API), deployed with the real ``samlocal deploy`` (the pinned
SAM CLI of tests/tools) and with plain CloudFormation ``CreateStack``; three clients chat through the URL the stack
prints.

``samlocal deploy`` packages the functions' directory itself (no ``sam build``, so no Docker) into a bucket the test
makes (``--resolve-s3`` would make SAM's managed stack, whose waiters sleep 15s), and LocalStack runs the SAM
transform. The stacks are deleted through CloudFormation (``sam delete`` polls every 30s, hard-coded).
"""

import contextlib
import re
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from websockets.sync.client import connect

from tests import tools
from tests.chat import chat, connection_ids, wait_for_ids
from tests.lambdas import FUNCTIONS, zip_dir
from tests.stacks import WAIT, describe, failures, public_dns_for_localstack_hosts
from tests.tls import trusting_served_certificate

APP = Path(__file__).parent / "apps" / "sam"
TEMPLATE = APP / "template.yaml"
CODE = FUNCTIONS / "nodejs" / "chat"
CODE_URI = "CodeUri: ../../functions/nodejs/chat/"
RUNTIME = "nodejs20.x"
DEPLOY_TIMEOUT = 300  # samlocal deploy takes 6-9s here
# The samlocal test: a cold install of the SAM CLI (about a minute here; tests/tools bounds it, including the wait
# for another process's install, by LOCK_TIMEOUT), then deploy, chat and delete (about 20s; each step is bounded
# on its own). The CreateStack test installs nothing and keeps the suite's default timeout.
SAMLOCAL_TEST_TIMEOUT = tools.LOCK_TIMEOUT + DEPLOY_TIMEOUT + 300

API_TYPES = {
    "AWS::ApiGatewayV2::Api": {"ChatApi"},
    "AWS::ApiGatewayV2::Route": {"ConnectRoute", "DisconnectRoute", "SendRoute"},
    "AWS::ApiGatewayV2::Integration": {"ConnectIntegration", "DisconnectIntegration", "SendIntegration"},
    "AWS::ApiGatewayV2::Deployment": {"Deployment"},
    "AWS::ApiGatewayV2::Stage": {"Stage"},
}
# route key -> (route, integration, function) logical ids, as the template wires them
WIRING = {
    "$connect": ("ConnectRoute", "ConnectIntegration", "OnConnectFunction"),
    "$disconnect": ("DisconnectRoute", "DisconnectIntegration", "OnDisconnectFunction"),
    "sendmessage": ("SendRoute", "SendIntegration", "SendMessageFunction"),
}
HANDLERS = {
    "OnConnectFunction": "onconnect.handler",
    "OnDisconnectFunction": "ondisconnect.handler",
    "SendMessageFunction": "sendmessage.handler",
}


@pytest.fixture(scope="module")
def sam_env(localstack):
    """samlocal's environment against the session's LocalStack (installs the pinned SAM CLI on first use)."""
    try:
        return tools.tool_env(localstack, node=False)
    except tools.ToolsUnavailable as error:
        pytest.fail(f"the SAM CLI (tests/tools/python/requirements.txt) cannot be installed: {error}")


@pytest.fixture(scope="module")
def bucket(localstack):
    """The artifact bucket (made beforehand, as a user's --s3-bucket is), emptied and removed at the end."""
    s3 = localstack.client("s3")
    name = f"sam-artifacts-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=name)
    yield name
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            s3.delete_object(Bucket=name, Key=item["Key"])
    s3.delete_bucket(Bucket=name)


@pytest.fixture
def tls_context(localstack, tmp_path):
    """Trust the certificate LocalStack serves (self-signed) for the wss:// URLs."""
    return trusting_served_certificate(localstack.port, tmp_path)


def names() -> tuple[str, str]:
    """A new stack name and table name."""
    suffix = uuid.uuid4().hex[:8]
    return f"sam-chat-{suffix}", f"sam_chat_connections_{suffix}"


def files_of(*directories: Path) -> set[Path]:
    return {path for directory in directories for path in directory.rglob("*")}


def require_node(node_runtimes) -> None:
    if RUNTIME not in node_runtimes:
        pytest.skip(f"no interpreter for {RUNTIME}")


def samlocal(env: dict[str, str], *arguments: str, cwd: Path, cfn, stack_name: str) -> str:
    """Runs samlocal in ``cwd``; its output (stdout + stderr) if it exits with 0. A failure says what SAM printed
    and which of the stack's resources CloudFormation failed, and why."""
    # wide enough that SAM's tables do not wrap the printed values
    run = tools.run_tool({**env, "COLUMNS": "160"}, "samlocal", *arguments, cwd=cwd, timeout=DEPLOY_TIMEOUT)
    if run.returncode == 0:
        return run.output
    try:
        failed = failures(cfn, stack_name)
    except cfn.exceptions.ClientError as error:
        failed = f"(no stack: {error})"
    pytest.fail(f"{run.command} {run.outcome}; failed resources: {failed}\n{run.output}")


def wait_for_stack(cfn, name: str, waiter: str) -> None:
    try:
        cfn.get_waiter(waiter).wait(StackName=name, WaiterConfig=WAIT)
    except Exception as error:
        raise AssertionError(f"stack {name}: {error}; failed resources: {failures(cfn, name)}") from None


def delete_stack(cfn, name: str) -> float:
    """Deletes the stack through CloudFormation; how long it took."""
    started = time.monotonic()
    cfn.delete_stack(StackName=name)
    wait_for_stack(cfn, name, "stack_delete_complete")
    return time.monotonic() - started


def cleanup(cfn, name: str) -> None:
    """After a failure, the stack does not outlive the test (the session's LocalStack goes on); best effort, so
    that the test's own error is the one reported."""
    with contextlib.suppress(Exception):
        live = [s for s in cfn.list_stacks()["StackSummaries"] if s["StackName"] == name]
        if any(s["StackStatus"] != "DELETE_COMPLETE" for s in live):
            cfn.delete_stack(StackName=name)


def assert_gone(localstack, api_id: str, table: str, functions: list[str]) -> None:
    """The stack's API, table and functions no longer exist."""
    v2, dynamodb, lambda_client = (localstack.client(s) for s in ("apigatewayv2", "dynamodb", "lambda"))
    with pytest.raises(v2.exceptions.NotFoundException):
        v2.get_api(ApiId=api_id)
    assert api_id not in {api["ApiId"] for api in v2.get_apis()["Items"]}
    with pytest.raises(dynamodb.exceptions.ResourceNotFoundException):
        dynamodb.describe_table(TableName=table)
    for function in functions:
        with pytest.raises(lambda_client.exceptions.ResourceNotFoundException):
            lambda_client.get_function(FunctionName=function)


def assert_chat_stack(localstack, stack, table: str) -> tuple[str, str]:
    """The stack as the template describes it, and the API the extension has for it; returns the printed URL and
    the API id."""
    v2, lambda_client = localstack.client("apigatewayv2"), localstack.client("lambda")
    resources = stack.resources
    assert stack.status == "CREATE_COMPLETE"
    assert {r["ResourceStatus"] for r in resources.values()} == {"CREATE_COMPLETE"}
    # every resource has a real physical id
    assert all(r["PhysicalResourceId"] not in ("", "unknown", None) for r in resources.values()), resources
    by_type = {}
    for logical_id, resource in resources.items():
        by_type.setdefault(resource["ResourceType"], set()).add(logical_id)
    # the SAM transform ran (functions and their roles); the ApiGatewayV2 resources are exactly the template's
    assert by_type["AWS::Lambda::Function"] == set(HANDLERS)
    assert by_type["AWS::IAM::Role"] == {f"{function}Role" for function in HANDLERS}
    assert {t: ids for t, ids in by_type.items() if t.startswith("AWS::ApiGatewayV2::")} == API_TYPES
    assert "AWS::Serverless::Function" not in by_type

    api_id = stack.physical_id("ChatApi")
    url = f"wss://{api_id}.execute-api.localhost.localstack.cloud:{localstack.port}/Prod"
    assert stack.outputs["WebSocketURI"] == url
    assert stack.physical_id("ConnectionsTable") == table
    assert stack.outputs["ConnectionsTableArn"] == f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}"

    api = v2.get_api(ApiId=api_id)
    assert (api["Name"], api["ProtocolType"], api["RouteSelectionExpression"]) == (
        "SamChatWebSocket",
        "WEBSOCKET",
        "$request.body.action",
    )
    routes = {route["RouteKey"]: route for route in v2.get_routes(ApiId=api_id)["Items"]}
    integrations = {i["IntegrationId"]: i for i in v2.get_integrations(ApiId=api_id)["Items"]}
    assert set(routes) == set(WIRING)
    assert set(integrations) == {stack.physical_id(integration) for _, integration, _ in WIRING.values()}
    for route_key, (route_id, integration_id, function_id) in WIRING.items():
        route = routes[route_key]
        integration = integrations[stack.physical_id(integration_id)]
        function_arn = stack.outputs[f"{function_id}Arn"]
        function_name = stack.physical_id(function_id)
        assert route["RouteId"] == stack.physical_id(route_id)
        assert route["Target"] == f"integrations/{stack.physical_id(integration_id)}"
        assert (route["AuthorizationType"], route["OperationName"]) == ("NONE", route_id)
        assert integration["IntegrationType"] == "AWS_PROXY"
        assert integration["IntegrationUri"] == (
            f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations"
        )
        assert function_arn == f"arn:aws:lambda:us-east-1:000000000000:function:{function_name}"
        configuration = lambda_client.get_function(FunctionName=function_name)["Configuration"]
        assert (configuration["Runtime"], configuration["Handler"]) == (RUNTIME, HANDLERS[function_id])
        assert (configuration["MemorySize"], configuration["Timeout"]) == (256, 30)
        assert configuration["Environment"]["Variables"] == {"TABLE_NAME": table}
        assert configuration["Role"].endswith(f"/{stack.physical_id(function_id + 'Role')}")

    deployments = v2.get_deployments(ApiId=api_id)["Items"]
    assert [d["DeploymentId"] for d in deployments] == [stack.physical_id("Deployment")]
    assert deployments[0]["DeploymentStatus"] == "DEPLOYED"
    stages = v2.get_stages(ApiId=api_id)["Items"]
    assert [(s["StageName"], s["DeploymentId"]) for s in stages] == [
        ("Prod", stack.physical_id("Deployment"))
    ]
    assert stack.physical_id("Stage") == "Prod"  # Ref of a Stage is its name
    return url, api_id


@pytest.mark.timeout(SAMLOCAL_TEST_TIMEOUT)
def test_samlocal_deploy_chat(localstack, node_runtimes, sam_env, bucket, tls_context):
    require_node(node_runtimes)
    cfn = localstack.client("cloudformation")
    stack_name, table = names()
    repository_files = files_of(APP, CODE)
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="ws-ext-sam-") as workdir:
            deploy_started = time.monotonic()
            output = samlocal(
                sam_env,
                "deploy",
                "--template-file",
                str(TEMPLATE),
                "--stack-name",
                stack_name,
                "--s3-bucket",
                bucket,
                "--capabilities",
                "CAPABILITY_IAM",
                "--no-confirm-changeset",
                "--no-fail-on-empty-changeset",
                "--parameter-overrides",
                f"TableName={table}",
                cwd=Path(workdir),
                cfn=cfn,
                stack_name=stack_name,
            )
            deploy_wall = time.monotonic() - deploy_started
            print(f"\nsamlocal deploy: {deploy_wall:.1f}s\n{output}")
            # SAM wrote nothing in the repository (its working files go to the temporary directory)
            assert files_of(APP, CODE) == repository_files
        assert f"Successfully created/updated stack - {stack_name} in us-east-1" in output

        stack = describe(cfn, stack_name)
        url, api_id = assert_chat_stack(localstack, stack, table)
        # the URL SAM printed is the stack's output
        printed = re.findall(r"^Value\s+(wss://\S+)\s*$", output, re.MULTILINE)
        assert printed == [url], output

        chat_started = time.monotonic()
        with public_dns_for_localstack_hosts():
            chat(localstack, printed[0], table, stack.physical_id("SendMessageFunction"), ssl=tls_context)
        chat_wall = time.monotonic() - chat_started

        delete_wall = delete_stack(cfn, stack_name)
        assert_gone(localstack, api_id, table, [stack.physical_id(function) for function in HANDLERS])
        print(
            f"samlocal deploy {deploy_wall:.1f}s, chat {chat_wall:.1f}s, delete {delete_wall:.1f}s, "
            f"test {time.monotonic() - started:.1f}s"
        )
    finally:
        cleanup(cfn, stack_name)


def test_create_stack_runs_the_sam_transform(localstack, node_runtimes, bucket, tls_context):
    """The same template through plain CloudFormation (LocalStack runs the SAM transform itself), packaged as
    ``aws cloudformation package`` does it: the functions' directory zipped to S3, CodeUri pointing there."""
    require_node(node_runtimes)
    cfn, s3 = localstack.client("cloudformation"), localstack.client("s3")
    stack_name, table = names()
    key = f"{stack_name}/chat.zip"
    s3.put_object(Bucket=bucket, Key=key, Body=zip_dir(CODE))
    template = TEMPLATE.read_text()
    assert template.count(CODE_URI) == 3
    body = template.replace(CODE_URI, f"CodeUri: s3://{bucket}/{key}")
    started = time.monotonic()
    try:
        cfn.create_stack(
            StackName=stack_name,
            TemplateBody=body,  # YAML with short-form intrinsics (!Ref, !Sub, ...), as CloudFormation takes it
            Parameters=[{"ParameterKey": "TableName", "ParameterValue": table}],
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
        )
        wait_for_stack(cfn, stack_name, "stack_create_complete")
        stack = describe(cfn, stack_name)
        url, api_id = assert_chat_stack(localstack, stack, table)

        # one client through the printed URL: $connect and $disconnect run the code from S3
        dynamodb = localstack.client("dynamodb")
        with public_dns_for_localstack_hosts():
            with connect(url, ssl=tls_context, open_timeout=30, close_timeout=10):
                assert len(connection_ids(dynamodb, table)) == 1
        assert wait_for_ids(dynamodb, table, set()) == set()

        delete_wall = delete_stack(cfn, stack_name)
        assert_gone(localstack, api_id, table, [stack.physical_id(function) for function in HANDLERS])
        print(f"\nCreateStack test: delete {delete_wall:.1f}s, test {time.monotonic() - started:.1f}s")
    finally:
        cleanup(cfn, stack_name)
