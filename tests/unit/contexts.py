"""Invocation contexts for unit tests of the gateway's pure logic."""

from localstack_ws_ext.control_plane.store import ApiSnapshot, WebSocketApi
from localstack_ws_ext.execute_api.context import ConnectionInfo, EventType, WebSocketInvocationContext


def message_context(body: str = "{}") -> WebSocketInvocationContext:
    """A MESSAGE carrying ``body`` on a connection of an API with an empty deployment."""
    connection = ConnectionInfo(
        "c1=", "api1234567", "dev", "000000000000", "us-east-1", 1, "127.0.0.1", None, "d", "http", 1
    )
    api = WebSocketApi({"ApiId": "api1234567"}, "000000000000", "us-east-1")
    context = WebSocketInvocationContext(
        EventType.MESSAGE, api, ApiSnapshot({}, {}, {}, {}, {}, {}, {}), connection
    )
    context.message = body
    return context
