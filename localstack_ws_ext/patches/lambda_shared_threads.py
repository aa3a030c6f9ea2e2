"""LocalStack's Lambda service, without its per-invocation threads and sends (``WS_LAMBDA_SHARED_THREADS``).

For every invocation LocalStack's Lambda service starts a ``threading.Timer`` (the execution environment's
keepalive, ``execution_environment.Timer``) and a thread that sends the ``AWS/Lambda`` ``Invocations`` metric
(``version_manager.start_thread``), and its log handler (``logs.LogHandler.run_log_loop``) sends one
``PutLogEvents``. ``Thread.start`` waits until the new thread holds the GIL: in a busy LocalStack that wait
averaged 1.4 ms per thread, three quarters of an invocation on a two-way WebSocket route (measured by timing
``LambdaService.invoke``), and the two sends cost more CPU than the invocation (py-spy). The service itself marks
the metric threads as worth reusing ("MAYBE reuse threads"). This changes LocalStack's Lambda service for every
executor (Docker or this extension's ``local``), which is why it is a patch and not part of the executor.

Here ``SharedTimer`` (``localstack_ws_ext/timers.py``) keeps ``threading.Timer``'s interface on one scheduler
thread, metric data points are sent in batches by one thread, and the log handler sends what queued up per stream
in one call, straight to the logs service in this process (``InProcessLogs``: no HTTP trip through LocalStack's
request chain). Both batching threads sleep through their window instead of waking for each item. What users see stays
the same: environments still expire after ``LAMBDA_KEEPALIVE_MS`` (the expiry callback still runs on a thread of
its own), every invocation still adds its data points (same sums and sample counts), and every log line still
reaches CloudWatch Logs in order. ``WS_LAMBDA_SHARED_THREADS=0`` leaves LocalStack's Lambda service as it is.
"""

import logging
import queue
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from types import ModuleType

from ..settings import settings
from ..timers import SharedTimer
from .after_import import after_import
from .replacing import replace

LOG = logging.getLogger(__name__)

VERSIONS = ("2026.3",)
SWITCH = "WS_LAMBDA_SHARED_THREADS"
EXECUTION_ENVIRONMENT_MODULE = "localstack.services.lambda_.invocation.execution_environment"
VERSION_MANAGER_MODULE = "localstack.services.lambda_.invocation.version_manager"
LOGS_MODULE = "localstack.services.lambda_.invocation.logs"

METRIC_THREAD_PREFIX = "record-cloudwatch-metric"
# How long log lines and metric data points may wait to be sent with others. Logs go out in one PutLogEvents per
# stream, i.e. per execution environment, and window: with 16 warm environments a 50 ms window cost a fifth of
# LocalStack's CPU (docs/performance.md). CloudWatch shows neither faster on AWS (metrics at one-minute resolution).
BATCH_WINDOW_SECONDS = 1.0
# invocations whose log lines go out in one window (one item per invocation; more wait for the next window)
MAX_LOG_ITEMS = 2000


def shutting_down() -> bool:
    """Sends are dropped once LocalStack stops: they are of invocations that its shutdown ended, and a send could
    start a service that the shutdown already passed (its threads would then keep the process alive)."""
    from localstack.runtime import events

    return events.infra_stopping.is_set()


def collect_batch(source, limit: int, stop_at=None, stopped: threading.Event | None = None) -> list:
    """The next item, and whatever else arrived within ``BATCH_WINDOW_SECONDS`` after it (up to ``limit`` items,
    or up to ``stop_at``). The window makes the sends few under load, at the cost of data appearing that much
    later. The thread sleeps through the window instead of waking for every item (each wake is a trip for the GIL,
    two per invocation); ``stopped`` (set before ``stop_at`` is queued) ends the window at once."""
    batch = [source.get()]
    if batch[0] is stop_at and stop_at is not None:
        return batch
    if stopped is None:
        time.sleep(BATCH_WINDOW_SECONDS)
    else:
        stopped.wait(BATCH_WINDOW_SECONDS)
    while len(batch) < limit:
        try:
            item = source.get_nowait()
        except queue.Empty:
            break
        batch.append(item)
        if item is stop_at and stop_at is not None:
            break
    return batch


def metric_data(
    batch: list[tuple[str, str, str, str]], timestamp: datetime
) -> dict[tuple[str, str], list[dict]]:
    """``(account, region, function, metric)`` data points as ``PutMetricData`` items per account and region."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for account_id, region_name, function_name, metric in batch:
        counts[(account_id, region_name)][(function_name, metric)] += 1
    return {
        account_region: [
            {
                "MetricName": metric,
                "Dimensions": [{"Name": "FunctionName", "Value": function_name}],
                "Timestamp": timestamp,
                "Values": [1.0],
                "Counts": [float(count)],
            }
            for (function_name, metric), count in account_region_counts.items()
        ]
        for account_region, account_region_counts in counts.items()
    }


class _MetricBatcher:
    """Sends the ``AWS/Lambda`` data points of all invocations since its last send in one ``PutMetricData`` per
    account and region (``Values=[1]``, ``Counts=[n]``: the same sums and sample counts as n single sends), so
    the sends keep up with any invocation rate instead of queueing behind it."""

    MAX_BATCH = 20000  # data points per window; they are counted, not sent one by one

    def __init__(self):
        self._queue: queue.SimpleQueue[tuple[str, str, str, str]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def record(self, metric: str, function_name: str, account_id: str, region_name: str) -> None:
        self._queue.put((account_id, region_name, function_name, metric))
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name=METRIC_THREAD_PREFIX, daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while True:
            batch = collect_batch(self._queue, self.MAX_BATCH)
            for (account_id, region_name), data in metric_data(batch, datetime.now(UTC)).items():
                self._send(account_id, region_name, data)

    @staticmethod
    def _send(account_id: str, region_name: str, data: list[dict]) -> None:
        from localstack.aws.connect import connect_to
        from localstack.utils.bootstrap import is_api_enabled

        if not is_api_enabled("cloudwatch") or shutting_down():
            return
        try:
            cloudwatch = connect_to(aws_access_key_id=account_id, region_name=region_name).cloudwatch
            cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=data)
        except Exception as e:
            LOG.info("Unable to put Lambda metric data to CloudWatch: %s", e)


_metrics = _MetricBatcher()


def record_invocation(function_name: str, account_id: str, region_name: str) -> None:
    _metrics.record("Invocations", function_name, account_id, region_name)


def record_error(function_name: str, account_id: str, region_name: str) -> None:
    _metrics.record("Invocations", function_name, account_id, region_name)
    _metrics.record("Errors", function_name, account_id, region_name)


def _start_thread_unless_metric(original: Callable, method: Callable, *args, **kwargs):
    """The metric "threads" only hand their data point to the batcher now: run them in place."""
    if str(kwargs.get("name") or "").startswith(METRIC_THREAD_PREFIX) and not args:
        method(kwargs.get("params"))
        return None  # the version manager does not keep metric threads
    return original(method, *args, **kwargs)


def run_log_loop_batched(handler) -> None:
    """``LogHandler.run_log_loop`` sending every queued invocation's log lines of one stream in one
    ``PutLogEvents`` (LocalStack sends one per invocation, which under load costs more than the invocation)."""
    from localstack.services.lambda_.invocation.logs import QUEUE_SHUTDOWN

    logs = InProcessLogs(handler.role_arn, handler.region)
    while not handler._shutdown_event.is_set():
        items = collect_batch(
            handler.log_queue, MAX_LOG_ITEMS, stop_at=QUEUE_SHUTDOWN, stopped=handler._shutdown_event
        )
        log_items = [item for item in items if item is not QUEUE_SHUTDOWN]
        for (group, stream), events in log_events(log_items, int(time.time() * 1000)).items():
            _put_log_events(logs, group, stream, events)
        if len(log_items) < len(items):
            return


class InProcessLogs:
    """The log handler's CloudWatch Logs calls, made to LocalStack's logs service in this process: the request is
    built by botocore's serializer (``create_aws_request_context``, as LocalStack's own in-process calls are) and
    dispatched by the service's skeleton to its provider, which stores through moto. The account is the one of the
    function's role, as with the assumed-role client LocalStack uses. What is skipped is the trip through HTTP and
    LocalStack's request chain, and the parsing of the request and of the answer, which for a busy function cost
    more than the function's invocations (docs/performance.md)."""

    def __init__(self, role_arn: str, region: str):
        from localstack.constants import DEFAULT_AWS_ACCOUNT_ID
        from localstack.utils.aws.arns import extract_account_id_from_arn

        self.account_id = extract_account_id_from_arn(role_arn) or DEFAULT_AWS_ACCOUNT_ID
        self.region = region

    def call(self, operation: str, **parameters):
        from localstack.aws.forwarder import create_aws_request_context
        from localstack.services.plugins import SERVICE_PLUGINS

        skeleton = SERVICE_PLUGINS.require("logs").skeleton
        context = create_aws_request_context("logs", operation, parameters=parameters, region=self.region)
        context.account_id = self.account_id
        context.request.headers["x-moto-account-id"] = (
            self.account_id
        )  # moto's account, as LocalStack sets it
        context.service_request = parameters
        return skeleton.dispatch_table[operation](context, parameters)


def log_events(items: list, timestamp: int) -> dict[tuple[str, str], list[dict]]:
    """Invocations' log lines as ``PutLogEvents`` events per group and stream, in order, without empty lines
    (which CloudWatch does not accept), each line keeping its newline, as LocalStack's log handler sends them."""
    by_stream: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for item in items:
        by_stream[(item.log_group, item.log_stream)].extend(
            {"timestamp": timestamp, "message": line + "\n"} for line in item.logs.split("\n") if line
        )
    return by_stream


def _put_log_events(logs: InProcessLogs, group: str, stream: str, events: list[dict]) -> None:
    """As LocalStack's log handler sends them: the group and stream are created when missing."""
    from localstack.aws.api import ServiceException

    if shutting_down():
        return
    try:
        try:
            logs.call("PutLogEvents", logGroupName=group, logStreamName=stream, logEvents=events)
        except ServiceException as e:
            if e.code != "ResourceNotFoundException":
                raise
            try:
                logs.call("CreateLogGroup", logGroupName=group)
            except ServiceException as exists:
                if exists.code != "ResourceAlreadyExistsException":
                    raise
            logs.call("CreateLogStream", logGroupName=group, logStreamName=stream)
            logs.call("PutLogEvents", logGroupName=group, logStreamName=stream, logEvents=events)
    except Exception as e:
        LOG.warning("Error saving logs to group %s in region %s: %s", group, logs.region, e)


def enabled() -> bool:
    return settings().lambda_shared_threads


def _require(module: ModuleType, *names: str) -> None:
    """Checks what a patch replaces before it replaces anything: a module that moved on stays as it is."""
    if missing := [name for name in names if not hasattr(module, name)]:
        raise AttributeError(f"{module.__name__} has no {', '.join(missing)}")


def _patch_timer(module: ModuleType) -> None:
    _require(module, "Timer")
    if module.Timer is SharedTimer:
        return
    if module.Timer is not threading.Timer:
        raise TypeError(f"{module.__name__}.Timer is {module.Timer!r}, not threading.Timer")
    module.Timer = SharedTimer


def _patch_metrics(module: ModuleType) -> None:
    _require(module, "start_thread", "record_cw_metric_invocation", "record_cw_metric_error")

    def unless_metric(original):
        def start_thread(method, *args, **kwargs):
            return _start_thread_unless_metric(original, method, *args, **kwargs)

        return start_thread

    replace(module, "start_thread", unless_metric)
    module.record_cw_metric_invocation = record_invocation
    module.record_cw_metric_error = record_error


def _patch_log_loop(module: ModuleType) -> None:
    _require(module, "LogHandler", "QUEUE_SHUTDOWN")

    def batched(original):
        def run_log_loop(self, *args, **kwargs) -> None:
            run_log_loop_batched(self)

        return run_log_loop

    replace(module.LogHandler, "run_log_loop", batched)


def install() -> None:
    """Patches LocalStack's Lambda invocation modules when LocalStack imports them (idempotent)."""
    after_import(EXECUTION_ENVIRONMENT_MODULE, _patch_timer)
    after_import(VERSION_MANAGER_MODULE, _patch_metrics)
    after_import(LOGS_MODULE, _patch_log_loop)
