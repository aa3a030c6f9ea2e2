"""The inspector's two actions on a connection, through the @connections provider itself: "send" is
PostToConnection, "disconnect" is DeleteConnection, with the same checks, limits, errors and close code as when a
function calls them (not a copy of that code). The call is made as the connection's own account and region, marked
with ``capture.INSPECTOR_HEADER`` so that its timeline event says ``"via": "inspector"``.
"""

from __future__ import annotations

from localstack.aws.api import RequestContext, ServiceException
from localstack.http import Request

from ..execute_api.context import ConnectionInfo
from ..execute_api.transport import connections as registry
from ..management.provider import ManagementApiProvider
from .capture import INSPECTOR_HEADER


class ActionError(Exception):
    """What the API answers: ``status`` and ``{"message": message}``."""

    def __init__(self, status: int, message: str, error_type: str):
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type


def _context(connection_id: str, method: str) -> RequestContext:
    connection = registry.get(connection_id)
    info = connection.info if connection is not None else None
    if not isinstance(info, ConnectionInfo):
        raise ActionError(410, f"No open connection {connection_id}", "GoneException")
    request = Request(method, f"/@connections/{connection_id}", headers={INSPECTOR_HEADER: "1"})
    context = RequestContext(request)
    context.account_id, context.region = info.account_id, info.region
    return context


def _call(operation, context: RequestContext, request: dict):
    try:
        return operation(context, request)
    except ServiceException as error:
        raise ActionError(error.status_code, error.message or error.code, error.code) from None


def send(connection_id: str, data: bytes) -> None:
    """PostToConnection: UTF-8 goes out as a text frame, anything else as binary."""
    context = _context(connection_id, "POST")
    _call(ManagementApiProvider().post_to_connection, context, {"ConnectionId": connection_id, "Data": data})


def disconnect(connection_id: str) -> None:
    """DeleteConnection: the client gets 1000 "Connection Closed Normally" and $disconnect runs once."""
    context = _context(connection_id, "DELETE")
    _call(ManagementApiProvider().delete_connection, context, {"ConnectionId": connection_id})
