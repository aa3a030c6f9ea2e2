"""CloudFormation stacks in the test LocalStack: deploy, update, delete, and read what the engine recorded."""

import contextlib
import dataclasses
import json
import socket

from botocore.exceptions import WaiterError

WAIT = {"Delay": 1, "MaxAttempts": 120}


@dataclasses.dataclass
class Stack:
    status: str
    outputs: dict[str, str]
    resources: dict[str, dict]  # logical id -> DescribeStackResources entry

    def physical_id(self, logical_id: str) -> str:
        return self.resources[logical_id]["PhysicalResourceId"]


def describe(cfn, name: str) -> Stack:
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    resources = cfn.describe_stack_resources(StackName=name)["StackResources"]
    return Stack(
        status=stack["StackStatus"],
        outputs={o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])},
        resources={r["LogicalResourceId"]: r for r in resources},
    )


def _parameters(parameters: dict | None) -> list[dict]:
    return [{"ParameterKey": key, "ParameterValue": value} for key, value in (parameters or {}).items()]


def deploy(
    cfn, name: str, template: dict, parameters: dict | None = None, expect_failure: bool = False
) -> Stack:
    """Creates the stack, or updates it when it exists; waits until the engine is done."""
    body = {"TemplateBody": json.dumps(template), "Parameters": _parameters(parameters)}
    exists = any(
        s["StackName"] == name
        for s in cfn.list_stacks()["StackSummaries"]
        if "DELETE" not in s["StackStatus"]
    )
    try:
        if exists:
            cfn.update_stack(StackName=name, **body)
            cfn.get_waiter("stack_update_complete").wait(StackName=name, WaiterConfig=WAIT)
        else:
            cfn.create_stack(StackName=name, **body)
            cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig=WAIT)
    except WaiterError:
        if not expect_failure:
            raise AssertionError(f"stack {name} failed: {failures(cfn, name)}") from None
    return describe(cfn, name)


def delete(cfn, name: str) -> None:
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=WAIT)


def failures(cfn, name: str) -> dict[str, str]:
    """Logical id -> status reason of every failed resource event of the stack."""
    events = cfn.describe_stack_events(StackName=name)["StackEvents"]
    return {
        e["LogicalResourceId"]: e.get("ResourceStatusReason", "")
        for e in reversed(events)
        if e["ResourceStatus"].endswith("_FAILED") and e["LogicalResourceId"] != name
    }


@contextlib.contextmanager
def public_dns_for_localstack_hosts():
    """``*.localhost.localstack.cloud`` resolves to 127.0.0.1 in public DNS; this machine has no DNS, so the test
    process resolves those names as a user's machine does (LocalStack itself is not touched)."""
    original = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".localhost.localstack.cloud"):
            host = "127.0.0.1"
        return original(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        socket.getaddrinfo = original
