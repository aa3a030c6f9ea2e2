"""Finds the requests that belong to WebSocket APIs, before LocalStack's edge router sends them to next_gen.

Runs in LocalStack's ``preprocess_request`` chain (as LocalStack's own WebAppExtension pattern does), so it
sees requests whatever was loaded first. Ids of WebSocket APIs are taken, and upgrades and @connections calls
to ids that are no API at all (below); everything else (REST APIs on next_gen included) goes on untouched.

- ``ws://host:port/_aws/execute-api/{apiId}/{stage}`` and ``ws://{apiId}.execute-api.{host}:port/{stage}``
  (``wss://`` likewise, TLS shares the port): the handshake goes to the WebSocket endpoint;
- ``.../{stage}/@connections/{id}`` on those URLs (what a Lambda's management client sends with the AWS idiom
  ``endpoint = "https://" + domainName + "/" + stage``): rewritten to ``/@connections/{id}`` for LocalStack's
  AWS chain, which parses it as ``apigatewaymanagementapi``, with the API and stage it was addressed to in
  headers so the provider can tell connections of other APIs and stages apart. A caller that hangs up before
  its body was read gets no answer and leaves nothing in LocalStack's log but a debug line (twisted closed the
  body: nobody is there to answer).
- ``/@connections/{id}`` on LocalStack's own endpoint, and the calls above: an SDK's call is dispatched right
  here, through the part of LocalStack's chain it needs (``management/direct_dispatch.py``).

An upgrade reaching this router was already judged a valid opening handshake (``patches/websocket_handshake.py``;
checked again here, so that no ``$connect`` runs for a malformed one even without the patch). An upgrade to an id
that is no WebSocket API (unknown, deleted) or without a stage is refused 403 ``{"message": "Forbidden"}`` on
both URL forms, as a stage that is not deployed (docs/aws-behaviour.md §2); an @connections call through such a
URL reaches the management API, which finds no connection there (410). Ids of REST APIs are left to next_gen, and
so is every other request to an id that is no WebSocket API.
"""

import logging
import re
from typing import NamedTuple
from urllib.parse import quote

from localstack import config
from localstack.aws.api import RequestContext
from localstack.aws.chain import HandlerChain
from localstack.http import Request, Response
from rolo.websocket import WebSocketRequest
from werkzeug.datastructures import Headers

from ..control_plane.store import find_api
from ..management import direct_dispatch
from .endpoint import endpoint
from .errors import Forbidden
from .handlers.errors import error_response
from .handshake import HTTP_1_1, Refusal, check_upgrade, handshake_headers, refusal_response

# the stage may be missing (or empty): only upgrades are taken without one
PATH_STYLE = re.compile(r"^/_aws/execute-api/(?P<api_id>[^/]+)(?:/(?P<stage>[^/]*)(?P<rest>/.*)?)?$")
HOST_STYLE = re.compile(r"^(?P<api_id>[A-Za-z0-9]+)\.execute-api\.")
STAGE_PATH = re.compile(r"^/(?P<stage>[^/]*)(?P<rest>/.*)?$")
CONNECTIONS_PATH = re.compile(r"^/@connections/(?P<connection_id>[^/]+)/?$")
ROOT_CONNECTIONS_PREFIX = "/@connections/"
EXECUTE_API_SCOPE = "/execute-api/aws4_request"  # the end of a SigV4 credential scope for the management API

LOG = logging.getLogger(__name__)

API_ID_HEADER = "x-localstack-ws-api-id"
STAGE_HEADER = "x-localstack-ws-stage"


def execute_api_target(request: Request) -> tuple[str, str, str] | None:
    """(api id, stage, rest of the path) of an execute-api URL, path-style or host-style; the stage is "" when
    the URL has none."""
    return target_of(request.path, request.host or "")


def target_of(path: str, host: str) -> tuple[str, str, str] | None:
    """``execute_api_target`` of a (percent-decoded) path and a ``Host``."""
    if match := PATH_STYLE.match(path):
        return match["api_id"].lower(), match["stage"] or "", match["rest"] or ""
    host_match = HOST_STYLE.match(host)
    if host_match and (match := STAGE_PATH.match(path)):
        return host_match["api_id"].lower(), match["stage"], match["rest"] or ""
    return None


class ConnectionsCall(NamedTuple):
    """An @connections call as SDKs address it: to a WebSocket API's stage (``api_id``, ``stage``), or to the
    management API's own path on LocalStack's endpoint, signed for it (``api_id`` None)."""

    api_id: str | None
    stage: str
    connection_id: str


def connections_call_of(
    target: tuple[str, str, str] | None, path: str, authorization: str
) -> ConnectionsCall | None:
    """The @connections call that a request is, if it is one (``target``: its ``execute_api_target``; ``path``:
    its percent-decoded path; ``authorization``: its ``Authorization`` header)."""
    if target is None:
        if path.startswith(ROOT_CONNECTIONS_PREFIX) and EXECUTE_API_SCOPE in authorization:
            return ConnectionsCall(None, "", path[len(ROOT_CONNECTIONS_PREFIX) :])
        return None
    api_id, stage, rest = target
    if not stage or not (match := CONNECTIONS_PATH.match(rest)):
        return None
    return ConnectionsCall(api_id, stage, match["connection_id"])


def dispatches_connections_call(path: str, host: str, authorization: str) -> bool:
    """Whether the router answers a call to ``path`` on ``host`` itself, through ``direct_dispatch``, as an
    @connections call to the management API or to a WebSocket API that exists. Read before LocalStack's chain
    runs (``patches/connections_on_reactor.py``); what it leaves out (REST APIs, unknown ids, other paths) is
    served as before."""
    call = connections_call_of(target_of(path, host), path, authorization)
    return call is not None and (call.api_id is None or find_api(call.api_id) is not None)


def is_rest_api(api_id: str) -> bool:
    """An id of LocalStack's REST APIs (``apigateway``, served by next_gen), in any account and region."""
    from localstack.services.apigateway.models import apigateway_stores

    return any(api_id in store.rest_apis for _, _, store in apigateway_stores.iter_stores())


def handshake_refusal(request: WebSocketRequest) -> Refusal | None:
    """The opening handshake judged again from what rolo hands over (the method is gone by then: rolo only
    takes upgrades of GET through, with ``patches/websocket_handshake.py``)."""
    target = request.environ.get("RAW_URI") or request.full_path.rstrip("?")
    http_version = request.environ.get("SERVER_PROTOCOL") or HTTP_1_1.decode()
    return check_upgrade(
        b"GET", target.encode("utf-8"), handshake_headers(request), http_version.encode("latin-1")
    )


def connections_request(
    request: Request, api_id: str, stage: str, connection_id: str, body: bytes
) -> Request:
    """The same call (``body``: its body, read) addressed as the management API's own path, remembering the API
    and stage."""
    headers = Headers(request.headers)
    # a neutral host, so that next_gen's execute-api host rules do not claim the rewritten request
    headers["Host"] = config.LOCALSTACK_HOST.host_and_port()
    headers[API_ID_HEADER] = api_id
    headers[STAGE_HEADER] = stage
    return Request(
        method=request.method,
        path=f"/@connections/{quote(connection_id, safe='')}",
        headers=headers,
        body=body,
        scheme=request.scheme,
        query_string=request.query_string,
        remote_addr=request.remote_addr,
        server=request.server,
    )


class WebSocketApiRouter:
    """A handler of LocalStack's request chain."""

    def __call__(self, chain: HandlerChain, context: RequestContext, response: Response):
        request = context.request
        target = execute_api_target(request)
        if target is None or not isinstance(request, WebSocketRequest):
            self.route_request(chain, context, response, target)
            return
        api_id, stage, rest = target
        api = find_api(api_id)
        if api is None and is_rest_api(api_id):
            return  # a REST API's id: next_gen's, as before
        if refusal := handshake_refusal(request):
            request.reject(refusal_response(refusal))
        elif api is None or not stage or rest.strip("/"):
            request.reject(error_response(Forbidden()))
        else:
            endpoint.handle_upgrade(request, api, stage)
        chain.terminate()  # answered: no AWS response handling for a WebSocket handshake

    @staticmethod
    def route_request(
        chain: HandlerChain, context: RequestContext, response: Response, target: tuple[str, str, str] | None
    ):
        """A request that is no upgrade to an execute-api URL (``target``): an @connections call is dispatched
        here; another request to a WebSocket API's stage is refused 403; everything else goes on."""
        request = context.request
        call = connections_call_of(target, request.path, request.headers.get("Authorization", ""))
        if call is None:
            if target is not None and target[1] and find_api(target[0]) is not None:
                response.update_from(error_response(Forbidden()))
                chain.stop()
            return
        if call.api_id is not None:
            if find_api(call.api_id) is None and is_rest_api(call.api_id):
                return  # a REST API's resource that happens to be called @connections: next_gen's
            # for an id that is no API, the management API finds no connection of it either: 410
            try:
                body = request.get_data()
            except ValueError:  # "I/O operation on closed file": twisted closed it when the caller hung up
                LOG.debug(
                    "@connections call to %s/%s: the caller hung up before its body was read",
                    call.api_id,
                    call.stage,
                )
                chain.terminate()
                return
            context.request = connections_request(request, call.api_id, call.stage, call.connection_id, body)
        # else: the management API on LocalStack's own endpoint (a client built on AWS_ENDPOINT_URL), signed for
        # it: what LocalStack's service detection would find too
        direct_dispatch.dispatch(chain, context, response)


router = WebSocketApiRouter()
