"""``make conformance``: the WebSocket protocol's reference conformance suite (Autobahn|Testsuite's fuzzing client)
against a Lambda echo route of a LocalStack with the extension, AWS's limits applied.

The runner is the workplace's ``autobahn.sh`` (``AUTOBAHN_SH``, default ``../shared/reliability/autobahn.sh`` beside
this repository), which builds its own Python 2.7 environment on first use. ``--aws-limits`` leaves out the cases
an AWS-faithful gateway must fail by design (binary frames close with 1003, frames over 32 KB and messages over
128 KB with 1009). Loopback only; bounded by the runner's own timeout. Exit status: the runner's (0: no case failed).
"""

import os
import subprocess
import sys
from pathlib import Path

from tests.harness import LocalStack
from tests.lambdas import create_function
from tests.websocket_apps import lambda_proxy_api

ROOT = Path(__file__).resolve().parents[1]
RUNNER = Path(os.environ.get("AUTOBAHN_SH") or ROOT.parent / "shared" / "reliability" / "autobahn.sh")
REPORTS = Path(os.environ.get("AUTOBAHN_REPORTS") or "/tmp/localstack-ws-ext-autobahn")


def main() -> int:
    if not RUNNER.exists():
        print(f"conformance: no Autobahn runner at {RUNNER} (set AUTOBAHN_SH)", file=sys.stderr)
        return 2
    localstack = LocalStack(LS_LOG="warn").start()
    try:
        lambda_client = localstack.client("lambda")
        name = create_function(lambda_client, "python/ws_echo", "python3.12", "index.handler")
        arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
        api_id, _ = lambda_proxy_api(localstack, arn, routes=("$default",), stage="echo")
        url = f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/echo"
        return subprocess.run(
            [str(RUNNER), "--aws-limits", "--agent", "localstack-ws-ext", url, str(REPORTS)], check=False
        ).returncode
    finally:
        localstack.stop()


if __name__ == "__main__":
    sys.exit(main())
