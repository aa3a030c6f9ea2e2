"""What the data plane tells the inspector: the hooks, and the timeline events they make.

Two places call in, each behind one check of ``recorder.active`` (so that with ``WS_INSPECTOR=0`` a hook costs one
attribute read):

- the gateway's ``event_logger`` finalizer (``execute_api/handlers/logging.py``), once per CONNECT, MESSAGE and
  DISCONNECT, with the event's context and latency: ``gateway_event``;
- the @connections provider's three operations (``management/provider.py``), decorated with
  ``connections_call``: PostToConnection, GetConnection, DeleteConnection, whoever calls them (a function, a
  test, or the inspector's own actions, which go through the same provider).

Events are plain dicts in the API's JSON shape (docs/inspector.md), built here on the data plane's thread (a few
microseconds) and serialized only when someone reads them. Payloads are previewed up to
``WS_INSPECTOR_PAYLOAD_BYTES`` (0: none at all); sizes are always counted.
"""

from __future__ import annotations

import base64
import functools
import time
import typing as t

from .recorder import recorder

INSPECTOR_HEADER = "x-localstack-ws-inspector"
"""Set on the requests the inspector's actions make through the @connections provider: their events say
``"via": "inspector"``."""

SUCCESS_STATUS = {"POST": 200, "GET": 200, "DELETE": 204}


def size_of(data: str | bytes | None) -> int | None:
    if data is None:
        return None
    if isinstance(data, str):
        return len(data) if data.isascii() else len(data.encode("utf-8"))
    return len(data)


def preview(data: str | bytes | bytearray | None, limit: int) -> dict | None:
    """At most ``limit`` bytes of ``data``: text as text (cut at a character boundary), binary as base64."""
    if data is None or limit <= 0:
        return None
    if isinstance(data, str):
        if data.isascii():
            return {"text": data[:limit], "binary": False, "truncated": len(data) > limit}
        encoded = data.encode("utf-8")
        return {
            "text": encoded[:limit].decode("utf-8", "ignore"),
            "binary": False,
            "truncated": len(encoded) > limit,
        }
    data = bytes(data[: limit + 1])
    return {
        "base64": base64.b64encode(data[:limit]).decode("ascii"),
        "binary": True,
        "truncated": len(data) > limit,
    }


def _base(event_type: str, info: t.Any) -> dict:
    return {
        "type": event_type,
        "apiId": info.api_id,
        "stage": info.stage,
        "connectionId": info.connection_id,
        "accountId": info.account_id,
        "region": info.region,
    }


def gateway_event(context: t.Any, latency_ms: float) -> None:
    """One CONNECT, MESSAGE or DISCONNECT that went through the gateway's chain (``context``: its
    ``WebSocketInvocationContext``)."""
    info = context.connection
    event_type = str(context.event_type)
    error = context.error
    endpoint_response = context.endpoint_response
    integration = context.integration
    limit = recorder.payload_bytes
    event = _base(event_type, info)
    event["routeKey"] = context.route_key
    event["integrationType"] = integration.get("IntegrationType") if integration else None
    event["integrationStatus"] = endpoint_response.status_code if endpoint_response is not None else None
    event["latencyMs"] = round(latency_ms, 3)
    event["error"] = error is not None
    if error is not None:
        event["errorType"] = type(error).__name__
        event["errorMessage"] = error.message
    if event_type == "CONNECT":
        # the handshake's answer: 101 when accepted, else the refusal's status
        event["status"] = error.status_code if error is not None else 101
        event["subprotocol"] = context.subprotocol
        event["sourceIp"] = info.source_ip
        event["userAgent"] = info.user_agent
        if limit:
            event["request"] = info.raw_uri[: limit * 4]
        if error is None:
            recorder.opened(info.connection_id, info, context.subprotocol)
    elif event_type == "MESSAGE":
        message, reply = context.message, context.reply
        # an error frame is what the client got for it; otherwise what the integration answered
        event["status"] = error.status_code if error is not None else event["integrationStatus"]
        event["bytesIn"] = size_of(message)
        event["bytesOut"] = size_of(reply)
        if limit:
            event["payloadIn"] = preview(message, limit)
            event["payloadOut"] = preview(reply, limit)
        stats = recorder.stats(info.connection_id)
        if stats is not None:
            stats.frames_in += 1
            stats.bytes_in += event["bytesIn"] or 0
            if reply is not None:
                stats.frames_out += 1
                stats.bytes_out += event["bytesOut"] or 0
    else:
        event["status"] = error.status_code if error is not None else event["integrationStatus"]
        code, reason = context.disconnect or (None, None)
        event["closeCode"], event["closeReason"] = code, reason
        stats = recorder.closed(info.connection_id)
        if stats is not None:
            event.update(stats.counters())
    recorder.record(event)


def connections_event(
    kind: str, context: t.Any, request: dict, status: int, error: Exception | None, latency_ms: float
) -> None:
    """One @connections call (``kind``: POST, GET or DELETE) and how it ended."""
    connection_id = request.get("ConnectionId")
    stats = recorder.stats(connection_id) if connection_id else None
    info = stats.info if stats is not None else None
    event = {
        "type": kind,
        "apiId": info.api_id if info is not None else None,
        "stage": info.stage if info is not None else None,
        "connectionId": connection_id,
        "accountId": context.account_id,
        "region": context.region,
        "via": "inspector" if context.request.headers.get(INSPECTOR_HEADER) else "@connections",
        "status": status,
        "latencyMs": round(latency_ms, 3),
        "error": error is not None,
    }
    if error is not None:
        event["errorType"] = getattr(error, "code", None) or type(error).__name__
        event["errorMessage"] = getattr(error, "message", None) or str(error)
    if kind == "POST":
        data = request.get("Data")
        if not isinstance(data, (bytes, bytearray, str)):
            data = None
        event["bytesOut"] = size_of(data)
        if recorder.payload_bytes:
            if isinstance(data, (bytes, bytearray)):
                try:  # as the provider sends it: UTF-8 as a text frame, anything else as binary
                    data = data.decode("utf-8")
                except UnicodeDecodeError:
                    pass
            event["payloadOut"] = preview(data, recorder.payload_bytes)
        if error is None and stats is not None:
            stats.frames_out += 1
            stats.bytes_out += event["bytesOut"] or 0
    recorder.record(event)


def connections_call(kind: str):
    """Decorates a @connections operation ``(self, context, request)`` of the provider so that each call is a
    timeline event (its status: the operation's success status, or the status of the error it raised)."""

    def decorate(operation):
        @functools.wraps(operation)
        def recorded(self, context, request):
            if not recorder.active:
                return operation(self, context, request)
            started = time.perf_counter()
            data = request.get("Data")
            if hasattr(
                data, "read"
            ):  # read here, once, so that the event can see it (the provider takes bytes too)
                request = {**request, "Data": data.read()}
            status, error = SUCCESS_STATUS[kind], None
            try:
                return operation(self, context, request)
            except Exception as raised:
                status, error = getattr(raised, "status_code", 500), raised
                raise
            finally:
                connections_event(
                    kind, context, request, status, error, (time.perf_counter() - started) * 1000
                )

        return recorded

    return decorate
