"""The extension's settings, from environment variables (read when LocalStack starts).

AWS's WebSocket limits are the defaults; where AWS's behaviour is unconfirmed, the setting says so.
"""

import os


def _number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


# idle connections are closed after this many seconds without a data frame from the client (AWS: 10 minutes)
IDLE_TIMEOUT_SECONDS = _number("WS_IDLE_TIMEOUT_SECONDS", 600)
# connections are closed after this many seconds, however active (AWS: 2 hours)
MAX_CONNECTION_SECONDS = _number("WS_MAX_CONNECTION_SECONDS", 7200)
# a larger incoming frame or message closes the connection with 1009 (AWS: 32 KB / 128 KB)
MAX_FRAME_BYTES = int(_number("WS_MAX_FRAME_BYTES", 32 * 1024))
MAX_MESSAGE_BYTES = int(_number("WS_MAX_MESSAGE_BYTES", 128 * 1024))
# whether client pings keep a connection from idling out (UNCONFIRMED on AWS: off)
PINGS_COUNT_AS_ACTIVITY = _flag("WS_PINGS_COUNT_AS_ACTIVITY", False)
# threads that run integrations for all connections (messages of one connection stay in order)
WORKER_THREADS = int(_number("WS_WORKER_THREADS", 32))
# status a $connect proxy answer without statusCode counts as (UNCONFIRMED on AWS: 200, i.e. accepted)
CONNECT_DEFAULT_STATUS = int(_number("WS_CONNECT_DEFAULT_STATUS", 200))
# generate and serve a TLS certificate that names the execute-api hosts (see tls.py)
EXECUTE_API_CERTIFICATE = _flag("WS_EXECUTE_API_CERTIFICATE", True)
