"""A local HTTP backend for HTTP / HTTP_PROXY integrations (loopback only), recording every request.

``/status/<n>`` answers that status, ``/sleep/<seconds>`` answers after that long, ``/binary`` answers bytes that
are not UTF-8, ``/echo`` answers the request body as it came (``application/octet-stream``); anything else answers
``{"backend": "got", "path": ..., "body": ...}``. Recorded: method, path, headers, body (bytes).
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BINARY = b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x01"


class Backend:
    def __init__(self):
        self.requests: list[dict] = []
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

            do_GET = do_POST = do_PUT = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
