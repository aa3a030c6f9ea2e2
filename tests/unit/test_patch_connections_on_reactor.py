"""An ``@connections`` call is answered by LocalStack's WSGI application in the thread that read it
(patches/connections_on_reactor.py), on LocalStack's HTTP server in memory; every other request still goes to the
worker threads; and what the patch relies on in rolo and twisted."""

import inspect
import logging
import threading

import pytest
from rolo.serving.twisted import HeaderPreservingWSGIResponse, WebsocketResourceDecorator
from twisted.web.wsgi import _WSGIResponse

from localstack_ws_ext.patches import connections_on_reactor
from tests.raw_http import request_bytes, upgrade_headers
from tests.unit.twisted_memory import Server

PATH = "/_aws/execute-api/abc123/dev/@connections/Zk1xYb0AoAMCJbg%3D"


@pytest.fixture(autouse=True)
def installed():
    connections_on_reactor.install()


@pytest.fixture(autouse=True)
def websocket_apis(monkeypatch):
    """The ids of the WebSocket APIs the router knows (``abc123``, unless a test says otherwise)."""
    from localstack_ws_ext.execute_api import router

    known = {"abc123"}
    monkeypatch.setattr(router, "find_api", lambda api_id: object() if api_id in known else None)
    return known


@pytest.fixture(autouse=True)
def service_running(monkeypatch):
    """The management API's service state as the patch reads it (running, unless a test says otherwise)."""
    from localstack.services.plugins import SERVICE_PLUGINS

    running = {"apigatewaymanagementapi"}
    monkeypatch.setattr(SERVICE_PLUGINS, "is_running", lambda name: name in running)
    return running


class Application:
    """A WSGI application that records what it was called with, on which thread, and answers as told."""

    def __init__(self, status="200 OK", headers=(("Content-Length", "2"),), body=(b"{}",)):
        self.status, self.headers, self.body = status, list(headers), body
        self.calls: list[tuple[dict, bytes, threading.Thread]] = []

    def __call__(self, environ, start_response):
        self.calls.append((environ, environ["wsgi.input"].read(), threading.current_thread()))
        start_response(self.status, self.headers)
        return iter(self.body)


def signed_call(method: str, target: str, body: bytes = b"", extra=()) -> bytes:
    headers = [
        ("Host", "127.0.0.1:4566"),
        (
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20261129/us-east-1/execute-api/aws4_request, ...",
        ),
        ("Content-Length", str(len(body))),
        *extra,
    ]
    return request_bytes(method, target, headers) + body


def answer(server: Server) -> tuple[bytes, dict[bytes, bytes], bytes]:
    head, _, body = server.written().partition(b"\r\n\r\n")
    status_line, *lines = head.split(b"\r\n")
    return (
        status_line,
        {name: value.strip() for name, _, value in (line.partition(b":") for line in lines)},
        body,
    )


@pytest.mark.parametrize("method", ["POST", "GET", "DELETE"])
def test_a_connections_call_is_answered_in_the_thread_that_read_it(method):
    application = Application(
        headers=[("Content-Type", "application/json"), ("Content-Length", "2"), ("X-Amzn-RequestId", "r-1")]
    )
    server = Server(application=application)
    server.send(signed_call(method, PATH, b"hello" if method == "POST" else b""))
    assert server.to_threads == [] and server.listened == []
    [(environ, body, thread)] = application.calls
    assert thread is threading.current_thread()
    assert (environ["REQUEST_METHOD"], environ["RAW_URI"], body) == (
        method,
        PATH,
        b"hello" if method == "POST" else b"",
    )
    status_line, headers, body = answer(server)
    assert status_line == b"HTTP/1.1 200 OK"
    assert headers[b"Content-Type"] == b"application/json"  # the application's casing, as rolo keeps it
    assert headers[b"X-Amzn-RequestId"] == b"r-1"
    assert body == b"{}"
    assert not server.transport.lost  # keep-alive, as from a worker thread


def test_the_answer_is_written_whole_in_order_and_the_connection_serves_the_next_call():
    application = Application(
        status="410 Gone", headers=[("Content-Length", "19")], body=(b'{"message"', b"", b': "Gone"}')
    )
    server = Server(application=application)
    server.send(signed_call("POST", PATH, b"x") + signed_call("POST", PATH, b"y"))
    assert [body for _, body, _ in application.calls] == [b"x", b"y"]
    first, _, second = server.written().partition(b'{"message": "Gone"}')
    assert first.startswith(b"HTTP/1.1 410 Gone\r\n") and second.startswith(b"HTTP/1.1 410 Gone\r\n")
    assert second.endswith(b'{"message": "Gone"}')


def test_an_answer_without_a_body():
    application = Application(headers=[("Content-Length", "0")], body=())
    server = Server(application=application)
    server.send(signed_call("POST", PATH, b"x"))
    status_line, headers, body = answer(server)
    assert (status_line, headers[b"Content-Length"], body) == (b"HTTP/1.1 200 OK", b"0", b"")


def test_an_application_error_is_a_500_and_one_log_record(caplog):
    def failing(environ, start_response):
        raise RuntimeError("boom")

    server = Server(application=failing)
    with caplog.at_level(logging.ERROR, logger=connections_on_reactor.__name__):
        server.send(signed_call("POST", PATH, b"x"))
    assert answer(server)[0] == b"HTTP/1.1 500 Internal Server Error"
    [record] = [r for r in caplog.records if r.name == connections_on_reactor.__name__]
    assert record.getMessage() == "WSGI application error" and record.exc_info[0] is RuntimeError


@pytest.mark.parametrize(
    "method, target, extra",
    [
        ("PUT", PATH, ()),
        ("PATCH", PATH, ()),
        ("POST", PATH + "?X-Amz-Signature=abc", ()),  # pre-signed: LocalStack's whole chain
        ("POST", PATH, [("Origin", "http://localhost:3000")]),
        ("POST", PATH, [("Content-Encoding", "gzip")]),
        ("POST", "/_aws/execute-api/abc123/dev/connections/x", ()),
        ("POST", "/2015-03-31/functions/f/invocations", ()),
        ("GET", "/_localstack/health", ()),
    ],
)
def test_every_other_request_goes_to_the_worker_threads(method, target, extra):
    application = Application()
    server = Server(application=application)
    server.send(signed_call(method, target, b"", extra))
    assert application.calls == [] and len(server.to_threads) == 1
    assert server.written() == b""


SIGNED_FOR_EXECUTE_API = "AWS4-HMAC-SHA256 Credential=test/20261129/us-east-1/execute-api/aws4_request, ..."
SIGNED_FOR_S3 = "AWS4-HMAC-SHA256 Credential=test/20261129/us-east-1/s3/aws4_request, ..."


@pytest.mark.parametrize(
    "target, host, authorization, in_reactor",
    [
        (PATH, "127.0.0.1:4566", SIGNED_FOR_EXECUTE_API, True),
        (
            "/dev/@connections/Zk1xYb0AoAMCJbg%3D",
            "abc123.execute-api.localhost.localstack.cloud:4566",
            "",
            True,
        ),
        ("/@connections/Zk1xYb0AoAMCJbg%3D", "127.0.0.1:4566", SIGNED_FOR_EXECUTE_API, True),
        # the same paths where the router does not answer them itself: to the worker threads
        ("/@connections/Zk1xYb0AoAMCJbg%3D", "127.0.0.1:4566", SIGNED_FOR_S3, False),  # an S3 key
        ("/_aws/execute-api/rest42/dev/@connections/x", "127.0.0.1:4566", SIGNED_FOR_EXECUTE_API, False),
        ("/dev/@connections/x", "rest42.execute-api.localhost.localstack.cloud:4566", "", False),
        ("/_aws/execute-api/abc123/dev/@connections/x/more", "127.0.0.1:4566", SIGNED_FOR_EXECUTE_API, False),
        ("/_aws/execute-api/abc123//@connections/x", "127.0.0.1:4566", SIGNED_FOR_EXECUTE_API, False),
        ("/bucket/dev/@connections/x", "bucket.s3.localhost.localstack.cloud:4566", SIGNED_FOR_S3, False),
    ],
)
def test_only_what_the_router_dispatches_itself_runs_in_the_reactor(target, host, authorization, in_reactor):
    application = Application()
    server = Server(application=application)
    headers = [("Host", host), ("Content-Length", "1")] + (
        [("Authorization", authorization)] if authorization else []
    )
    server.send(request_bytes("POST", target, headers) + b"x")
    assert (len(application.calls), len(server.to_threads)) == ((1, 0) if in_reactor else (0, 1))


def test_a_request_that_cannot_be_judged_goes_to_a_worker_thread(monkeypatch):
    from localstack.services.plugins import SERVICE_PLUGINS

    def broken(name):
        raise KeyError(name)

    monkeypatch.setattr(SERVICE_PLUGINS, "is_running", broken)
    application = Application()
    server = Server(application=application)
    server.send(signed_call("POST", PATH, b"x"))
    assert application.calls == [] and len(server.to_threads) == 1


def test_the_call_that_starts_the_service_goes_to_a_worker_thread(service_running):
    service_running.clear()
    application = Application()
    server = Server(application=application)
    server.send(signed_call("POST", PATH, b"x"))
    assert application.calls == [] and len(server.to_threads) == 1


def test_an_upgrade_on_a_connections_path_is_still_an_upgrade():
    application = Application()
    server = Server(application=application)
    server.send(request_bytes("GET", PATH, upgrade_headers("localhost")))
    assert application.calls == [] and server.to_threads == [] and len(server.listened) == 1


def test_the_switch_leaves_rolos_server_alone(environment):
    from localstack_ws_ext import patches

    environment(WS_CONNECTIONS_ON_REACTOR="0")
    assert "connections_on_reactor" not in patches.install_all()
    environment(WS_CONNECTIONS_ON_REACTOR="1")
    assert "connections_on_reactor" in patches.install_all()


def test_the_decorator_is_patched_once():
    render = WebsocketResourceDecorator.render
    assert render._ws_ext_patched is True
    connections_on_reactor.install()
    assert WebsocketResourceDecorator.render is render


def test_what_the_patch_relies_on_is_still_upstream():
    # rolo's decorator hands every request without "Upgrade: websocket" to the WSGI resource, which starts rolo's
    # response in a worker thread
    render = inspect.getsource(WebsocketResourceDecorator.render.__wrapped__)
    assert 'request.getHeader("upgrade")' in render and "return super().render(request)" in render
    assert issubclass(HeaderPreservingWSGIResponse, _WSGIResponse)
    assert list(inspect.signature(HeaderPreservingWSGIResponse.__init__).parameters) == [
        "self",
        "reactor",
        "threadpool",
        "application",
        "request",
    ]
    # twisted's response: the state and the steps run_here uses, as run() uses them from a worker thread
    init = inspect.getsource(_WSGIResponse.__init__)
    assert _WSGIResponse._requestFinished is False and "self.started = False" in init
    assert "request.notifyFinish().addBoth(self._finished)" in init
    run = inspect.getsource(_WSGIResponse.run)
    assert "self.application(self.environ, self.startResponse)" in run
    assert "self._sendResponseHeaders()" in run and "self.request.finish()" in run
    assert "blockingCallFromThread" in inspect.getsource(_WSGIResponse.write)
