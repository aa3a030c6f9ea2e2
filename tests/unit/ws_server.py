"""
Test helper: a real rolo ``TwistedGateway`` (as LocalStack's ``localstack/runtime/server/twisted.py`` sets it
up) on a free 127.0.0.1 port, with twisted's global reactor running in a background thread, and a
recording ``ConnectionHandler``.

Twisted's reactor runs at most once per process: ``start_reactor`` starts it on first use, ``stop_reactor``
stops it for good (its threadpool threads are not daemons, so it must be stopped before the process exits).
"""

from __future__ import annotations

import dataclasses
import threading
import time
import typing as t
from collections import defaultdict

from rolo import Response
from rolo.gateway import Gateway, HandlerChain, RequestContext
from rolo.serving.twisted import TwistedGateway
from rolo.websocket import WebSocketRequest
from twisted.internet import reactor
from twisted.internet.threads import blockingCallFromThread

from localstack_ws_ext.execute_api.transport import (
    Connection,
    ConnectionLimits,
    OrderedExecutor,
    accept_connection,
)

_lock = threading.Lock()
_thread: threading.Thread | None = None
_stopped = False


def start_reactor(pool_size: int = 10) -> None:
    global _thread
    with _lock:
        if _stopped:
            raise RuntimeError("the twisted reactor was stopped and cannot run again in this process")
        if _thread is not None:
            return
        reactor.suggestThreadPoolSize(pool_size)
        _thread = threading.Thread(
            target=reactor.run, kwargs={"installSignalHandlers": False}, name="reactor", daemon=True
        )
        _thread.start()
    deadline = time.monotonic() + 10
    while not reactor.running:
        if time.monotonic() > deadline:
            raise RuntimeError("reactor did not start")
        time.sleep(0.01)


def stop_reactor() -> None:
    global _stopped
    with _lock:
        if _thread is None or _stopped:
            return
        _stopped = True
        reactor.callFromThread(reactor.stop)
        _thread.join(15)


def in_reactor(fn: t.Callable, *args):
    return blockingCallFromThread(reactor, fn, *args)


def write_self_signed_cert(directory: str) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1/localhost, made locally; returns (cert file, key file)."""
    import datetime
    import ipaddress
    import os

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    with open(cert_file, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_file, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
    return cert_file, key_file


@dataclasses.dataclass(frozen=True)
class Peer:
    """The test server's record of a connection (its ``Connection.info``), as the gateway's is ``ConnectionInfo``."""

    source_ip: str
    user_agent: str | None
    connected_at: int  # epoch ms


class Recorder:
    """
    ``ConnectionHandler`` that records every call, echoes text messages (unless ``echo`` is False), checks
    that no two ``on_message`` of one connection overlap, and can be slowed down (``delay``) or held
    (``gate``).
    """

    def __init__(self):
        self.cond = threading.Condition()
        self.connections: list[Connection] = []
        self.messages: dict[str, list] = defaultdict(list)  # connection id -> messages in handler order
        self.closes: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.order_errors: list[str] = []
        self.threads: set[str] = set()
        self.echo = True
        self.delay = 0.0
        self.gate: threading.Event | None = None
        self.hook: t.Callable[[Connection, t.Any], None] | None = None
        self._active: dict[str, int] = defaultdict(int)
        self._running = 0
        self.max_parallel = 0

    # ConnectionHandler

    def on_message(self, connection: Connection, message):
        with self.cond:
            self._active[connection.id] += 1
            if self._active[connection.id] > 1:
                self.order_errors.append(f"overlapping on_message on {connection.id}")
            if self.closes[connection.id]:
                self.order_errors.append(f"on_message after on_close on {connection.id}")
            self._running += 1
            self.max_parallel = max(self.max_parallel, self._running)
            self.threads.add(threading.current_thread().name)
        try:
            if self.gate is not None:
                self.gate.wait(30)
            if self.delay:
                time.sleep(self.delay)
            with self.cond:
                self.messages[connection.id].append(message)
            if self.hook is not None:
                self.hook(connection, message)
            if self.echo and isinstance(message, str):
                connection.send(message)
        finally:
            with self.cond:
                self._active[connection.id] -= 1
                self._running -= 1
                self.cond.notify_all()

    def on_close(self, connection: Connection, code: int, reason: str):
        with self.cond:
            if self._active[connection.id]:
                self.order_errors.append(f"on_close during on_message on {connection.id}")
            self.closes[connection.id].append((code, reason))
            self.threads.add(threading.current_thread().name)
            self.cond.notify_all()

    # accept side (pool thread)

    def accepted(self, connection: Connection):
        with self.cond:
            self.connections.append(connection)
            self.cond.notify_all()

    # test side

    def wait(self, predicate: t.Callable[[], bool], timeout: float = 10.0) -> bool:
        """Wait for ``predicate``, re-checked on every recorded event and every 20 ms (it may depend on
        state that changes in the reactor), at most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.cond.wait(min(remaining, 0.02))
            return True

    def wait_connections(self, n: int, timeout: float = 10.0) -> list[Connection]:
        assert self.wait(lambda: len(self.connections) >= n, timeout), (
            f"{len(self.connections)} of {n} connections accepted"
        )
        return self.connections[:n]

    def wait_close(self, connection_id: str, timeout: float = 10.0) -> tuple[int, str]:
        assert self.wait(lambda: bool(self.closes[connection_id]), timeout), "on_close not called"
        return self.closes[connection_id][0]

    def close_count(self) -> int:
        with self.cond:
            return sum(len(v) for v in self.closes.values())


class TestServer:
    """
    The rolo Gateway under test. A WebSocket request to ``/ws/<recorder key>?<limits>`` is accepted with
    ``accept_connection`` and that recorder as handler; query parameters: ``idle``, ``duration``, ``frame``,
    ``message``, ``pings`` (0/1), ``pending``, ``unread`` (``max_unread_bytes``), ``binary`` (1: allow), ``workers``
    (executor size),
    ``delay_accept`` (seconds the endpoint sleeps before accepting). Any HTTP request gets ``200 ok``.
    """

    __test__ = False  # not a pytest class

    def __init__(self):
        self.recorders: dict[str, Recorder] = {}
        self.executors: dict[int, OrderedExecutor] = {}
        self.endpoint_returns = 0
        self.port = None
        self.cert_file = None
        self._listening = None
        self._lock = threading.Lock()

    def executor(self, workers: int) -> OrderedExecutor:
        with self._lock:
            if workers not in self.executors:
                self.executors[workers] = OrderedExecutor(workers, name=f"ws-worker{workers}")
            return self.executors[workers]

    def recorder(self, key: str) -> Recorder:
        self.recorders[key] = Recorder()
        return self.recorders[key]

    def url(self, key: str, scheme: str = "ws", **params) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{scheme}://127.0.0.1:{self.port}/ws/{key}" + (f"?{query}" if query else "")

    def _handle(self, chain: HandlerChain, context: RequestContext, response: Response):
        request = context.request
        if not isinstance(request, WebSocketRequest):
            response.set_response(b"ok")
            chain.stop()
            return
        key = request.path.rsplit("/", 1)[-1]
        recorder = self.recorders[key]
        args = request.args
        if "delay_accept" in args:  # an endpoint that takes its time (e.g. a $connect integration)
            time.sleep(float(args["delay_accept"]))
        limits = ConnectionLimits(
            idle_timeout=float(args.get("idle", 600)),
            max_duration=float(args.get("duration", 7200)),
            max_frame_bytes=int(args.get("frame", 32 * 1024)),
            max_message_bytes=int(args.get("message", 128 * 1024)),
            pings_count_as_activity=args.get("pings") == "1",
            reject_binary=args.get("binary") != "1",
            max_pending_messages=int(args.get("pending", 64)),
            max_unread_bytes=int(args.get("unread", 1024 * 1024)),
            client_buffer_full_close=(4008, "not reading"),
        )
        offered = [p.strip() for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",") if p]
        connection = accept_connection(
            request,
            recorder,
            subprotocol=offered[0] if offered else None,
            headers={"X-Test": "accepted"},
            limits=limits,
            executor=self.executor(int(args.get("workers", 4))),
            info=Peer(request.remote_addr or "", request.headers.get("User-Agent"), int(time.time() * 1000)),
        )
        recorder.accepted(connection)
        with self._lock:
            self.endpoint_returns += 1
        chain.stop()

    def start(self, localstack_tls_multiplexer: bool = False, cert_dir: str | None = None) -> TestServer:
        """
        Listen on a free 127.0.0.1 port with a plain ``TwistedGateway`` site, or (``localstack_tls_multiplexer``)
        behind LocalStack's ``TLSMultiplexerFactory`` as LocalStack serves with SSL: HTTP/WS and HTTPS/WSS on
        one port, the site's protocols then wrapped in ``ProtocolWrapper``s (a self-signed certificate is
        written to ``cert_dir``).
        """
        start_reactor()
        site = TwistedGateway(Gateway(request_handlers=[self._handle]))
        factory = site
        if localstack_tls_multiplexer:
            from localstack.aws.serving.twisted import TLSMultiplexerFactory
            from twisted.internet import ssl

            cert_file, key_file = write_self_signed_cert(cert_dir)
            self.cert_file = cert_file
            context_factory = ssl.DefaultOpenSSLContextFactory(key_file, cert_file)
            factory = TLSMultiplexerFactory(context_factory, False, site)
        self._listening = in_reactor(reactor.listenTCP, 0, factory, 1024, "127.0.0.1")
        self.port = self._listening.getHost().port
        return self

    def stop(self) -> None:
        if self._listening is not None:
            in_reactor(self._listening.stopListening)
        for executor in self.executors.values():
            executor.shutdown(wait=True, timeout=5)
