"""``python -m localstack_ws_ext.inspect tail``: the inspector's timeline in a terminal, one line per event.

It reads the same API as the page (``api/events`` for what happened before, then the ``api/stream`` of
server-sent events), with the standard library only, so it runs from any Python >= 3.12 without LocalStack
installed. The filters are the API's (``--api``, ``--stage``, ``--connection``, ``--route``, ``--type``,
``--errors``); a stream that ends (LocalStack restarted) is resumed after the last event printed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
import typing as t
import urllib.error
import urllib.parse
import urllib.request

PATH = "/_extension/localstack-ws-ext/api"
DEFAULT_ENDPOINT = "http://127.0.0.1:4566"


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _size(count: int | None) -> str:
    return "-" if count is None else f"{count} B"


def _payload(preview: dict | None) -> str:
    if not preview:
        return ""
    text = preview.get("text") if not preview.get("binary") else "base64:" + preview.get("base64", "")
    text = (text or "").replace("\n", "\\n")
    return text + ("…" if preview.get("truncated") else "")


def format_event(event: dict, payloads: bool = True) -> str:
    """One line: time, type, api/stage, connection, then what the event type has."""
    when = datetime.datetime.fromtimestamp(event["time"] / 1000).strftime("%H:%M:%S.%f")[:-3]
    kind = event["type"] if event["type"] in ("CONNECT", "MESSAGE", "DISCONNECT") else "@" + event["type"]
    where = f"{event.get('apiId') or '?'}/{event.get('stage') or '?'}"
    parts = [when, f"{kind:<11}", where, f"conn={event.get('connectionId')}"]
    if event.get("routeKey"):
        parts.append(f"route={event['routeKey']}")
    if event.get("integrationType"):
        parts.append(event["integrationType"])
    if event.get("via") == "inspector":
        parts.append("via=inspector")
    parts.append(f"status={event.get('status') if event.get('status') is not None else '-'}")
    if event.get("closeCode") is not None:
        parts.append(f"close={event['closeCode']} {event.get('closeReason')!r}")
    parts.append(f"{event.get('latencyMs', 0):.1f} ms")
    if "bytesIn" in event or "bytesOut" in event:
        parts.append(f"in={_size(event.get('bytesIn'))} out={_size(event.get('bytesOut'))}")
    if event.get("error"):
        parts.append(f"ERROR {event.get('errorType')}: {event.get('errorMessage')}")
    if payloads:
        if text := _payload(event.get("payloadIn")):
            parts.append(f"< {text}")
        if text := _payload(event.get("payloadOut")):
            parts.append(f"> {text}")
    return "  ".join(str(part) for part in parts)


class Client:
    """The inspector's API at ``endpoint`` (LocalStack's URL)."""

    def __init__(self, endpoint: str, timeout: float = 30):
        self.base = endpoint.rstrip("/") + PATH
        self.timeout = timeout

    def _open(self, path: str, query: dict[str, str], timeout: float | None = None, headers=None):
        url = f"{self.base}/{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, headers=headers or {})
        try:
            return urllib.request.urlopen(request, timeout=timeout or self.timeout)
        except urllib.error.HTTPError as error:
            try:
                message = json.loads(error.read()).get("message") or error.reason
            except ValueError:
                message = error.reason
            raise ApiError(error.code, f"{error.code}: {message}") from None

    def events(self, query: dict[str, str]) -> dict:
        with self._open("events", query) as response:
            return json.loads(response.read())

    def stream(
        self, query: dict[str, str], after: int, read_timeout: float = 60
    ) -> t.Iterator[tuple[str, dict]]:
        """(event name, data) of each server-sent event, from ``after`` on; returns when the stream ends."""
        with self._open("stream", {**query, "after": str(after)}, timeout=read_timeout) as response:
            name, data = "message", []
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if not line:
                    if data:
                        yield name, json.loads("\n".join(data))
                    name, data = "message", []
                elif line.startswith(":"):
                    continue
                else:
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "event":
                        name = value
                    elif field == "data":
                        data.append(value)


def tail(args: argparse.Namespace, out: t.TextIO = sys.stdout) -> int:
    client = Client(args.endpoint)
    query = {
        name: value
        for name, value in (
            ("api", args.api),
            ("stage", args.stage),
            ("connection", args.connection),
            ("route", args.route),
            ("type", args.type),
            ("errors", "true" if args.errors else None),
        )
        if value
    }
    printed = 0

    def show(event: dict) -> bool:
        nonlocal printed
        if args.json:
            print(json.dumps(event), file=out, flush=True)
        else:
            print(format_event(event, payloads=not args.no_payloads), file=out, flush=True)
        printed += 1
        return args.count is not None and printed >= args.count

    try:
        history = client.events({**query, "limit": str(args.history)})
        for event in history["events"]:
            if show(event):
                return 0
        if not args.follow:
            return 0
        after = history["lastSeq"]
        while True:
            try:
                for name, data in client.stream(query, after):
                    if name == "gap":
                        print(f"... {data['lost']} events dropped by the ring buffer", file=sys.stderr)
                        continue
                    after = max(after, data["seq"])
                    if show(data):
                        return 0
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
                if isinstance(error, ApiError):
                    raise
                print(f"stream interrupted ({error}); resuming", file=sys.stderr)
            time.sleep(1)
    except ApiError as error:
        print(f"inspector: {error}", file=sys.stderr)
        return 2 if error.status == 400 else 1
    except urllib.error.URLError as error:
        print(f"inspector: cannot reach {args.endpoint}: {error.reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m localstack_ws_ext.inspect", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    tail_parser = sub.add_parser("tail", help="print the timeline, then follow it")
    tail_parser.add_argument(
        "--endpoint",
        default=os.environ.get("LOCALSTACK_ENDPOINT")
        or os.environ.get("AWS_ENDPOINT_URL")
        or DEFAULT_ENDPOINT,
        help=f"LocalStack's URL (default: $LOCALSTACK_ENDPOINT, $AWS_ENDPOINT_URL or {DEFAULT_ENDPOINT})",
    )
    tail_parser.add_argument("--api", help="only this API id")
    tail_parser.add_argument("--stage", help="only this stage")
    tail_parser.add_argument("--connection", help="only this connection id")
    tail_parser.add_argument("--route", help="only this route key")
    tail_parser.add_argument(
        "--type", help="only these types, comma-separated: CONNECT,MESSAGE,DISCONNECT,POST,GET,DELETE"
    )
    tail_parser.add_argument("--errors", action="store_true", help="only errors")
    tail_parser.add_argument(
        "--history", type=int, default=20, help="events from before to print first (default 20)"
    )
    tail_parser.add_argument(
        "--no-follow", dest="follow", action="store_false", help="print the history and exit"
    )
    tail_parser.add_argument("--count", type=int, help="exit after printing this many events")
    tail_parser.add_argument("--json", action="store_true", help="one JSON document per line")
    tail_parser.add_argument("--no-payloads", action="store_true", help="leave the payload previews out")
    args = parser.parse_args(argv)
    return tail(args)
