"""One INFO line per event (api, stage, connection, route, status, latency); the event and answer at DEBUG."""

import json
import logging
import time

from rolo import Response
from rolo.gateway import HandlerChain

from ...inspect import capture
from ..context import WebSocketInvocationContext

LOG = logging.getLogger("localstack_ws_ext.websocket")


def outcome(context: WebSocketInvocationContext) -> str:
    error = context.error
    if error is not None:
        return f"{type(error).__name__}: {error.detail or error.message} -> {error.status_code}"
    if context.endpoint_response is not None:
        return f"integration {context.endpoint_response.status_code}"
    return "no integration"


class EventLogger:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        if context.abandoned:
            return  # answered (and logged) on its integration's timeout
        latency_ms = (time.perf_counter() - context.started_at) * 1000
        connection = context.connection
        closed = f" close={context.disconnect[0]} {context.disconnect[1]!r}" if context.disconnect else ""
        LOG.info(
            "%s api=%s stage=%s connection=%s route=%s%s %s (%.1f ms)",
            context.event_type,
            connection.api_id,
            connection.stage,
            connection.connection_id,
            context.route_key,
            closed,
            outcome(context),
            latency_ms,
        )
        if capture.recorder.active:  # the inspector's timeline (docs/inspector.md)
            capture.gateway_event(context, latency_ms)
        if LOG.isEnabledFor(logging.DEBUG):
            LOG.debug(
                "%s %s event: %s; endpoint response: %s; reply: %r",
                context.event_type,
                connection.connection_id,
                json.dumps(context.integration_event),
                context.endpoint_response,
                context.reply,
            )
