"""``ConnectionLimits``: what a connection may do before the server closes it."""

import dataclasses

from ... import aws_limits
from .close_codes import (
    BINARY_REASON,
    FRAME_TOO_BIG_REASON,
    GOING_AWAY_REASON,
    MESSAGE_TOO_BIG_REASON,
    check_close,
)


@dataclasses.dataclass(frozen=True)
class ConnectionLimits:
    """Per-connection limits; the defaults are AWS API Gateway's for WebSocket APIs
    (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html).
    ``None`` disables a timeout."""

    idle_timeout: float | None = aws_limits.IDLE_TIMEOUT_SECONDS
    """Seconds without a data frame from the client before closing with 1001 "Going away"."""
    max_duration: float | None = aws_limits.MAX_CONNECTION_SECONDS
    """Seconds after the upgrade before closing with 1001 "Going away"."""
    max_frame_bytes: int = aws_limits.MAX_FRAME_BYTES
    """Largest payload of one incoming frame; above: close 1009."""
    max_message_bytes: int = aws_limits.MAX_MESSAGE_BYTES
    """Largest incoming message (sum of its frames' payloads); above: close 1009."""
    pings_count_as_activity: bool = False
    """Whether client ping/pong frames reset the idle timer. What AWS does is unconfirmed; default: they
    don't, only data frames do."""
    reject_binary: bool = True
    """Close with 1003 on an incoming binary message, as AWS does."""
    max_pending_messages: int = 64
    """Not an AWS limit: backpressure. When this many messages of one connection wait for (or are in) the
    handler, the server stops reading that connection's socket until half of them are done, so a client
    flooding a slow handler fills its TCP window instead of our memory. At least 2."""
    max_unread_bytes: int = 1024 * 1024
    """Backpressure the other way: how many bytes sent to a client may wait in the server's memory, not taken by
    the socket's buffers (full when the client does not read); one message always goes when nothing waits.
    Beyond that, ``send(refuse_if_full=True)`` (PostToConnection) raises ``ClientBufferFull``, AWS's
    LimitExceededException "the WebSocket client side buffer is full"; any other send (a route's answer, which
    nobody could retry) closes the connection with ``client_buffer_full_close``. AWS documents neither the size
    nor the close: unconfirmed."""
    client_buffer_full_close: tuple[int, str] = (1001, GOING_AWAY_REASON)
    """(code, reason) of the close frame for a client whose buffer is full (see ``max_unread_bytes``)."""

    def __post_init__(self):
        if self.max_pending_messages < 2:
            raise ValueError("max_pending_messages must be >= 2")
        if self.max_unread_bytes < 0:
            raise ValueError("max_unread_bytes must be >= 0")
        check_close(*self.client_buffer_full_close)
        for name in ("idle_timeout", "max_duration"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be > 0 or None")

    # (code, reason) of the close frames sent on violations
    going_away_close = (1001, GOING_AWAY_REASON)
    frame_too_big_close = (1009, FRAME_TOO_BIG_REASON)
    message_too_big_close = (1009, MESSAGE_TOO_BIG_REASON)
    binary_close = (1003, BINARY_REASON)
