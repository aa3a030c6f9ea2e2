"""The inspector's HTTP surface, on LocalStack's own listener, as LocalStack serves extension UIs
(``localstack.extensions.patterns.webapp``): under ``/_extension/localstack-ws-ext/`` and on the host
``localstack-ws-ext.<LocalStack's host>`` (``localstack-ws-ext.localhost.localstack.cloud:4566`` where that
resolves). Relative to either:

- ``/``: the page; ``/static/<file>``: its script and style (package data, no build step);
- ``GET api/status``, ``api/apis``, ``api/connections[/<id>]``, ``api/events``: JSON documents;
- ``GET api/stream``: the timeline as server-sent events (``id:`` is the event's seq; ``Last-Event-ID`` or
  ``after`` resumes; ``event: gap`` says how many events the ring dropped before the reader got them);
- ``PUT api/recording`` (``{"recording": true|false}``): pauses or resumes the timeline; answers the status;
- ``POST api/connections/<id>/messages`` (``{"data": text}`` or ``{"base64": ...}``): PostToConnection;
  ``DELETE api/connections/<id>``: DeleteConnection.

Errors are ``{"message": ...}`` with their status: 400 for a bad filter or body, 404 for what is not here, 410 for a
connection that is not open (as @connections answers), 413/429 as PostToConnection. Requests addressed to an
execute-api host are not the inspector's (404). Nothing here changes an API's configuration.
"""

from __future__ import annotations

import base64
import binascii
import importlib.resources
import json
import logging
import mimetypes
import re
import typing as t
from urllib.parse import unquote

from localstack.http import Request, Response, route
from rolo.router import RuleAdapter, WithHost
from werkzeug.routing import Submount

from . import actions, views
from .recorder import EventFilter, FilterError, parse_sequence, recorder

LOG = logging.getLogger(__name__)

MOUNT = "localstack-ws-ext"
PREFIX = f"/_extension/{MOUNT}"
SUBDOMAIN = MOUNT
KEEPALIVE_SECONDS = 15.0
STATIC_FILES = ("index.html", "app.js", "app.css")
EXECUTE_API_HOST = re.compile(r"(^|\.)execute-api\.", re.I)
MAX_LIMIT = 100_000


def _json(document: t.Any, status: int = 200) -> Response:
    return Response(
        json.dumps(document, default=views.json_default),
        status=status,
        mimetype="application/json",
        headers={"Cache-Control": "no-store"},
    )


def _error(status: int, message: str) -> Response:
    return _json({"message": message}, status)


def _static(name: str) -> Response:
    body = importlib.resources.files(__package__).joinpath("static", name).read_bytes()
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mimetype.startswith("text/") or mimetype == "application/javascript":
        mimetype += "; charset=utf-8"
    return Response(body, headers={"Content-Type": mimetype, "Cache-Control": "no-cache"})


def _foreign_host(request: Request) -> bool:
    """An execute-api host (a WebSocket or REST API's own URL) is not where the inspector answers."""
    return bool(EXECUTE_API_HOST.search(request.host or ""))


class _Refused(Exception):
    """A request this API does not take: answered ``status`` with ``{"message": ...}``."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _json_body(request: Request, expected: str) -> t.Any:
    """The request's JSON body: 415 unless it is sent as application/json (``expected`` says what to send), 400
    unless it is JSON."""
    if request.mimetype != "application/json":
        raise _Refused(415, f"Send {expected} as application/json")
    try:
        return json.loads(request.get_data() or b"null")
    except ValueError:
        raise _Refused(400, "The body is not JSON") from None


def guarded(handler):
    """Every route: not on execute-api hosts, and a bad filter or argument is a 400, never a traceback."""

    def guarded_handler(self, request: Request, **kwargs):
        if "connection_id" in kwargs:  # LocalStack's router matches the raw path: "=" arrives as %3D
            kwargs["connection_id"] = unquote(kwargs["connection_id"])
        if _foreign_host(request):
            return _error(404, "Not found")
        try:
            return handler(self, request, **kwargs)
        except FilterError as error:
            return _error(400, str(error))
        except (actions.ActionError, _Refused) as error:
            return _error(error.status, error.message)

    guarded_handler.__name__ = handler.__name__
    guarded_handler.__doc__ = handler.__doc__
    return guarded_handler


def _filter_and_after(request: Request, *allowed: str) -> tuple[EventFilter, int | None]:
    event_filter = EventFilter.from_args(request.args, allowed=("after", *allowed))
    return event_filter, parse_sequence("after", request.args.get("after"))


class InspectorRoutes:
    """The routes, relative to the mount point (``routes()`` mounts them)."""

    @route("/", methods=["GET"])
    @guarded
    def index(self, request: Request) -> Response:
        if not request.path.endswith("/"):
            # relative links (static/app.js, api/...) need the trailing slash
            return Response("", status=301, headers={"Location": request.path + "/"})
        return _static("index.html")

    @route("/static/<name>", methods=["GET"])
    @guarded
    def static(self, request: Request, name: str) -> Response:
        if name not in STATIC_FILES:
            return _error(404, f"No static file {name}")
        return _static(name)

    @route("/api/status", methods=["GET"])
    @guarded
    def status(self, request: Request) -> Response:
        return _json(views.status())

    @route("/api/recording", methods=["PUT"])
    @guarded
    def recording(self, request: Request) -> Response:
        body = _json_body(request, '{"recording": true} or {"recording": false}')
        if (
            not isinstance(body, dict)
            or set(body) != {"recording"}
            or not isinstance(body["recording"], bool)
        ):
            return _error(400, 'The body must be {"recording": true} or {"recording": false}')
        recorder.set_recording(body["recording"])
        return _json(views.status())

    @route("/api/apis", methods=["GET"])
    @guarded
    def apis(self, request: Request) -> Response:
        return _json({"apis": views.apis()})

    @route("/api/connections", methods=["GET"])
    @guarded
    def connections(self, request: Request) -> Response:
        unknown = sorted(set(request.args) - {"api", "stage"})
        if unknown:
            raise FilterError(f"unknown parameter {unknown[0]!r}: filters are api, stage")
        found = views.live_connections(request.args.get("api") or None, request.args.get("stage") or None)
        return _json({"connections": found})

    @route("/api/connections/<connection_id>", methods=["GET"])
    @guarded
    def connection(self, request: Request, connection_id: str) -> Response:
        document = views.connection_document(connection_id)
        if document is None:
            return _error(410, f"No open connection {connection_id}")
        return _json(document)

    @route("/api/connections/<connection_id>", methods=["DELETE"])
    @guarded
    def disconnect(self, request: Request, connection_id: str) -> Response:
        actions.disconnect(connection_id)
        return Response(status=204)

    @route("/api/connections/<connection_id>/messages", methods=["POST"])
    @guarded
    def send(self, request: Request, connection_id: str) -> Response:
        # JSON only: a browser cannot send it cross-origin without a preflight LocalStack's CORS rules answer
        body = _json_body(request, '{"data": "<text>"} or {"base64": "<bytes>"}')
        if not isinstance(body, dict) or len(body.keys() & {"data", "base64"}) != 1:
            return _error(400, 'The body must have one of "data" (text) or "base64" (bytes)')
        if "data" in body:
            if not isinstance(body["data"], str):
                return _error(400, '"data" must be a string')
            data = body["data"].encode("utf-8")
        else:
            try:
                data = base64.b64decode(body["base64"], validate=True)
            except (TypeError, ValueError, binascii.Error):
                return _error(400, '"base64" must be base64')
        actions.send(connection_id, data)
        return _json({"connectionId": connection_id, "bytes": len(data)})

    @route("/api/events", methods=["GET"])
    @guarded
    def events(self, request: Request) -> Response:
        event_filter, after = _filter_and_after(request, "limit")
        limit = parse_sequence("limit", request.args.get("limit"))
        if limit is not None and limit > MAX_LIMIT:
            raise FilterError(f"limit must be at most {MAX_LIMIT}")
        found, last_seq = recorder.events(event_filter, after or 0, limit)
        return _json({"events": found, "lastSeq": last_seq, "size": recorder.size})

    @route("/api/stream", methods=["GET"])
    @guarded
    def stream(self, request: Request) -> Response:
        event_filter, after = _filter_and_after(request)
        # an EventSource that reconnects repeats its URL and says where it was: that wins
        resumed = parse_sequence("Last-Event-ID", request.headers.get("Last-Event-ID"))
        after = resumed if resumed is not None else after
        subscription = recorder.subscribe(event_filter, after)
        return Response(
            server_sent_events(subscription),
            mimetype="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )


def server_sent_events(subscription, keepalive: float = KEEPALIVE_SECONDS) -> t.Iterator[bytes]:
    """The stream of one subscriber: a comment at once (so the reader knows it is connected), then each batch
    of events as it comes, a comment every ``keepalive`` seconds without (which is also how a reader that left
    is noticed: the server's next write fails); ends when LocalStack stops."""
    try:
        yield f"retry: 1000\n: connected at {subscription.last_seq}\n\n".encode()
        while not subscription.closed:
            batch = subscription.wait(keepalive)
            if batch is None:
                if not subscription.closed:
                    yield b": keepalive\n\n"
                continue
            events, lost = batch
            parts = [f"event: gap\ndata: {json.dumps({'lost': lost})}\n\n"] if lost else []
            for event in events:
                data = json.dumps(event, default=views.json_default)
                parts.append(f"id: {event['seq']}\ndata: {data}\n\n")
            if not events and not lost:
                # filtered out: keep the reader's resume point current
                parts.append(f"id: {subscription.last_seq}\n: skipped\n\n")
            yield "".join(parts).encode()
    finally:
        subscription.close()


def routes() -> list:
    """The inspector on both of LocalStack's conventions: the submount and the subdomain."""
    app = RuleAdapter(InspectorRoutes())
    return [Submount(PREFIX, [app]), WithHost(f"{SUBDOMAIN}.<__host__>", [app])]


def install(router) -> None:
    """Adds the routes to LocalStack's router (``extension.update_gateway_routes``) and, as LocalStack's
    ``WebAppExtension`` does, allows the subdomain's origin in LocalStack's CORS checks. Those checks are what keeps
    other web pages from using the API: LocalStack refuses a request whose ``Origin`` (or ``Referer``) is not one
    of its allowed origins (``http://localhost:<port>``, ``http://localhost.localstack.cloud:<port>``, ...,
    ``EXTRA_CORS_ALLOWED_ORIGINS``)."""
    from localstack import config
    from localstack.aws.handlers.cors import ALLOWED_CORS_ORIGINS

    for rule_factory in routes():
        router.add(rule_factory)
    for protocol in ("http", "https"):
        origin = config.external_service_url(subdomains=SUBDOMAIN, protocol=protocol)
        if origin not in ALLOWED_CORS_ORIGINS:
            ALLOWED_CORS_ORIGINS.append(origin)
    LOG.info(
        "localstack-ws-ext: WebSocket inspector at %s%s/",
        config.external_service_url(protocol="http"),
        PREFIX,
    )
