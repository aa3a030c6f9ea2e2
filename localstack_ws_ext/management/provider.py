"""PostToConnection, GetConnection, DeleteConnection on the live connections
(https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html).

A connection is found by id among the open connections of the caller's account and region (the region the call
is signed for: the transport's one registry holds every account's and region's); when the call was addressed
through an API's URL (``https://{api}.execute-api.../{stage}/@connections/{id}``) it must also belong to that API
and stage. Anything else, like a connection still in its $connect, is ``GoneException`` (410), as AWS answers
for a connection it does not know (docs/aws-behaviour.md §11). A client that does not read what it was sent
makes PostToConnection answer ``LimitExceededException`` (429) once ``WS_CLIENT_BUFFER_BYTES`` wait for it.
"""

from datetime import UTC, datetime

from localstack.aws.api import RequestContext, handler

from ..api.apigatewaymanagementapi import (
    ApigatewaymanagementapiApi,
    GoneException,
    LimitExceededException,
    PayloadTooLargeException,
)
from ..execute_api.context import ConnectionInfo
from ..execute_api.router import API_ID_HEADER, STAGE_HEADER
from ..execute_api.transport import ClientBufferFull, Connection, ConnectionClosed, connections
from ..inspect.capture import connections_call
from ..settings import settings

DELETED_CLOSE = (1000, "Connection Closed Normally")


def _timestamp(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC)


class ManagementApiProvider(ApigatewaymanagementapiApi):
    @staticmethod
    def _connection(context: RequestContext, connection_id: str) -> tuple[Connection, ConnectionInfo]:
        connection = connections.get(connection_id)
        if connection is not None and not connection.is_open:
            # closing (just deleted, or its client left): gone already, as it will be once closed, so that a
            # GetConnection or DeleteConnection right after a DeleteConnection answers 410 as AWS does
            connection = None
        info = connection.info if connection is not None else None
        headers = context.request.headers
        if (
            not isinstance(info, ConnectionInfo)
            or info.account_id != context.account_id
            or info.region != context.region
            or (headers.get(API_ID_HEADER) and headers[API_ID_HEADER] != info.api_id)
            or (headers.get(STAGE_HEADER) and headers[STAGE_HEADER] != info.stage)
        ):
            raise GoneException()
        return connection, info

    @handler("PostToConnection", expand=False)
    @connections_call("POST")  # a timeline event of the inspector
    def post_to_connection(self, context: RequestContext, request: dict) -> None:
        data = request.get("Data") or b""
        if hasattr(data, "read"):
            data = data.read()
        limit = settings().max_message_bytes
        if len(data) > limit:
            raise PayloadTooLargeException(
                f"Payload of {len(data)} bytes exceeds the maximum message size of {limit} bytes"
            )
        connection, _ = self._connection(context, request["ConnectionId"])
        try:
            message = data.decode("utf-8")  # UTF-8 goes out as a text frame, anything else as binary
        except UnicodeDecodeError:
            message = data
        try:
            connection.send(message, refuse_if_full=True)
        except ConnectionClosed:
            raise GoneException() from None
        except ClientBufferFull:
            # AWS's API reference: "... or the WebSocket client side buffer is full"
            raise LimitExceededException("The WebSocket client side buffer is full") from None

    @handler("GetConnection", expand=False)
    @connections_call("GET")  # a timeline event of the inspector
    def get_connection(self, context: RequestContext, request: dict) -> dict:
        connection, info = self._connection(context, request["ConnectionId"])
        identity = {"SourceIp": info.source_ip}
        if info.user_agent is not None:
            identity["UserAgent"] = info.user_agent
        return {
            "ConnectedAt": _timestamp(info.connected_at),
            "Identity": identity,
            "LastActiveAt": _timestamp(connection.last_active_at),
        }

    @handler("DeleteConnection", expand=False)
    @connections_call("DELETE")  # a timeline event of the inspector
    def delete_connection(self, context: RequestContext, request: dict) -> None:
        connection, _ = self._connection(context, request["ConnectionId"])
        connection.close(*DELETED_CLOSE)  # a no-op if it closed meanwhile: deleted either way
