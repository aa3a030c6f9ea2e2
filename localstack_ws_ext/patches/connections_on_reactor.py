"""``@connections`` calls are answered on the thread that read them, without the trip to LocalStack's HTTP worker threads (``WS_CONNECTIONS_ON_REACTOR``).

LocalStack serves HTTP on rolo's twisted server: the reactor thread reads a request and hands it to a worker
thread of twisted's pool (``WSGIResource``), which runs LocalStack's handler chain and hands the response back to
the reactor (``callFromThread``, and a blocking round trip per body chunk) to be written. A function replying to its
client calls ``PostToConnection`` once per message, and the frame it sends is written by the reactor anyway: two
hand-offs between threads that contend for one GIL, for a call whose own work is a dictionary look-up and a
frame (docs/performance.md, fourth pass).

Here a request that can only be an ``@connections`` call as SDKs send it (``POST``/``GET``/``DELETE`` to a
WebSocket API's ``{stage}/@connections/{id}``, or to ``/@connections/{id}`` signed for the management API; no query
string, no ``Origin``, no ``Content-Encoding``, no ``Upgrade``; once the service runs: the calls that
``management/direct_dispatch.py`` answers without LocalStack's whole chain) runs LocalStack's WSGI application in
the reactor thread, and its response is written there: the same application, handlers, answers and headers, minus
the two hand-offs. Twisted read the request's body before this point, and nothing that answers such a call waits
for the network or for another thread. Every other request goes to the worker threads as before.
``WS_CONNECTIONS_ON_REACTOR=0`` leaves rolo's server as it is.
"""

import logging
from types import ModuleType
from urllib.parse import unquote

from ..settings import settings
from .after_import import after_import
from .replacing import replace

LOG = logging.getLogger(__name__)

VERSIONS = ("2026.3",)
SWITCH = "WS_CONNECTIONS_ON_REACTOR"
MODULE = "rolo.serving.twisted"

METHODS = frozenset({b"POST", b"GET", b"DELETE"})
MARKER = b"/@connections/"
REFUSED_HEADERS = (b"origin", b"content-encoding", b"upgrade")


def is_connections_call(request) -> bool:
    """Whether a twisted request is an ``@connections`` call that the extension's router answers through
    ``direct_dispatch`` (to a WebSocket API, or signed for the management API on LocalStack's own endpoint), as
    SDKs send it, once the service runs (the first call, which starts it, goes to a worker thread). Anything else
    with ``/@connections/`` in its path (a REST API's resource, an S3 key) may wait for the network, and goes to
    the worker threads."""
    uri = request.uri
    if request.method not in METHODS or MARKER not in uri or b"?" in uri:
        return False
    headers = request.requestHeaders
    if any(headers.hasHeader(name) for name in REFUSED_HEADERS):
        return False
    from localstack.services.plugins import SERVICE_PLUGINS

    from ..execute_api.router import dispatches_connections_call
    from ..management.direct_dispatch import SERVICE

    if not SERVICE_PLUGINS.is_running(SERVICE):
        return False
    host = headers.getRawHeaders(b"host", [b""])[-1].decode("latin-1")
    authorization = headers.getRawHeaders(b"authorization", [b""])[-1].decode("latin-1")
    return dispatches_connections_call(unquote(uri.decode("latin-1")), host, authorization)


def response_in_this_thread(response_class: type) -> type:
    """A subclass of rolo's WSGI response that runs the application and writes its answer in the calling (reactor)
    thread, as ``_WSGIResponse.run`` does in a worker thread with its ``callFromThread`` calls made directly."""

    class InThreadWSGIResponse(response_class):
        def write(self, data):  # the WSGI ``write`` callable: in this thread there is no reactor to wait for
            if not self.started:
                self._sendResponseHeaders()
                self.started = True
            self.request.write(data)

        def run_here(self) -> None:
            body = []
            try:
                iterator = self.application(self.environ, self.startResponse)
                try:
                    body.extend(chunk for chunk in iterator if chunk)
                finally:
                    close = getattr(iterator, "close", None)
                    if close is not None:
                        close()
            except BaseException:
                LOG.exception("WSGI application error")
                if self.started:
                    self.request.loseConnection()
                elif not self._requestFinished:
                    self.request.setResponseCode(500)
                    self.request.finish()
                return
            if self._requestFinished:  # the client went away meanwhile
                return
            for chunk in body:
                self.write(chunk)
            if not self.started:
                self._sendResponseHeaders()
                self.started = True
            self.request.finish()

    return InThreadWSGIResponse


def _patch(module: ModuleType) -> None:
    from twisted.web.server import NOT_DONE_YET

    decorator = module.WebsocketResourceDecorator
    in_thread_response = response_in_this_thread(module.HeaderPreservingWSGIResponse)
    if not callable(getattr(in_thread_response, "_sendResponseHeaders", None)):
        raise AttributeError("rolo's WSGI response has no _sendResponseHeaders")

    def connections_calls_in_reactor(original):
        def render(self, request):
            try:
                in_reactor = is_connections_call(request)
            except Exception:  # never a reason to refuse a request: the worker threads serve it as before
                LOG.debug("cannot tell whether %r is an @connections call", request.uri, exc_info=True)
                in_reactor = False
            if not in_reactor:
                return original(self, request)
            resource = self.original
            in_thread_response(
                resource._reactor, resource._threadpool, resource._application, request
            ).run_here()
            return NOT_DONE_YET

        return render

    replace(decorator, "render", connections_calls_in_reactor)


def enabled() -> bool:
    return settings().connections_on_reactor


def install() -> None:
    after_import(MODULE, _patch)
