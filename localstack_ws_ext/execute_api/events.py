"""The Lambda proxy (AWS_PROXY) events of a WebSocket API, in AWS's current (2022+) compact shape.

Keys appear in the order of AWS's captured events; only members AWS emits are present (no REST keys such as
``resource``/``path``/``httpMethod``, no ``null`` placeholders): docs/aws-behaviour.md §4.
"""

import time

from .context import ConnectionInfo, EventType

# the handshake headers API Gateway does not pass on to the $connect integration
HOP_BY_HOP_HEADERS = {"connection", "upgrade", "content-length"}


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def request_time(epoch_ms: int) -> str:
    """CLF time, always in English and UTC: ``19/Feb/2024:07:11:42 +0000``."""
    t = time.gmtime(epoch_ms // 1000)
    return f"{t.tm_mday:02d}/{MONTHS[t.tm_mon - 1]}/{t.tm_year}:{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000"


def now_ms() -> int:
    return int(time.time() * 1000)


def request_context(
    connection: ConnectionInfo,
    event_type: EventType,
    route_key: str,
    request_id: str,
    request_time_epoch: int,
    message_id: str | None = None,
    disconnect: tuple[int, str] | None = None,
) -> dict:
    context: dict = {"routeKey": route_key}
    if message_id is not None:
        context["messageId"] = message_id
    if disconnect is not None:
        context["disconnectStatusCode"] = disconnect[0]
    if connection.authorizer is not None:
        # the same object on every event of the connection, after routeKey/disconnectStatusCode
        # (docs/aws-behaviour.md §10)
        context["authorizer"] = dict(connection.authorizer)
    context["eventType"] = event_type.value
    context["extendedRequestId"] = request_id
    context["requestTime"] = request_time(request_time_epoch)
    context["messageDirection"] = "IN"
    if disconnect is not None:
        context["disconnectReason"] = disconnect[1]
    context["stage"] = connection.stage
    context["connectedAt"] = connection.connected_at
    context["requestTimeEpoch"] = request_time_epoch
    context["identity"] = connection.identity()
    context["requestId"] = request_id
    context["domainName"] = connection.domain_name
    context["connectionId"] = connection.connection_id
    context["apiId"] = connection.api_id
    return context


def connect_headers(connection: ConnectionInfo, trace_id: str, hop_by_hop: bool = False) -> dict:
    """Single- and multi-value views of the handshake headers as API Gateway passes them: the client's casing,
    without hop-by-hop headers (the authorizer gets them: ``hop_by_hop``), plus the X-Amzn-Trace-Id /
    X-Forwarded-* headers API Gateway adds."""
    multi: dict[str, list[str]] = {}
    for name, value in connection.handshake_headers:
        lowered = name.lower()
        if (
            (lowered in HOP_BY_HOP_HEADERS and not hop_by_hop)
            or lowered.startswith("x-forwarded-")
            or lowered == "x-amzn-trace-id"
        ):
            continue
        multi.setdefault(name, []).append(value)
    if hop_by_hop and not any(name.lower() == "content-length" for name in multi):
        multi["content-length"] = ["0"]  # as in AWS's authorizer event: the upgrade request has no body
    multi["X-Amzn-Trace-Id"] = [trace_id]
    multi["X-Forwarded-For"] = [connection.source_ip]
    multi["X-Forwarded-Port"] = [str(connection.port)]
    multi["X-Forwarded-Proto"] = [connection.scheme]
    return {"headers": {name: values[-1] for name, values in multi.items()}, "multiValueHeaders": multi}


def query_string_parameters(connection: ConnectionInfo) -> dict:
    """Single- and multi-value views of the handshake's query string; no keys at all without one."""
    query = connection.query_string
    if not query:
        return {}
    return {
        "queryStringParameters": {name: values[-1] for name, values in query.items()},
        "multiValueQueryStringParameters": {name: list(values) for name, values in query.items()},
    }


def connect_event(connection: ConnectionInfo, request_id: str, trace_id: str, stage_variables: dict) -> dict:
    event = connect_headers(connection, trace_id)
    event.update(query_string_parameters(connection))
    if stage_variables:
        event["stageVariables"] = dict(stage_variables)
    event["requestContext"] = request_context(
        connection, EventType.CONNECT, "$connect", request_id, connection.connected_at
    )
    event["isBase64Encoded"] = False
    return event


def authorizer_event(
    connection: ConnectionInfo, method_arn: str, request_id: str, trace_id: str, stage_variables: dict
) -> dict:
    """The REQUEST authorizer's event (docs/aws-behaviour.md §10): ``type`` and ``methodArn``, the handshake
    headers including ``Connection``/``Upgrade``/``content-length``, the query string when there is one,
    ``stageVariables`` always (``{}`` when none), and the CONNECT request context (no authorizer yet, no API
    key)."""
    event: dict = {"type": "REQUEST", "methodArn": method_arn}
    event.update(connect_headers(connection, trace_id, hop_by_hop=True))
    event.update(query_string_parameters(connection))
    event["stageVariables"] = dict(stage_variables)
    event["requestContext"] = request_context(
        connection, EventType.CONNECT, "$connect", request_id, connection.connected_at
    )
    return event


def message_event(
    connection: ConnectionInfo,
    route_key: str,
    body: str,
    request_id: str,
    message_id: str,
    stage_variables: dict,
    request_time_epoch: int | None = None,
) -> dict:
    event: dict = {}
    if stage_variables:
        event["stageVariables"] = dict(stage_variables)
    event["requestContext"] = request_context(
        connection,
        EventType.MESSAGE,
        route_key,
        request_id,
        request_time_epoch or now_ms(),
        message_id=message_id,
    )
    event["body"] = body
    event["isBase64Encoded"] = False
    return event


def disconnect_event(
    connection: ConnectionInfo,
    request_id: str,
    status_code: int,
    reason: str,
    stage_variables: dict,
    request_time_epoch: int | None = None,
) -> dict:
    headers = {"Host": connection.domain_name, "x-api-key": "", "X-Forwarded-For": "", "x-restapi": ""}
    event: dict = {
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
    }
    if stage_variables:
        event["stageVariables"] = dict(stage_variables)
    event["requestContext"] = request_context(
        connection,
        EventType.DISCONNECT,
        "$disconnect",
        request_id,
        request_time_epoch or now_ms(),
        disconnect=(status_code, reason),
    )
    event["isBase64Encoded"] = False
    return event
