"""Deploying and invoking test functions (tests/functions/<language>/<name>) through LocalStack's Lambda API."""

import base64
import io
import json
import re
import uuid
import zipfile
from pathlib import Path

FUNCTIONS = Path(__file__).parent / "functions"
ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def zip_dir(path: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(path.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                archive.write(file, file.relative_to(path).as_posix())
    return buffer.getvalue()


def create_function(lambda_client, fixture: str, runtime: str, handler: str, wait=True, **kwargs) -> str:
    """Creates a function from tests/functions/<fixture> and returns its name."""
    name = f"{fixture.replace('/', '-')}-{uuid.uuid4().hex[:8]}"
    lambda_client.create_function(
        FunctionName=name,
        Runtime=runtime,
        Handler=handler,
        Role=ROLE,
        Code={"ZipFile": zip_dir(FUNCTIONS / fixture)},
        **kwargs,
    )
    if wait:
        lambda_client.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.5})
    return name


class Invocation:
    def __init__(self, response: dict):
        self.status = response["StatusCode"]
        self.function_error = response.get("FunctionError")
        self.raw = response["Payload"].read()
        self.payload = json.loads(self.raw) if self.raw else None
        self.logs = (  # the log's last 4 KB as bytes: its first character may be cut in half
            base64.b64decode(response["LogResult"]).decode(errors="replace")
            if "LogResult" in response
            else None
        )


def invoke(lambda_client, name: str, event=None, tail=True) -> Invocation:
    return Invocation(
        lambda_client.invoke(
            FunctionName=name,
            Payload=json.dumps(event if event is not None else {}).encode(),
            LogType="Tail" if tail else "None",
        )
    )


def assert_aws_context(context: dict, name: str, request_id: str, timeout_ms: int = 3000) -> None:
    """The context object as a function reported it (tests/functions/*/echo*), against what AWS gives."""
    assert context["function_name"] == name
    assert context["function_version"] == "$LATEST"
    assert context["invoked_function_arn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert context["memory_limit_in_mb"] == "128"
    assert context["aws_request_id"] == request_id
    assert context["log_group_name"] == f"/aws/lambda/{name}"
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", context["log_stream_name"])
    assert 0 < context["remaining"] <= timeout_ms


def max_memory_used(logs: str) -> int:
    """The ``Max Memory Used`` (MB) of an invocation's REPORT line."""
    (used,) = re.findall(r"\tMax Memory Used: (\d+) MB\t", logs)
    return int(used)


def assert_max_memory_used_is_the_peak(lambda_client, name: str, sleep_event: dict) -> None:
    """The ``sleep`` function reports its own process's peak resident memory, as AWS does: at least 64 MB more
    while it holds 64 MB, and no less afterwards (a peak). Not LocalStack's peak, which is far larger."""
    before = max_memory_used(invoke(lambda_client, name, sleep_event).logs)
    holding = max_memory_used(invoke(lambda_client, name, {**sleep_event, "hold_mb": 64}).logs)
    after = max_memory_used(invoke(lambda_client, name, sleep_event).logs)
    measured = (before, holding, after)
    assert 1 <= before < 100, measured  # a bare interpreter and the bootstrap
    assert before + 62 <= holding < before + 100, measured  # 64 MB, give or take rounding to whole MB
    assert after >= holding, measured
