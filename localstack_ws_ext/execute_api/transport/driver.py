"""
The contract between a ``Connection`` and the server that runs it, both ways.

``Connection`` holds everything API Gateway decides about a WebSocket (state, limits, timers, dispatch to the
handler) and does no I/O; a driver owns the socket and the event loop (``rolo_driver.RoloDriver`` on rolo's
twisted server). They meet only here:

- the connection calls the driver through ``Driver``;
- the driver reports what happened on the socket through ``DriverEvents``, which ``Connection`` implements.

Both run on the driver's event-loop thread (twisted's reactor), except ``Driver.call_from_thread``, the one
way in from other threads. Keeping the connection free of I/O is what lets ``tests/unit/test_connection.py``
check limits, timers, backpressure (both ways) and close decisions with a fake driver and a fake clock.
"""

from __future__ import annotations

import typing as t


class Timer(t.Protocol):
    def cancel(self) -> None:
        """Cancel the call; only called on a timer that has not run yet."""


class Driver(t.Protocol):
    """What a connection asks of the server that runs it."""

    def call_from_thread(self, fn: t.Callable[..., t.Any], *args: t.Any) -> None:
        """Run ``fn(*args)`` on the event-loop thread: right away when called on it (or when no loop runs any
        more), otherwise as soon as the loop gets to it. Calls made from one thread run in that order.
        The only method callable from any thread."""

    def call_later(self, delay: float, fn: t.Callable[[], t.Any]) -> Timer:
        """Run ``fn()`` on the event-loop thread in ``delay`` seconds."""

    def send(self, data: str | bytes) -> None:
        """Write one message: a text frame for ``str``, a binary frame otherwise. Dropped once the closing
        handshake started."""

    def close(self, code: int, reason: str) -> None:
        """Start the closing handshake: send a close frame, keep reading until the client answers it, then end
        the TCP connection (or end it after a timeout if the client never answers)."""

    def abort(self) -> None:
        """End the TCP connection now, dropping what is still buffered."""

    def pause_reading(self) -> None:
        """Stop reading the socket (backpressure): the client's data waits in its TCP window."""

    def resume_reading(self) -> None:
        """Read the socket again."""


class DriverEvents(t.Protocol):
    """What a driver reports to its connection, in the order it happens on the socket."""

    def connection_made(self, driver: Driver) -> None:
        """The 101 response is written: the WebSocket is open. Called once, before any other event."""

    def message_data(self, data: str | bytes, frame_finished: bool, message_finished: bool) -> None:
        """A piece of a data frame as it arrived (``str`` for a text message, ``bytes`` for a binary one)."""

    def control_frame_received(self) -> None:
        """A ping or pong from the client (the driver answers pings itself)."""

    def close_frame_received(self, code: int, reason: str) -> None:
        """The client sent a close frame (code 1005 if it had none), or data that cannot be parsed (1002 for bad
        framing, 1007 for invalid UTF-8, ...). The driver has answered with a close frame already."""

    def send_buffer_full(self) -> None:
        """What is sent no longer fits in the socket's buffers (the client does not read fast enough): it waits
        in the server's memory. May be reported again before ``send_buffer_drained``."""

    def send_buffer_drained(self) -> None:
        """Everything sent went out to the socket again."""

    def connection_lost(self) -> None:
        """The TCP connection is gone (also when it went before the upgrade). The last event."""
