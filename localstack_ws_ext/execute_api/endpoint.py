"""The WebSocket endpoint of deployed APIs: the handshake runs $connect before the upgrade is accepted, then
the connection lives in the event-driven transport and each message and the close go through the gateway.

The handshake: the upgrade waits for the $connect integration; a non-2xx answer rejects it with that status,
an integration error with 502; only ``Sec-WebSocket-Protocol`` from the answer reaches the 101; no $connect
route accepts the connection
(https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html).
A stage that is not deployed answers 403. The request reaching ``handle_upgrade`` is a valid opening handshake
already (``handshake.py``, checked before LocalStack's handlers run); a ``Sec-WebSocket-Protocol`` answer that the
client did not offer still reaches it (AWS passes it on, **unconfirmed**), and one that cannot be an HTTP header
value makes the handshake 502, as an integration answer API Gateway cannot use.

Each accepted connection carries its ``ConnectionInfo`` (``Connection.info``): the one record of what API
Gateway knows about it, which its events and the @connections API read.
"""

import functools
import logging
import threading

from localstack import config
from rolo.websocket import WebSocketRequest

from ..control_plane.store import WebSocketApi, find_api
from ..hosts import execute_api_host
from ..settings import settings
from ..shim.lambda_invoke import InvocationAbandoned
from .context import ConnectionInfo, EventType, WebSocketInvocationContext
from .errors import IntegrationError, IntegrationTimeout
from .events import now_ms
from .gateway import WebSocketGateway
from .handlers.errors import error_response
from .handshake import handshake_headers, offered_subprotocols
from .ids import new_gateway_id
from .transport import (
    CLIENT_BUFFER_FULL_REASON,
    GOING_AWAY_REASON,
    Connection,
    ConnectionClosed,
    ConnectionLimits,
    OrderedExecutor,
    accept_connection,
    close_all,
    connections,
)

LOG = logging.getLogger(__name__)


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def client_buffer_full_close(code: int) -> tuple[int, str]:
    """How a client that does not read is closed (docs/aws-behaviour.md, Faults): AWS's "Going away" for 1001."""
    return code, GOING_AWAY_REASON if code == 1001 else CLIENT_BUFFER_FULL_REASON


class WebSocketEndpoint:
    """Accepts connections to deployed WebSocket APIs and feeds their events to the gateway."""

    def __init__(self):
        self.gateway = WebSocketGateway()
        current = settings()
        self.executor = OrderedExecutor(current.worker_threads, name="ws-gateway")
        self.limits = ConnectionLimits(
            idle_timeout=current.idle_timeout_seconds,
            max_duration=current.max_connection_seconds,
            max_frame_bytes=current.max_frame_bytes,
            max_message_bytes=current.max_message_bytes,
            pings_count_as_activity=current.pings_count_as_activity,
            max_unread_bytes=current.client_buffer_bytes,
            client_buffer_full_close=client_buffer_full_close(current.client_buffer_full_close_code),
        )
        self._shutdown_lock = threading.Lock()

    # the handshake, on one of LocalStack's request threads

    def handle_upgrade(self, request: WebSocketRequest, api: WebSocketApi, stage: str) -> None:
        info = self._connection_info(request, api, stage)
        context = WebSocketInvocationContext(EventType.CONNECT, api, api.deployed_snapshot(stage), info)
        response = self.gateway.process(context)
        if context.error is not None:
            request.reject(response)
            return
        subprotocol, headers = context.subprotocol, None
        if subprotocol is not None and subprotocol not in offered_subprotocols(handshake_headers(request)):
            # not one the client offered: sent as it is, for the client to fail the handshake (RFC 6455 §4.1)
            subprotocol, headers = None, {"Sec-WebSocket-Protocol": subprotocol}
        try:
            accept_connection(
                request,
                self,
                executor=self.executor,
                subprotocol=subprotocol,
                headers=headers,
                limits=self.limits,
                connection_id=info.connection_id,
                info=info,
            )
        except Exception as error:
            if request.is_upgraded() or request.is_rejected():
                raise
            # nothing went out: the $connect answer cannot make a 101 (a header HTTP does not allow)
            LOG.warning(
                "WebSocket API %s: $connect of connection %s answered what cannot be a handshake response: %s",
                api.api_id,
                info.connection_id,
                error,
            )
            request.reject(error_response(IntegrationError(str(error))))

    @staticmethod
    def _connection_info(request: WebSocketRequest, api: WebSocketApi, stage: str) -> ConnectionInfo:
        raw_headers = handshake_headers(request)
        server_port = request.environ.get("SERVER_PORT") or config.GATEWAY_LISTEN[0].port
        return ConnectionInfo(
            connection_id=new_gateway_id(),
            api_id=api.api_id,
            stage=stage,
            account_id=api.account_id,
            region=api.region,
            connected_at=now_ms(),
            source_ip=request.remote_addr or "",
            user_agent=request.headers.get("User-Agent"),
            domain_name=execute_api_host(api.api_id),
            scheme=request.scheme,
            port=int(server_port),
            handshake_headers=[(_text(name), _text(value)) for name, value in raw_headers],
            query_string={name: request.args.getlist(name) for name in request.args},
            raw_uri=request.environ.get("RAW_URI") or request.full_path.rstrip("?"),
        )

    # the connection's life, on the gateway's worker threads (in order per connection)

    @staticmethod
    def _context(event_type: EventType, info: ConnectionInfo) -> WebSocketInvocationContext:
        """The event over what the stage serves now: nothing once the API or stage is deleted or undeployed
        (the chain's stage step answers that)."""
        api = find_api(info.api_id)
        snapshot = api.deployed_snapshot(info.stage) if api else None
        return WebSocketInvocationContext(event_type, api, snapshot, info)

    def on_message(self, connection: Connection, message: str | bytes) -> None:
        context = self._context(EventType.MESSAGE, connection.info)
        context.message_id = new_gateway_id()
        context.message = message
        context.on_integration_timeout = functools.partial(
            self._timed_out, connection, context, self.executor.release_current()
        )
        try:
            self.gateway.process(context)
        except InvocationAbandoned:
            return  # answered on its integration's timeout
        if context.reply is not None:
            self._send(connection, context.reply)

    def _timed_out(self, connection: Connection, context: WebSocketInvocationContext, release, error) -> None:
        """The message's integration did not answer in time: the client gets the timeout's error frame now and
        the connection's next messages go on, while the invocation runs on (on AWS too) on the worker that
        waits for it. Called once, from the deadline's thread."""
        release()
        self.gateway.answer_error(context, IntegrationTimeout(str(error)))
        context.abandoned = True
        if context.reply is not None:
            self._send(connection, context.reply)

    def on_close(self, connection: Connection, code: int, reason: str) -> None:
        context = self._context(EventType.DISCONNECT, connection.info)
        context.disconnect = (code, reason)
        self.gateway.process(context)

    @staticmethod
    def _send(connection: Connection, data: str | bytes) -> None:
        try:
            connection.send(data)
        except ConnectionClosed:
            pass

    def close_api_connections(self, api_id: str, stage: str | None = None) -> int:
        """The API (or stage) was deleted: its clients get 1001 "Going away" (AWS: unconfirmed). No $disconnect
        runs, as its route went with the deployment the connection was served from."""
        closing = [
            connection
            for connection in connections.snapshot()
            if connection.is_open
            and isinstance(info := connection.info, ConnectionInfo)
            and info.api_id == api_id
            and stage in (None, info.stage)
        ]
        for connection in closing:
            connection.close(1001, GOING_AWAY_REASON)
        if closing:
            LOG.info("api=%s stage=%s deleted: closed %d connections", api_id, stage or "*", len(closing))
        return len(closing)

    def shutdown(self, timeout: float = 10.0) -> int:
        """LocalStack stops: every client gets 1001 "Going away" and every connection its $disconnect."""
        with self._shutdown_lock:
            closed = close_all(1001, GOING_AWAY_REASON)
            self.executor.wait_idle(timeout)
            return closed


endpoint = WebSocketEndpoint()
