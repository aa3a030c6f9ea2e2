"""A WebSocket function that fails on demand (tests/test_faults.py).

It records every event in an SQS FIFO queue (EVENTS_QUEUE_URL, if set) as ws_app does, then does what the
message's "action" asks:

- ``kill``: SIGKILL its own process in the middle of the invocation;
- ``garbage``: write binary garbage to stdout, stderr and the pipes the runtime talks to the executor over
  (their numbers are in the process's initial environment, which the bootstrap cannot take back), then answer
  normally;
- with ``seconds`` (any action): sleep that long (past the function's timeout, or the integration's);
- anything else: answer ``{"route", "echo", "connectionId", "pid"}``.

At import, if the file named by EXIT_AT_IMPORT_IF exists, the process exits with status 2 before the handler is
defined (the test creates and removes that file to make cold starts fail or succeed).
"""

import json
import os
import signal
import sys
import time

if os.path.exists(os.environ.get("EXIT_AT_IMPORT_IF", "/nonexistent")):
    print("exiting at import")
    sys.stdout.flush()
    os._exit(2)

import boto3  # noqa: E402

sqs = boto3.client("sqs")

GARBAGE = (
    bytes(range(256)) * 8 + b"\n\x00\xff{not json\n\xc3\x28\r\n" + b"\xfe\xff no newline at the end \x00"
)


def record(event, context):
    if not os.environ.get("EVENTS_QUEUE_URL"):
        return
    sqs.send_message(
        QueueUrl=os.environ["EVENTS_QUEUE_URL"],
        MessageBody=json.dumps({"event": event, "function": context.function_name, "pid": os.getpid()}),
        MessageGroupId="events",
        MessageDeduplicationId=context.aws_request_id,  # one record per invocation
    )


def runtime_pipes():
    """The executor's pipes (``_LOCALSTACK_RUNTIME_FDS``: the bootstrap removes it from os.environ, but not from
    the environment the process started with)."""
    with open("/proc/self/environ", "rb") as environ:
        for variable in environ.read().split(b"\0"):
            if variable.startswith(b"_LOCALSTACK_RUNTIME_FDS="):
                return [int(fd) for fd in variable.split(b"=", 1)[1].split(b",")]
    return []


def write_garbage():
    sys.stdout.flush()
    for fd in [1, 2] + runtime_pipes():
        try:
            os.write(fd, GARBAGE)
        except OSError:
            pass  # the pipe the runtime reads from


def handler(event, context):
    route, connection_id = event["requestContext"]["routeKey"], event["requestContext"]["connectionId"]
    record(event, context)
    if route in ("$connect", "$disconnect"):
        return {"statusCode": 200}
    try:
        message = json.loads(event["body"])
    except ValueError:
        message = {}
    action = message.get("action") if isinstance(message, dict) else None
    if action == "kill":
        print("killing myself")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(10)  # not reached
    if action == "garbage":
        write_garbage()
    if isinstance(message, dict) and "seconds" in message:
        time.sleep(float(message["seconds"]))
    answer = {"route": route, "echo": event["body"], "connectionId": connection_id, "pid": os.getpid()}
    return {"statusCode": 200, "body": json.dumps(answer)}
