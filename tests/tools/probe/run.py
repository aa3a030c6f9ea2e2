"""Deploy the probe apps with the real tools against a fresh LocalStack, and report what worked and how long it took.

    python -m tests.tools.probe.run [cdk] [serverless] [sam] [--websocket] [--env NAME=VALUE ...]

Each app is copied to a temporary directory (the tools write cdk.out/, .serverless/, .aws-sam/ beside it), deployed,
its function invoked, and removed again. The LocalStack is stopped at the end, whatever happened.

SAM takes a bucket made beforehand (``--resolve-s3`` makes SAM's managed stack, whose waiters sleep 15s) and its stack
is deleted through CloudFormation (``sam delete`` polls every 30s, hard-coded): about 40s less per run.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.harness import LocalStack
from tests.tools import PROBE_DIR, tool_env

TIMEOUT = 600
SAM_STACK = "ws-ext-sam-probe"
SAM_BUCKET = "ws-ext-sam-probe-artifacts"
SAM_DEPLOY = [
    "deploy",
    "--stack-name",
    SAM_STACK,
    "--s3-bucket",
    SAM_BUCKET,
    "--capabilities",
    "CAPABILITY_IAM",
]
SAM_DEPLOY += ["--no-confirm-changeset", "--no-fail-on-empty-changeset"]
STEPS = {
    "cdk": [
        ["cdklocal", "bootstrap"],
        ["cdklocal", "deploy", "--require-approval", "never"],
        ["invoke", "WsExtCdkProbe"],
        ["cdklocal", "destroy", "--force"],
    ],
    "serverless": [
        ["serverless", "deploy"],
        ["invoke", "ws-ext-sls-probe-dev"],
        ["serverless", "remove"],
    ],
    "sam": [
        ["create-bucket", SAM_BUCKET],
        ["samlocal", *SAM_DEPLOY],
        ["invoke", SAM_STACK],
        ["delete-stack", SAM_STACK],
    ],
}


def invoke(localstack: LocalStack, stack: str) -> tuple[int, str]:
    """Invoke the stack's one Lambda function (the deployed code ran: the upload and the runtime work)."""
    resources = localstack.client("cloudformation").describe_stack_resources(StackName=stack)[
        "StackResources"
    ]
    name = next(r["PhysicalResourceId"] for r in resources if r["ResourceType"] == "AWS::Lambda::Function")
    response = localstack.client("lambda").invoke(FunctionName=name, Payload=b'{"requestContext":{}}')
    payload = response["Payload"].read().decode()
    return (1 if response.get("FunctionError") else 0), payload


def create_bucket(localstack: LocalStack, name: str) -> tuple[int, str]:
    localstack.client("s3").create_bucket(Bucket=name)
    return 0, ""


def delete_stack(localstack: LocalStack, stack: str) -> tuple[int, str]:
    cloudformation = localstack.client("cloudformation")
    cloudformation.delete_stack(StackName=stack)
    waiter = cloudformation.get_waiter("stack_delete_complete")
    waiter.wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 300})
    return 0, ""


ACTIONS = {"invoke": invoke, "create-bucket": create_bucket, "delete-stack": delete_stack}


def run_app(localstack: LocalStack, app: str, env: dict[str, str]) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix=f"ws-ext-probe-{app}-") as workdir:
        shutil.copytree(PROBE_DIR / app, workdir, dirs_exist_ok=True)
        for step in STEPS[app]:
            started = time.monotonic()
            if step[0] in ACTIONS:
                try:
                    code, output = ACTIONS[step[0]](localstack, step[1])
                except Exception as error:  # report, go on with the removal
                    code, output = 1, repr(error)
            else:
                try:
                    result = subprocess.run(
                        step, cwd=workdir, env=env, capture_output=True, text=True, timeout=TIMEOUT
                    )
                    code, output = result.returncode, result.stdout + result.stderr
                except subprocess.TimeoutExpired as error:
                    code, output = -1, f"timed out after {TIMEOUT}s: {error.output or ''}"
            wall = time.monotonic() - started
            results.append({"app": app, "step": " ".join(step), "exit": code, "wall": round(wall, 1)})
            print(f"{app:10} {' '.join(step)[:60]:60} exit={code} {wall:6.1f}s", flush=True)
            if code != 0:
                results[-1]["output"] = output[-3000:]
                print(output[-3000:], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("apps", nargs="*", help=f"some of {', '.join(STEPS)} (default: all)")
    parser.add_argument("--websocket", action="store_true", help="the CDK app gets a WebSocket API too")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for LocalStack")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    apps = args.apps or list(STEPS)
    if unknown := set(apps) - set(STEPS):
        parser.error(f"unknown apps: {', '.join(sorted(unknown))}")
    localstack = LocalStack(**dict(item.split("=", 1) for item in args.env)).start()
    results = []
    try:
        env = tool_env(localstack, node=bool({"cdk", "serverless"} & set(apps)), sam="sam" in apps)
        if args.websocket:
            env["PROBE_WEBSOCKET"] = "1"
        for app in apps:
            results += run_app(localstack, app, env)
    finally:
        localstack.stop()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    failed = [result for result in results if result["exit"] != 0]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
