"""The close codes and reasons a connection can end with, and which of them a server may send.

The reasons of 1001, 1005 are AWS's texts; those of 1006, 1009 and 1003 are ours (what AWS reports there is
unconfirmed).
"""

GOING_AWAY_REASON = "Going away"
"""1001: idle timeout, maximum duration, shutdown, API or stage deleted."""
ABNORMAL_CLOSURE_REASON = "Connection Closed Abnormally"
"""1006: the TCP connection ended without a close frame."""
NO_STATUS_REASON = "Client-side close frame status not set"
"""1005: the client's close frame had no status code (AWS's text)."""
FRAME_TOO_BIG_REASON = "Frame size limit exceeded"
"""1009: an incoming frame over ``ConnectionLimits.max_frame_bytes``."""
MESSAGE_TOO_BIG_REASON = "Message size limit exceeded"
"""1009: an incoming message over ``ConnectionLimits.max_message_bytes``."""
BINARY_REASON = "Binary frames are not supported"
"""1003: an incoming binary message (``ConnectionLimits.reject_binary``)."""
CLIENT_BUFFER_FULL_REASON = "Client side buffer is full"
"""A client that does not read (``ConnectionLimits.max_unread_bytes``) closed with another code than 1001 (AWS's API
reference's words for it, on PostToConnection's LimitExceededException)."""

# RFC 6455, section 7.4: 1005, 1006 and 1015 are never sent; 3000-4999 are for libraries and applications
_SENDABLE_CODES = frozenset({1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014})


def check_close(code: int, reason: str) -> None:
    """
    :raises ValueError: if ``code`` cannot be sent in a close frame, or ``reason`` is over 123 bytes (UTF-8)
    """
    if not (code in _SENDABLE_CODES or 3000 <= code <= 4999):
        raise ValueError(f"close code {code} cannot be sent in a close frame")
    if len(reason.encode("utf-8")) > 123:
        raise ValueError("close reason longer than 123 bytes (UTF-8)")
