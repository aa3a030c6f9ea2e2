"""Invoking a Lambda function as API Gateway does: next_gen's client factory (internal clients, optional
assumed role), API Gateway as the calling service principal, the execute-api source ARN.

Unlike next_gen's ``call_lambda`` this keeps the invocation's ``FunctionError``: for a WebSocket route a
function error is not a response (``$connect`` fails with 502, a message gets an error frame)."""

import concurrent.futures
import dataclasses
import functools
import logging
import threading
import uuid
from collections.abc import Callable

from localstack.aws.api.lambda_ import InvocationType
from localstack.aws.connect import ServicePrincipal
from localstack.constants import DEFAULT_AWS_ACCOUNT_ID
from localstack.services.apigateway.next_gen.execute_api.helpers import (
    get_lambda_function_arn_from_invocation_uri,
    render_uri_with_stage_variables,
)
from localstack.services.apigateway.next_gen.execute_api.integrations.aws import get_service_factory
from localstack.services.lambda_.api_utils import function_locators_from_arn
from localstack.services.lambda_.invocation.models import lambda_stores
from localstack.services.plugins import SERVICE_PLUGINS
from localstack.utils.aws.arns import extract_region_from_arn

from ..timers import SharedTimer

LOG = logging.getLogger(__name__)


@dataclasses.dataclass
class LambdaResult:
    payload: bytes
    function_error: str | None


def function_arn(integration_uri: str, stage_variables: dict[str, str]) -> str:
    """The function an integration URI names (``arn:aws:apigateway:...:lambda:path/.../functions/<arn>/invocations``
    or a bare function ARN), with ``${stageVariables.x}`` rendered."""
    uri = render_uri_with_stage_variables(integration_uri, stage_variables)
    return get_lambda_function_arn_from_invocation_uri(uri) if ":apigateway:" in uri else uri


class InvocationTimedOut(Exception):
    """The function did not answer within the integration's timeout (it goes on running, as on AWS)."""


class InvocationAbandoned(BaseException):  # noqa: N818 (not an error: the event was answered already)
    """Raised on the invoking thread when the invocation answers after its deadline, which ``on_timeout`` has
    answered: its result goes nowhere. A BaseException, so that no handler on the way makes an answer of it."""


def invoke_function(
    integration_uri: str,
    payload: bytes,
    source_arn: str,
    stage_variables: dict[str, str],
    credentials: str | None,
    timeout_seconds: float | None = None,
    on_timeout: Callable[[InvocationTimedOut], None] | None = None,
) -> LambdaResult:
    """Invokes the function; with ``timeout_seconds``, raises InvocationTimedOut when it answers later. With
    ``on_timeout`` as well, the function runs on the calling thread and ``on_timeout`` answers the deadline from
    another one (the call then raises InvocationAbandoned once the function is done): no thread hand-off per
    invocation, which cost about a fifth of a message's CPU in LocalStack (docs/performance.md)."""
    arn = function_arn(integration_uri, stage_variables)
    if credentials:
        role_arn = render_uri_with_stage_variables(credentials, stage_variables)
        invoke = functools.partial(_invoke_through_api, arn, payload, source_arn, role_arn)
    else:
        invoke = functools.partial(_invoke_in_process, arn, payload)
    if timeout_seconds is None or not _may_outlast(arn, timeout_seconds):
        return invoke()  # the function's own timeout ends it first: no need to watch it
    if on_timeout is not None:
        return _invoke_with_deadline(invoke, timeout_seconds, on_timeout)
    future = _timed_invocations().submit(invoke)
    try:
        return future.result(timeout_seconds)
    except concurrent.futures.TimeoutError:
        raise InvocationTimedOut(f"no answer within {timeout_seconds:g} s") from None


class _Deadline:
    """Whichever comes first, the answer or the deadline, wins; the other side learns it. ``on_timeout`` runs
    under the lock, so that the invoking thread, if it finishes meanwhile, waits until the timeout is answered."""

    def __init__(self, seconds: float, on_timeout: Callable[[InvocationTimedOut], None]):
        self._seconds = seconds
        self._on_timeout = on_timeout
        self._lock = threading.Lock()
        self._expired = self._finished = False

    def expire(self) -> None:
        with self._lock:
            if self._finished:
                return
            self._expired = True
            try:
                self._on_timeout(InvocationTimedOut(f"no answer within {self._seconds:g} s"))
            except Exception:
                LOG.exception("Answering an integration timeout failed")

    def finish(self) -> bool:
        """The invocation ended; True when the deadline had come first."""
        with self._lock:
            self._finished = True
            return self._expired


def _invoke_with_deadline(
    invoke: Callable[[], LambdaResult], seconds: float, on_timeout: Callable[[InvocationTimedOut], None]
) -> LambdaResult:
    deadline = _Deadline(seconds, on_timeout)
    timer = SharedTimer(seconds, deadline.expire)
    timer.start()
    try:
        result = invoke()
    except Exception:
        timer.cancel()
        if deadline.finish():
            raise InvocationAbandoned() from None
        raise
    timer.cancel()
    if deadline.finish():
        raise InvocationAbandoned()
    return result


def _may_outlast(arn: str, timeout_seconds: float) -> bool:
    """Whether a version of the function is allowed to run longer than ``timeout_seconds``."""
    name, _, account_id, region = function_locators_from_arn(arn)
    store = lambda_stores[account_id or DEFAULT_AWS_ACCOUNT_ID][region or extract_region_from_arn(arn)]
    function = store.functions.get(name)
    if function is None:
        return False  # invoking it fails at once
    return any(version.config.timeout > timeout_seconds for version in list(function.versions.values()))


@functools.cache
def _timed_invocations() -> concurrent.futures.ThreadPoolExecutor:
    """Threads for invocations that may outlast their integration's timeout, so that the gateway can answer
    without waiting for them."""
    from ..settings import settings

    return concurrent.futures.ThreadPoolExecutor(
        settings().worker_threads, thread_name_prefix="ws-lambda-timed"
    )


@functools.cache
def _lambda_provider():
    """LocalStack's Lambda provider, looked up once (the plugin manager's lookup cost a tenth of a message); its
    ``lambda_service`` is read on every call, as a state reset replaces it."""
    return SERVICE_PLUGINS.require("lambda")._provider


def _invoke_in_process(arn: str, payload: bytes) -> LambdaResult:
    """Straight to LocalStack's Lambda service, as its Invoke operation does once it has parsed the request:
    the same versions, environments, concurrency, logs and metrics, without a round trip through LocalStack's
    HTTP gateway per message (which cost two thirds of a message's time)."""
    name, qualifier, account_id, region = function_locators_from_arn(arn)
    result = _lambda_provider().lambda_service.invoke(
        function_name=name,
        qualifier=qualifier,
        region=region or extract_region_from_arn(arn),
        account_id=account_id or DEFAULT_AWS_ACCOUNT_ID,
        invocation_type=InvocationType.RequestResponse,
        client_context=None,
        request_id=str(uuid.uuid4()),
        payload=payload,
    )
    return LambdaResult(result.payload or b"", "Unhandled" if result.is_error else None)


def _invoke_through_api(arn: str, payload: bytes, source_arn: str, role_arn: str) -> LambdaResult:
    """Through the Lambda API with the integration's role (CredentialsArn), as next_gen's call_lambda does."""
    client = get_service_factory(region_name=extract_region_from_arn(arn), role_arn=role_arn).lambda_
    result = client.request_metadata(
        service_principal=ServicePrincipal.apigateway, source_arn=source_arn
    ).invoke(FunctionName=arn, Payload=payload, InvocationType=InvocationType.RequestResponse)
    body = result["Payload"].read() if result.get("Payload") else b""
    return LambdaResult(body, result.get("FunctionError"))
