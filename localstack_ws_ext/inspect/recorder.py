"""The inspector's timeline: a bounded ring of events with increasing sequence ids, filters, and subscribers.

No I/O and no knowledge of the gateway: ``capture.py`` turns what the data plane did into event dicts (the JSON
shape the API serves, docs/inspector.md) and hands them to ``Recorder.record``. Why a ring with sequence ids: a
page or ``tail`` that reconnects asks for what came after the last id it saw, and the memory stays bounded
whatever the traffic (``WS_INSPECTOR_EVENTS``). Why subscribers are woken and not fed: recording is then one
short critical section and one ``Event.set`` per subscriber, whatever the subscribers do with it; each reads
what it has not seen from the ring on its own thread.

The recorder also keeps, for each connection it saw accepted, the counters the gateway has no other place for
(frames and bytes each way) and what its ``$connect`` chose (the subprotocol). They go with the connection's
``DISCONNECT``.
"""

from __future__ import annotations

import collections
import dataclasses
import threading
import time
import typing as t
from collections.abc import Mapping

EVENT_TYPES = ("CONNECT", "MESSAGE", "DISCONNECT", "POST", "GET", "DELETE")
"""The WebSocket events, then the @connections calls (PostToConnection, GetConnection, DeleteConnection)."""

FILTER_PARAMETERS = ("api", "stage", "connection", "route", "type", "errors")


class FilterError(ValueError):
    """A filter the API cannot apply (answered 400)."""


def _text(args: Mapping[str, str], name: str) -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return None
    if len(value) > 256:
        raise FilterError(f"{name} is longer than 256 characters")
    return value


def parse_flag(name: str, value: str | None) -> bool:
    if value is None or value == "":
        return False
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise FilterError(f"{name} must be true or false, not {value!r}")


def parse_sequence(name: str, value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise FilterError(f"{name} must be a non-negative integer, not {value!r}") from None
    if number < 0:
        raise FilterError(f"{name} must be a non-negative integer, not {value!r}")
    return number


@dataclasses.dataclass(frozen=True)
class EventFilter:
    """Which events a reader wants: each given member must match (``types``: any of them)."""

    api: str | None = None
    stage: str | None = None
    connection: str | None = None
    route: str | None = None
    types: frozenset[str] = frozenset()
    errors_only: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str], allowed: t.Iterable[str] = ()) -> EventFilter:
        """From query parameters (``api``, ``stage``, ``connection``, ``route``, ``type`` (comma-separated),
        ``errors``); any other parameter than these and ``allowed`` is an error, so a typo filters nothing
        silently."""
        unknown = sorted(set(args) - set(FILTER_PARAMETERS) - set(allowed))
        if unknown:
            raise FilterError(f"unknown parameter {unknown[0]!r}: filters are {', '.join(FILTER_PARAMETERS)}")
        types = frozenset()
        if type_text := _text(args, "type"):
            types = frozenset(part.strip().upper() for part in type_text.split(",") if part.strip())
            if unknown_types := sorted(types - set(EVENT_TYPES)):
                raise FilterError(
                    f"unknown event type {unknown_types[0]!r}: types are {', '.join(EVENT_TYPES)}"
                )
        return cls(
            api=_text(args, "api"),
            stage=_text(args, "stage"),
            connection=_text(args, "connection"),
            route=_text(args, "route"),
            types=types,
            errors_only=parse_flag("errors", args.get("errors")),
        )

    def matches(self, event: Mapping[str, t.Any]) -> bool:
        return (
            (self.api is None or event.get("apiId") == self.api)
            and (self.stage is None or event.get("stage") == self.stage)
            and (self.connection is None or event.get("connectionId") == self.connection)
            and (self.route is None or event.get("routeKey") == self.route)
            and (not self.types or event.get("type") in self.types)
            and (not self.errors_only or bool(event.get("error")))
        )


ALL = EventFilter()


class ConnectionStats:
    """What the inspector counts for one accepted connection (the gateway keeps no such counters)."""

    __slots__ = ("info", "subprotocol", "opened_at", "frames_in", "bytes_in", "frames_out", "bytes_out")

    def __init__(self, info: t.Any, subprotocol: str | None):
        self.info = info
        self.subprotocol = subprotocol
        self.opened_at = time.monotonic()
        self.frames_in = self.bytes_in = self.frames_out = self.bytes_out = 0

    def counters(self) -> dict[str, int]:
        return {
            "framesIn": self.frames_in,
            "bytesIn": self.bytes_in,
            "framesOut": self.frames_out,
            "bytesOut": self.bytes_out,
        }


READ_INTERVAL_SECONDS = 0.1


class Subscription:
    """One reader of the stream (a page, a ``tail``): ``wait`` returns what it has not seen yet."""

    def __init__(self, recorder: Recorder, event_filter: EventFilter, after: int):
        self._recorder = recorder
        self._filter = event_filter
        self._woken = threading.Event()
        self.last_seq = after
        self.closed = False
        self._last_read = 0.0

    def notify(self) -> None:
        self._woken.set()

    def close(self) -> None:
        """Ends the subscription (the reader left, or LocalStack stops: ``wait`` returns at once)."""
        self.closed = True
        self._woken.set()
        self._recorder.unsubscribe(self)

    def wait(self, timeout: float) -> tuple[list[dict], int] | None:
        """The matching events recorded after the last one returned, and how many events were lost in between
        (the ring moved past them), once there is anything new; None after ``timeout`` seconds without (or when
        closed)."""
        # at most one read per READ_INTERVAL_SECONDS: under load a reader takes many events per wake instead of
        # waking (and taking the GIL from the data plane) for each one; a person sees no difference
        pause = self._last_read + READ_INTERVAL_SECONDS - time.monotonic()
        if pause > 0 and not self.closed:
            time.sleep(pause)
        if self._recorder.last_seq <= self.last_seq and not self.closed:
            self._woken.wait(timeout)
        self._last_read = time.monotonic()
        self._woken.clear()  # before reading: anything recorded from here on wakes the next wait
        if self.closed or self._recorder.last_seq <= self.last_seq:
            return None
        events, last_seq, lost = self._recorder.since(self.last_seq)
        self.last_seq = last_seq
        return [event for event in events if self._filter.matches(event)], lost


class Recorder:
    """The timeline of this process. Any thread records; ``active`` is False until ``configure`` turns it on, and
    the data plane's hooks check nothing else (one attribute read when the inspector is off)."""

    def __init__(self, size: int = 1000, payload_bytes: int = 256):
        self.active = False
        self.payload_bytes = payload_bytes
        self._lock = threading.Lock()
        self._ring: collections.deque[dict] = collections.deque(maxlen=size)
        self._next_seq = 1
        self._subscribers: tuple[Subscription, ...] = ()
        self._connections: dict[str, ConnectionStats] = {}
        self._stopped = False

    def configure(self, *, enabled: bool, size: int, payload_bytes: int) -> None:
        """From the settings, at startup (tests call it with their own values)."""
        with self._lock:
            self._ring = collections.deque(self._ring, maxlen=max(1, size))
            self.payload_bytes = max(0, payload_bytes)
            self._stopped = False
            self.active = enabled

    def set_recording(self, recording: bool) -> None:
        """Pauses or resumes the timeline (the page's "Record" switch): the hooks check ``active`` alone, so a paused
        recorder costs the data plane what ``WS_INSPECTOR=0`` does; what was recorded stays readable."""
        self.active = recording

    @property
    def size(self) -> int:
        return self._ring.maxlen or 0

    @property
    def last_seq(self) -> int:
        """The id of the newest event (0: none yet)."""
        return self._next_seq - 1

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    # recording (the data plane's threads)

    def record(self, event: dict) -> dict:
        """Gives ``event`` its ``seq`` and ``time`` (epoch ms) and appends it; wakes the subscribers, if any."""
        event["time"] = int(time.time() * 1000)
        with self._lock:
            event["seq"] = self._next_seq
            self._next_seq += 1
            self._ring.append(event)
            subscribers = self._subscribers
        for subscriber in subscribers:
            subscriber.notify()
        return event

    def opened(self, connection_id: str, info: t.Any, subprotocol: str | None) -> None:
        self._connections[connection_id] = ConnectionStats(info, subprotocol)

    def closed(self, connection_id: str) -> ConnectionStats | None:
        return self._connections.pop(connection_id, None)

    def stats(self, connection_id: str) -> ConnectionStats | None:
        return self._connections.get(connection_id)

    def known_connections(self) -> dict[str, ConnectionStats]:
        return dict(self._connections)

    def forget_connection(self, connection_id: str, stats: ConnectionStats) -> None:
        """Drops ``stats`` if still held for this id (a connection whose accept failed after its $connect)."""
        if self._connections.get(connection_id) is stats:
            self._connections.pop(connection_id, None)

    # reading (the API's threads)

    def since(self, after: int) -> tuple[list[dict], int, int]:
        """(events with a seq above ``after``, oldest first; the newest seq; how many after ``after`` the ring
        no longer holds)."""
        with self._lock:
            last_seq = self._next_seq - 1
            newer = []
            for event in reversed(self._ring):
                if event["seq"] <= after:
                    break
                newer.append(event)
        newer.reverse()
        first = newer[0]["seq"] if newer else last_seq + 1
        return newer, last_seq, max(0, first - after - 1)

    def events(
        self, event_filter: EventFilter = ALL, after: int = 0, limit: int | None = None
    ) -> tuple[list[dict], int]:
        """The matching events after ``after`` (the newest ``limit`` of them), oldest first, and the newest seq."""
        events, last_seq, _ = self.since(after)
        matching = [event for event in events if event_filter.matches(event)]
        if limit is not None:
            matching = matching[-limit:] if limit else []
        return matching, last_seq

    def subscribe(self, event_filter: EventFilter = ALL, after: int | None = None) -> Subscription:
        """A new reader of what is recorded after ``after`` (default: from now on)."""
        # an id from before a restart (ids start again at 1) resumes from now
        last_seq = self.last_seq
        subscription = Subscription(self, event_filter, last_seq if after is None else min(after, last_seq))
        with self._lock:
            if self._stopped:
                subscription.closed = True
            else:
                self._subscribers = (*self._subscribers, subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers = tuple(s for s in self._subscribers if s is not subscription)

    def stop(self) -> int:
        """LocalStack stops: every subscriber's ``wait`` returns and no new one is taken; returns how many."""
        with self._lock:
            self._stopped = True
            subscribers, self._subscribers = self._subscribers, ()
        for subscriber in subscribers:
            subscriber.closed = True
            subscriber.notify()
        return len(subscribers)

    def clear(self) -> None:
        """Forgets the timeline (not the sequence: ids are never reused)."""
        with self._lock:
            self._ring.clear()


recorder = Recorder()
"""The timeline of this process (configured from the settings at LocalStack's startup)."""
