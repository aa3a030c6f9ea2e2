"""Every environment variable the extension reads, in one object read once when LocalStack starts.

``VARIABLES`` describes each one (its name, type, default and meaning); ``Settings`` holds their values;
``load()`` reads them (the extension calls it at startup) and ``settings()`` returns what was read. AWS's limits
are the defaults (``aws_limits``); where AWS's behaviour is not documented, the variable
picks between the plausible behaviours (docs/aws-behaviour.md §14). LocalStack's own settings (``GATEWAY_LISTEN``,
``LAMBDA_RUNTIME_EXECUTOR``, ``PROVIDER_OVERRIDE_*``, ...) stay LocalStack's: the extension reads them through
``localstack.config``.
"""

import dataclasses
import logging
import os
import re
from collections.abc import Callable, Mapping

from . import aws_limits

LOG = logging.getLogger(__name__)

RUNTIME_OVERRIDE_PREFIX = "LAMBDA_LOCAL_RUNTIME_"


def _flag(text: str) -> bool:
    return text.lower() in ("1", "true", "yes", "on")


def _byte_count(text: str) -> int:
    count = int(text)
    if count < 0:
        raise ValueError(f"{count} is negative")
    return count


def _positive_count(text: str) -> int:
    count = int(text)
    if count < 1:
        raise ValueError(f"{count} is not positive")
    return count


def _close_code(text: str) -> int:
    """A close code a server may send (RFC 6455, section 7.4: not 1004-1006 nor 1015; 3000-4999 are free; the
    transport's ``close_codes.check_close``, which this module does not import: it would load twisted)."""
    code = int(text)
    if not (1000 <= code <= 1003 or 1007 <= code <= 1014 or 3000 <= code <= 4999):
        raise ValueError(f"{code} cannot be sent in a close frame")
    return code


@dataclasses.dataclass(frozen=True)
class Variable:
    name: str
    field: str
    parse: Callable[[str], object]
    default: object
    meaning: str


VARIABLES = (
    Variable(
        "WS_IDLE_TIMEOUT_SECONDS",
        "idle_timeout_seconds",
        float,
        aws_limits.IDLE_TIMEOUT_SECONDS,
        "close idle connections (1001) after this many seconds without a data frame (AWS: 10 minutes)",
    ),
    Variable(
        "WS_MAX_CONNECTION_SECONDS",
        "max_connection_seconds",
        float,
        aws_limits.MAX_CONNECTION_SECONDS,
        "close connections (1001) after this many seconds (AWS: 2 hours)",
    ),
    Variable(
        "WS_MAX_FRAME_BYTES",
        "max_frame_bytes",
        int,
        aws_limits.MAX_FRAME_BYTES,
        "larger incoming frames close with 1009 (AWS: 32 KB)",
    ),
    Variable(
        "WS_MAX_MESSAGE_BYTES",
        "max_message_bytes",
        int,
        aws_limits.MAX_MESSAGE_BYTES,
        "larger incoming messages close with 1009, and PostToConnection refuses larger data (AWS: 128 KB)",
    ),
    Variable(
        "WS_PINGS_COUNT_AS_ACTIVITY",
        "pings_count_as_activity",
        _flag,
        False,
        "whether client pings reset the idle timer (AWS: unconfirmed)",
    ),
    Variable(
        "WS_CLIENT_BUFFER_BYTES",
        "client_buffer_bytes",
        _byte_count,
        1024 * 1024,
        "bytes sent to a client that does not read that may wait in LocalStack's memory; beyond, PostToConnection "
        "answers 429 LimitExceededException and a route's answer closes the connection (AWS: size unconfirmed)",
    ),
    Variable(
        "WS_CLIENT_BUFFER_FULL_CLOSE_CODE",
        "client_buffer_full_close_code",
        _close_code,
        1001,
        "close code when a route's answer finds the client's buffer full (AWS: unconfirmed)",
    ),
    Variable(
        "WS_WORKER_THREADS",
        "worker_threads",
        int,
        32,
        "threads running integrations for all connections (messages of one connection stay in order)",
    ),
    Variable(
        "WS_CONNECT_DEFAULT_STATUS",
        "connect_default_status",
        int,
        200,
        "status of a $connect proxy answer without statusCode (AWS: unconfirmed)",
    ),
    Variable(
        "WS_INTEGRATION_TIMEOUT_MESSAGE",
        "integration_timeout_message",
        str,
        "Endpoint request timed out",
        "message of the error frame (and of the $connect 504) when a backend exceeds TimeoutInMillis "
        "(AWS: unconfirmed; REST's wording)",
    ),
    Variable(
        "WS_REQUEST_VALIDATION_FRAME",
        "request_validation_frame",
        str,
        "bad-request-body",
        "frame for a message that fails its request model: `bad-request-body` (the developer guide's older "
        "form) or `invalid-request-body` (its current one) (AWS: unconfirmed)",
    ),
    Variable(
        "WS_AUTHORIZER_CACHE",
        "authorizer_cache",
        _flag,
        True,
        "honour an authorizer's AuthorizerResultTtlInSeconds (AWS documents it for HTTP APIs only: "
        "unconfirmed); `0` calls the authorizer on every handshake",
    ),
    Variable(
        "WS_AUTHORIZER_ERROR_STATUS",
        "authorizer_error_status",
        int,
        500,
        "handshake status when a Lambda authorizer fails or answers an invalid result (AWS: unconfirmed)",
    ),
    Variable(
        "WS_AUTHORIZER_MAX_RESULT_BYTES",
        "authorizer_max_result_bytes",
        int,
        aws_limits.AUTHORIZER_MAX_RESULT_BYTES,
        "largest authorizer result accepted (AWS's 8 KB quota); larger is an authorizer error",
    ),
    Variable(
        "WS_API_KEY_ERROR_STATUS",
        "api_key_error_status",
        int,
        403,
        "handshake status for a missing, unknown or disabled API key (AWS: unconfirmed; REST's 403)",
    ),
    Variable(
        "WS_EXECUTE_API_CERTIFICATE",
        "execute_api_certificate",
        _flag,
        True,
        "serve a TLS certificate that names the execute-api hosts, trusted by functions",
    ),
    Variable(
        "WS_LAMBDA_SHARED_THREADS",
        "lambda_shared_threads",
        _flag,
        True,
        "LocalStack's Lambda service without two new threads and two internal AWS calls per invocation "
        "(docs/patches.md); `0` leaves it as it is",
    ),
    Variable(
        "WS_CONNECTIONS_ON_REACTOR",
        "connections_on_reactor",
        _flag,
        True,
        "`@connections` calls answered on the thread that read them, without the trip to LocalStack's HTTP "
        "worker threads (docs/patches.md); `0` leaves rolo's server as it is",
    ),
    Variable(
        "WS_INSPECTOR",
        "inspector",
        _flag,
        True,
        "the inspector (docs/inspector.md): its page at `/_extension/localstack-ws-ext/`, its JSON API and "
        "stream, and the recording of the timeline; `0` turns all of it off",
    ),
    Variable(
        "WS_INSPECTOR_EVENTS",
        "inspector_events",
        _positive_count,
        1000,
        "how many timeline events the inspector keeps (a ring buffer: the oldest go first)",
    ),
    Variable(
        "WS_INSPECTOR_PAYLOAD_BYTES",
        "inspector_payload_bytes",
        _byte_count,
        256,
        "how much of each frame (and @connections payload) the inspector's timeline previews; `0` captures no "
        "payload at all (sizes only)",
    ),
    Variable(
        "LAMBDA_LOCAL_SDK_DIR",
        "lambda_local_sdk_dir",
        str,
        None,
        "where the functions' SDKs are (`python/`, `nodejs/node_modules/`); default `<venv>/lambda-sdk`",
    ),
    Variable(
        "PYENV_ROOT",
        "pyenv_root",
        str,
        None,
        "where pyenv's interpreters are looked for when discovering runtimes; default `~/.pyenv`",
    ),
)
# LAMBDA_LOCAL_RUNTIME_<RUNTIME> (e.g. LAMBDA_LOCAL_RUNTIME_PYTHON3_12) names one runtime's interpreter
RUNTIME_OVERRIDE_MEANING = (
    "interpreter for one runtime, e.g. `LAMBDA_LOCAL_RUNTIME_NODEJS22_X=/opt/node22/bin/node`"
)


@dataclasses.dataclass(frozen=True)
class Settings:
    idle_timeout_seconds: float
    max_connection_seconds: float
    max_frame_bytes: int
    max_message_bytes: int
    pings_count_as_activity: bool
    client_buffer_bytes: int
    client_buffer_full_close_code: int
    worker_threads: int
    connect_default_status: int
    integration_timeout_message: str
    request_validation_frame: str
    authorizer_cache: bool
    authorizer_error_status: int
    authorizer_max_result_bytes: int
    api_key_error_status: int
    execute_api_certificate: bool
    lambda_shared_threads: bool
    connections_on_reactor: bool
    inspector: bool
    inspector_events: int
    inspector_payload_bytes: int
    lambda_local_sdk_dir: str | None
    pyenv_root: str | None
    runtime_interpreters: Mapping[str, str]  # LAMBDA_LOCAL_RUNTIME_<RUNTIME> -> path

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> tuple["Settings", list[str]]:
        """The settings, and what was wrong with the environment: an unset or empty variable takes its default,
        and so does a value that does not parse (a warning, never a crash at startup)."""
        values, problems = {}, []
        for variable in VARIABLES:
            text = (environ.get(variable.name) or "").strip()
            try:
                values[variable.field] = variable.parse(text) if text else variable.default
            except ValueError:
                values[variable.field] = variable.default
                problems.append(f"{variable.name}={text!r} is not a valid value: using {variable.default!r}")
        overrides = {
            name: value
            for name, value in environ.items()
            if name.startswith(RUNTIME_OVERRIDE_PREFIX) and value
        }
        return cls(**values, runtime_interpreters=overrides), problems

    def runtime_interpreter(self, runtime: str) -> tuple[str, str | None]:
        """The variable that names ``runtime``'s interpreter, and its value if set."""
        variable = runtime_interpreter_variable(runtime)
        return variable, self.runtime_interpreters.get(variable)


def runtime_interpreter_variable(runtime: str) -> str:
    """``LAMBDA_LOCAL_RUNTIME_PYTHON3_12`` for ``python3.12``."""
    return RUNTIME_OVERRIDE_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", runtime).upper()


_current: Settings | None = None


def load(environ: Mapping[str, str] = os.environ) -> Settings:
    """Reads the settings (at LocalStack's startup; tests call it with their own environment)."""
    global _current
    _current, problems = Settings.from_environ(environ)
    for problem in problems:
        LOG.warning("localstack-ws-ext: %s", problem)
    return _current


def settings() -> Settings:
    """The settings read at startup (read now if nothing read them yet, e.g. in a command-line tool)."""
    return _current or load()
