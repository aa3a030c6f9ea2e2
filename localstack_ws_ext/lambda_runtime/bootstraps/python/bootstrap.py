"""Python runtime of the local Lambda executor: runs inside the function's own interpreter (3.9 to 3.13).

It behaves like AWS's Python runtime interface client (awslambdaric): same handler resolution, context object,
logging format and error payloads. It talks to the executor over two pipes instead of the Runtime API, named
by ``_LOCALSTACK_RUNTIME_FDS="<in>,<out>"``: the first brings newline-delimited JSON messages (``invoke``), the
second takes ours (``ready``, ``init_error``, ``response``, ``error``). stdout/stderr are the function's log
stream, read by the executor.
Only the standard library may be imported here: the function's sys.path must stay its own.
"""

import decimal
import importlib
import json
import logging
import os
import queue
import socket
import sys
import threading
import time
import traceback

CONTROL_IN_FD, CONTROL_OUT_FD = (int(fd) for fd in os.environ.pop("_LOCALSTACK_RUNTIME_FDS", "3,4").split(","))


def send(message):
    data = (json.dumps(message) + "\n").encode("utf-8")
    while data:
        written = os.write(CONTROL_OUT_FD, data)
        data = data[written:]


def peak_memory_kb():
    """The process's peak resident memory ("Max Memory Used"), read here rather than by LocalStack, whose process
    it would cost per invocation. VmHWM, not getrusage's ru_maxrss: Linux carries that over exec, from LocalStack."""
    try:
        with open("/proc/self/status", "rb") as status:
            return int(status.read().split(b"VmHWM:", 1)[1].split(None, 1)[0])
    except (OSError, ValueError, IndexError):
        return 0


def error_payload(error_type, message, request_id, stack_trace=None):
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack_trace or []}


class FaultException(Exception):
    """A runtime fault with an AWS error type (Runtime.ImportModuleError, ...)."""

    def __init__(self, error_type, message, stack_trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, e))
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise FaultException(
            "Runtime.BuiltInModuleConflict", "Cannot use built-in module {} as a handler module".format(module_name)
        )
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            "Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(module_name, e), trace
        )
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException(
            "Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(function_name, module_name)
        )


class CognitoIdentity:
    cognito_identity_id = None
    cognito_identity_pool_id = None


class LambdaContext:
    def __init__(self, invoke):
        self.aws_request_id = invoke["invoke-id"]
        self.invoked_function_arn = invoke["invoked-function-arn"]
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.identity = CognitoIdentity()
        self.client_context = None
        self.tenant_id = None
        self._deadline_ms = int(invoke["deadline-ms"])

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, message):
        sys.stdout.write(str(message))

    def __repr__(self):
        return "LambdaContext([aws_request_id={},log_group_name={},log_stream_name={},function_name={}," \
               "memory_limit_in_mb={},function_version={},invoked_function_arn={},client_context=None," \
               "identity=CognitoIdentity([cognito_identity_id=None,cognito_identity_pool_id=None])])".format(
                   self.aws_request_id, self.log_group_name, self.log_stream_name, self.function_name,
                   self.memory_limit_in_mb, self.function_version, self.invoked_function_arn)


class RequestIdFilter(logging.Filter):
    request_id = None

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def install_aws_logging():
    """The root logger AWS gives Python functions: level WARNING, records tagged with the request id."""
    handler = logging.StreamHandler(sys.stdout)
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"
    )
    formatter.converter = time.gmtime
    handler.terminator = ""  # the format ends the record, as in AWS
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


def resolve_localstack_hostnames():
    """LocalStack's own hostnames (``*.localhost.localstack.cloud``: SQS queue URLs, execute-api hosts) resolve
    to LocalStack, as LocalStack's DNS server makes them resolve inside Docker Lambdas. The host may have no DNS
    for them, so lookups of these names are answered here; all others go to the system resolver."""
    domains = [d for d in os.environ.pop("_LOCALSTACK_RESOLVE_DOMAINS", "").split(",") if d]
    address = os.environ.pop("_LOCALSTACK_RESOLVE_ADDRESS", "")
    if not domains or not address:
        return

    def is_localstack(host):
        name = host.decode() if isinstance(host, bytes) else host
        return isinstance(name, str) and any(name == d or name.endswith("." + d) for d in domains)

    system_getaddrinfo, system_gethostbyname = socket.getaddrinfo, socket.gethostbyname

    def getaddrinfo(host, *args, **kwargs):
        return system_getaddrinfo(address if is_localstack(host) else host, *args, **kwargs)

    def gethostbyname(host):
        return address if is_localstack(host) else system_gethostbyname(host)

    socket.getaddrinfo, socket.gethostbyname = getaddrinfo, gethostbyname


def serialize_result(result):
    def default(value):
        if isinstance(value, decimal.Decimal):
            return float(value)
        raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)

    return json.dumps(result, default=default)


def user_stack_trace(tb):
    """The traceback without this bootstrap's own frames, formatted like awslambdaric."""
    frames = [frame for frame in traceback.extract_tb(tb) if frame.filename != __file__]
    return traceback.format_list(frames)


def handle_invoke(handler, invoke):
    request_id = invoke["invoke-id"]
    RequestIdFilter.request_id = request_id
    os.environ["_X_AMZN_TRACE_ID"] = invoke.get("trace-id") or ""
    try:
        try:
            event = json.loads(invoke["payload"]) if invoke["payload"] else {}
        except ValueError as e:
            raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: {}".format(e))
        result = handler(event, LambdaContext(invoke))
        try:
            payload = serialize_result(result)
        except (TypeError, ValueError) as e:
            raise FaultException("Runtime.MarshalError", "Unable to marshal response: {}".format(e))
        reply = {"type": "response", "invoke-id": request_id, "payload": payload}
    except FaultException as e:
        reply = {"type": "error", "invoke-id": request_id,
                 "error": error_payload(e.error_type, e.message, request_id, e.stack_trace)}
    except Exception as e:
        error = error_payload(type(e).__name__, str(e), request_id, user_stack_trace(sys.exc_info()[2]))
        sys.stdout.write("[ERROR] %s: %s\n" % (type(e).__name__, e))
        reply = {"type": "error", "invoke-id": request_id, "error": error}
    sys.stdout.flush()
    sys.stderr.flush()
    reply["max-rss-kb"] = peak_memory_kb()
    send(reply)


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    # the bootstrap's folder must not shadow function modules; the function's folder comes first as on AWS
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    install_aws_logging()
    resolve_localstack_hostnames()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as e:
        sys.stdout.write("[ERROR] %s: %s\n" % (e.error_type, e.message))
        sys.stdout.flush()
        send({"type": "init_error", "error": error_payload(e.error_type, e.message, "", e.stack_trace)})
        sys.exit(1)
    except Exception as e:
        error = error_payload(type(e).__name__, str(e), "", user_stack_trace(sys.exc_info()[2]))
        sys.stdout.write("[ERROR] %s: %s\n" % (type(e).__name__, e))
        sys.stdout.flush()
        send({"type": "init_error", "error": error})
        sys.exit(1)
    send({"type": "ready"})
    invokes = queue.Queue()
    threading.Thread(target=read_control, args=(invokes,), daemon=True).start()
    while True:
        handle_invoke(handler, invokes.get())


def read_control(invokes):
    """Feeds invokes to the main thread; when the executor goes away (EOF), the process ends at once,
    even in the middle of a handler, so no function process outlives LocalStack."""
    with os.fdopen(CONTROL_IN_FD, "rb") as control:
        for line in control:
            message = json.loads(line)
            if message.get("type") == "invoke":
                invokes.put(message)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
