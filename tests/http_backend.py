"""A local HTTP backend for HTTP / HTTP_PROXY integrations (loopback only), recording every request.

``/status/<n>`` answers that status, ``/sleep/<seconds>`` answers after that long, ``/binary`` answers bytes that
are not UTF-8, ``/echo`` answers the request body as it came (``application/octet-stream``); anything else answers
``{"backend": "got", "path": ..., "body": ...}``. Recorded: method, path, headers, body (bytes).

Faults, after reading the request: ``/reset`` resets the TCP connection (RST, no answer), ``/hang`` answers nothing
and holds the connection (until ``HANG_SECONDS`` passed or the backend stops), ``/stall`` answers a status line and headers,
then nothing more (held like ``/hang``), ``/garbage`` answers bytes that are not HTTP and closes, ``/truncated``
answers a status line and headers promising a longer body than it sends, and closes.
"""

import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BINARY = b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x01"
GARBAGE = b"\x00\xff\xfeSSH-2.0-not-http \x89PNG\r\n\x1a\n\r\n\r\n"
TRUNCATED = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"cut'
HANG_SECONDS = 30


class Backend:
    def __init__(self):
        self.requests: list[dict] = []
        self.released = threading.Event()  # ends every /hang
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                backend.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers.items()),
                        "body": body,
                    }
                )
                if self._fault():
                    return
                content_type = "application/octet-stream"
                status = int(self.path.split("/status/")[1].split("?")[0]) if "/status/" in self.path else 200
                if self.path.startswith("/sleep/"):
                    time.sleep(min(float(self.path.split("/")[2]), 2))
                    answer, content_type = b'{"slept": true}', "application/json"
                elif self.path.startswith("/binary"):
                    answer = BINARY
                elif self.path.startswith("/echo"):
                    answer = body
                else:
                    text = body.decode("utf-8", "replace")
                    answer = json.dumps({"backend": "got", "path": self.path, "body": text}).encode()
                    content_type = "application/json"
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # API Gateway gave up on us (timeout) and closed the connection

            def _fault(self) -> bool:
                """Misbehaves as the path says; True if it did (the connection is then done)."""
                path = self.path.split("?")[0]
                if path not in ("/reset", "/hang", "/stall", "/garbage", "/truncated"):
                    return False
                self.close_connection = True
                try:
                    if path == "/reset":
                        # SO_LINGER 0: close() sends RST instead of FIN
                        self.connection.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                        )
                        self.connection.close()
                    elif path in ("/hang", "/stall"):
                        if path == "/stall":
                            self.wfile.write(TRUNCATED)
                            self.wfile.flush()
                        backend.released.wait(HANG_SECONDS)
                    else:
                        self.wfile.write(GARBAGE if path == "/garbage" else TRUNCATED)
                        self.wfile.flush()
                except OSError:
                    pass
                return True

            do_GET = do_POST = do_PUT = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
