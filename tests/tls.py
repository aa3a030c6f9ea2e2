"""TLS contexts for the tests' WebSocket clients.

websockets' sync client reads its socket on a background thread from the moment the TCP connection exists,
while the caller's thread writes the handshake and then the frames. On CPython 3.13.0 an ``ssl.SSLSocket`` is not
safe for a read on one thread and a write on another (https://github.com/python/cpython/issues/77272): with
TLS 1.3 the server's session tickets arrive *after* the handshake, so the reader thread can be inside OpenSSL
while the writer sends the upgrade request. CI saw one connection fail so, with ``ssl.SSLError: [SSL] internal
error`` (rare: 3,000 connections in a loop did not reproduce it). TLS 1.2 sends its tickets inside the handshake,
so nothing is read while the request is written. The server side (LocalStack's listener) is not involved: it
still offers TLS 1.3 to every other client.
"""

import ssl
from pathlib import Path


def _for_threaded_client(context: ssl.SSLContext) -> ssl.SSLContext:
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    return context


def served_certificate(port: int, directory: Path) -> Path:
    """The certificate LocalStack serves on ``port`` (self-signed; it names ``*.localhost.localstack.cloud`` among
    others), written to ``directory`` (for clients that take a file, e.g. botocore's ``verify``)."""
    certificate = directory / "served.pem"
    certificate.write_text(ssl.get_server_certificate(("127.0.0.1", port)))
    return certificate


def trusting_certificate_file(path: str | Path) -> ssl.SSLContext:
    """Trusts the certificate in ``path``."""
    return _for_threaded_client(ssl.create_default_context(cafile=str(path)))


def trusting_served_certificate(port: int, directory: Path) -> ssl.SSLContext:
    """Trusts the certificate LocalStack serves on ``port``."""
    return trusting_certificate_file(served_certificate(port, directory))


def trusting_anything() -> ssl.SSLContext:
    """Accepts any certificate and host name (for URLs that name 127.0.0.1)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return _for_threaded_client(context)
