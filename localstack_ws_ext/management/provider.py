"""PostToConnection, GetConnection, DeleteConnection on the live connections (spec section 6).

A connection is found by id among the open connections of the caller's account; when the call was addressed
through an API's URL (``https://{api}.execute-api.../{stage}/@connections/{id}``) it must also belong to that
API and stage. Anything else, like a connection still in its $connect, is ``GoneException`` (410), as on AWS.
"""

from datetime import UTC, datetime

from localstack.aws.api import RequestContext, handler

from .. import settings
from ..api.apigatewaymanagementapi import ApigatewaymanagementapiApi, GoneException, PayloadTooLargeException
from ..execute_api.connections import LiveConnection, connections
from ..execute_api.router import API_ID_HEADER, STAGE_HEADER
from ..execute_api.transport import ConnectionClosed

DELETED_CLOSE = (1000, "Connection Closed Normally")


def _timestamp(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC)


class ManagementApiProvider(ApigatewaymanagementapiApi):
    @staticmethod
    def _connection(context: RequestContext, connection_id: str) -> LiveConnection:
        live = connections.get(connection_id)
        headers = context.request.headers
        if (
            live is None
            or live.info.account_id != context.account_id
            or (headers.get(API_ID_HEADER) and headers[API_ID_HEADER] != live.info.api_id)
            or (headers.get(STAGE_HEADER) and headers[STAGE_HEADER] != live.info.stage)
        ):
            raise GoneException()
        return live

    @handler("PostToConnection", expand=False)
    def post_to_connection(self, context: RequestContext, request: dict) -> None:
        data = request.get("Data") or b""
        if hasattr(data, "read"):
            data = data.read()
        if len(data) > settings.MAX_MESSAGE_BYTES:
            raise PayloadTooLargeException(
                f"Payload of {len(data)} bytes exceeds the maximum message size of {settings.MAX_MESSAGE_BYTES} bytes"
            )
        live = self._connection(context, request["ConnectionId"])
        try:
            message = data.decode("utf-8")  # UTF-8 goes out as a text frame, anything else as binary
        except UnicodeDecodeError:
            message = data
        try:
            live.socket.send(message)
        except ConnectionClosed:
            raise GoneException() from None

    @handler("GetConnection", expand=False)
    def get_connection(self, context: RequestContext, request: dict) -> dict:
        live = self._connection(context, request["ConnectionId"])
        identity = {"SourceIp": live.info.source_ip}
        if live.info.user_agent is not None:
            identity["UserAgent"] = live.info.user_agent
        return {
            "ConnectedAt": _timestamp(live.info.connected_at),
            "Identity": identity,
            "LastActiveAt": _timestamp(live.socket.last_active_at),
        }

    @handler("DeleteConnection", expand=False)
    def delete_connection(self, context: RequestContext, request: dict) -> None:
        live = self._connection(context, request["ConnectionId"])
        try:
            live.socket.close(*DELETED_CLOSE)
        except ConnectionClosed:
            raise GoneException() from None
