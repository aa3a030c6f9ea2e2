import importlib.util
import logging
import os
import socket
import sys

logger = logging.getLogger()
print("init output")


def handler(event, context):
    print("event:", event)
    logger.warning("a warning")
    return {
        "event": event,
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
        },
        "env": {
            "MY_VAR": os.environ.get("MY_VAR"),
            "AWS_REGION": os.environ.get("AWS_REGION"),
            "AWS_ENDPOINT_URL": os.environ.get("AWS_ENDPOINT_URL"),
            "AWS_LAMBDA_FUNCTION_NAME": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
            "LAMBDA_TASK_ROOT": os.environ.get("LAMBDA_TASK_ROOT"),
            "_X_AMZN_TRACE_ID": bool(os.environ.get("_X_AMZN_TRACE_ID")),
        },
        "internal_variables": sorted(k for k in os.environ if k.startswith("_LOCALSTACK")),
        "execute_api_host_resolves_to": socket.gethostbyname("abc123.execute-api.localhost.localstack.cloud"),
        "python": "%d.%d" % sys.version_info[:2],
        "boto3": importlib.util.find_spec("boto3") is not None,
        "localstack_importable": importlib.util.find_spec("localstack") is not None,
        "cwd_is_task_root": os.getcwd() == os.environ.get("LAMBDA_TASK_ROOT"),
    }
