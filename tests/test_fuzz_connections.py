"""Fuzzing the @connections management API (issue #12): PostToConnection, GetConnection and DeleteConnection with
drawn connection ids (open ones, gone ones, near misses, odd strings), bodies (text, binary, invalid UTF-8) and
sizes (0 to 1 MB, around the 128 KB limit), through boto3 (LocalStack's root, the API's URL, another stage's URL)
and as hand-signed requests (other methods, paths, query strings, host-style URLs, content types):
tests/fuzz/connections.py says what a call is and what it must get.

Each case opens one to three connections and makes calls on them: every answer must be the expected one and
AWS-shaped (one of the service's errors, with its status, named in ``x-amzn-ErrorType``), never a 5xx; a posted
message arrives exactly as posted (text if UTF-8, else binary) and nothing else does; a deleted connection gets a
1000 close. For the whole run: a bystander connection opened before the first case still answers after each one,
every connection got exactly one $disconnect (with 1000: deleted, or closed by its client), and LocalStack is
healthy with nothing alarming in its log.

``WS_FUZZ_SEED`` / ``WS_FUZZ_BUDGET`` / ``WS_FUZZ_SECONDS`` / ``WS_FUZZ_CASE``: tests/fuzz/run.py.
"""

import contextlib
import json
from datetime import datetime

import pytest
from websockets.exceptions import ConnectionClosed

from tests.fuzz.connections import OPERATIONS, Call, RawSigned, draw_call, expected
from tests.fuzz.control_plane import error_statuses
from tests.fuzz.events import EventLog
from tests.fuzz.run import FuzzRun, say
from tests.fuzz.server import LogWatch, assert_healthy
from tests.fuzz.shapes import RawCalls
from tests.websocket_apps import deploy_app_with_mock_route

RUN = FuzzRun.from_environment("connections", "tests/test_fuzz_connections.py", per_case=2.0)
pytestmark = pytest.mark.timeout(RUN.timeout)

CALLS_PER_CASE = 10
MAX_FAILURES = 5
DELETED = (1000, "Connection Closed Normally")
# a MOCK route answers without a function: "nothing else arrived" is checked by the next frame being its answer
MOCK_ROUTE = "mock"
MOCK_REPLY = {"mock": MOCK_ROUTE}


class CaseFailed(AssertionError):
    pass


@pytest.fixture(scope="module")
def app(localstack):
    return deploy_app_with_mock_route(localstack, MOCK_ROUTE, json.dumps(MOCK_REPLY))


def still_answers(ws) -> bool:
    """The connection's next frame is the MOCK route's answer to a message sent now."""
    ws.send(json.dumps({"action": MOCK_ROUTE}))
    reply = ws.recv(timeout=30)
    return reply == json.dumps(MOCK_REPLY) or (isinstance(reply, str) and json.loads(reply) == MOCK_REPLY)


def management_clients(localstack, app) -> dict[str, RawCalls]:
    """boto3 management clients by transport: LocalStack's root, the API's URL (as a function's client is made
    from ``domainName`` and ``stage``), the URL of a stage that is not the connections'."""
    api_url = f"{localstack.endpoint}/_aws/execute-api/{app.api_id}"
    endpoints = {
        "boto3-root": localstack.endpoint,
        "boto3-api": f"{api_url}/{app.stage}",
        "boto3-other-stage": f"{api_url}/other",
    }
    return {
        transport: RawCalls(
            localstack.client("apigatewaymanagementapi", endpoint_url=endpoint, parameter_validation=False)
        )
        for transport, endpoint in endpoints.items()
    }


def answer_of(call: Call, clients: dict[str, RawCalls], raw: RawSigned) -> tuple[int, str, dict, bytes, dict]:
    """(status, error code, headers, body, the parsed answer: boto3's, or the JSON body) of ``call``."""
    if call.transport == "raw":
        response = raw.send(call)
        headers = dict(response.headers)
        code = {key.lower(): value for key, value in headers.items()}.get("x-amzn-errortype", "").split(":")[
            0
        ]
        try:
            parsed = response.json() if response.content else {}
        except ValueError:
            parsed = {"unparsed": response.content[:200]}
        return (
            response.status_code,
            code if response.status_code >= 400 else "",
            headers,
            response.content,
            parsed,
        )
    operation = OPERATIONS[call.operation][1]
    params = {"ConnectionId": call.connection_id}
    if call.operation == "post":
        params["Data"] = call.data
    outcome = clients[call.transport].call(operation, params)
    assert outcome.status is not None, f"botocore did not send it: {outcome.code}: {outcome.message}"
    raw_answer = outcome.raw or {}
    return (
        outcome.status,
        outcome.code,
        raw_answer.get("headers") or {},
        raw_answer.get("body") or b"",
        outcome.response or {},
    )


def check_shape(
    call: Call, status: int, code: str, headers: dict, body: bytes, parsed: dict, errors: dict
) -> None:
    if status >= 400:
        assert code in errors and errors[code] == status, f"{status} {code}: not one of the service's errors"
        header = {key.lower(): value for key, value in headers.items()}.get("x-amzn-errortype", "")
        assert header.split(":")[0] == code, f"x-amzn-ErrorType is {header!r}"
        if call.method != "HEAD":
            assert isinstance(json.loads(body or b"null"), dict), f"error body {body[:200]!r}"
        return
    if call.operation == "get":
        if call.transport == "raw":
            assert set(parsed) >= {"connectedAt", "identity", "lastActiveAt"}, parsed
            assert parsed["identity"]["sourceIp"] == "127.0.0.1", parsed
        else:
            assert isinstance(parsed["ConnectedAt"], datetime) and isinstance(
                parsed["LastActiveAt"], datetime
            )
            assert parsed["Identity"]["SourceIp"] == "127.0.0.1", parsed


def delivered_form(data: bytes) -> str | bytes:
    """What the client receives for a posted body: a text message if it is UTF-8, else a binary one."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:200] + f"...({len(value)} long)"


def open_connection(app, log: EventLog, label: str, record: dict):
    """A connection (open once ``connect`` returns; to be used as a context manager) and its id, from its CONNECT
    event."""
    ws = app.connect(f"fuzz={label}")
    record[label] = "opened"
    assert log.wait_for(lambda: label in log.connection_of_label, timeout=30), f"no CONNECT for {label}"
    return ws, log.connection_of_label[label]


def run_case(case, app, clients, raw, log: EventLog, errors, bystander_id, record: dict) -> None:
    """One case, on its own connections: it depends on nothing but its seed (and the bystander's id)."""
    rng = case.rng
    clients_by_id: dict[str, object] = {}
    gone: list[str] = []  # ids of connections of this case that ended
    labels = [f"{case.label}-{k}" for k in range(rng.choice([1, 1, 2, 3]))]
    if rng.random() < 0.5:
        # a connection that existed: opened and closed by its client before the calls
        ws, connection_id = open_connection(app, log, f"{case.label}-former", record)
        with ws:
            pass  # closed (1000) on leaving
        gone.append(connection_id)
    with contextlib.ExitStack() as stack:
        for label in labels:
            ws, connection_id = open_connection(app, log, label, record)
            clients_by_id[connection_id] = stack.enter_context(ws)
        live = list(clients_by_id)
        for call_index in range(CALLS_PER_CASE):
            call = draw_call(rng, live, gone, bystander_id)
            want = expected(call)
            where = f"call {call_index}: {call.describe()}"
            RUN.counts["calls"] += 1
            try:
                status, code, headers, body, parsed = answer_of(call, clients, raw)
            except Exception as error:  # no HTTP answer at all
                raise CaseFailed(f"{where}\n  -> {type(error).__name__}: {error}") from None
            RUN.counts[f"{status} {code}".strip()] += 1
            if (status, code) != want:
                raise CaseFailed(f"{where}\n  -> {status} {code} {body[:300]!r}, expected {want}")
            try:
                check_shape(call, status, code, headers, body, parsed, errors)
            except (AssertionError, KeyError, ValueError) as error:
                raise CaseFailed(f"{where}\n  -> {status} {code}: not AWS-shaped: {error}") from None
            if status >= 400 or call.target != "live":
                continue
            ws = clients_by_id[call.connection_id]
            if call.operation == "post":
                message = ws.recv(timeout=30)
                if message != delivered_form(call.data):
                    raise CaseFailed(f"{where}\n  delivered {_short(message)}, posted {_short(call.data)}")
            elif call.operation == "delete":
                try:
                    extra = ws.recv(timeout=30)
                    raise CaseFailed(f"{where}\n  after the delete the client got {_short(extra)}")
                except ConnectionClosed as closed:
                    if (closed.rcvd.code, closed.rcvd.reason) != DELETED:
                        raise CaseFailed(
                            f"{where}\n  closed with {closed.rcvd}, expected {DELETED}"
                        ) from None
                live.remove(call.connection_id)
                gone.append(call.connection_id)
                record[_label_of(log, call.connection_id)] = "deleted"
        # what is left open got nothing else: its next frame is the answer to its own message
        for connection_id in live:
            if not still_answers(clients_by_id[connection_id]):
                raise CaseFailed(f"connection {connection_id}: something else arrived before the MOCK answer")


def _label_of(log: EventLog, connection_id: str) -> str:
    return next(label for label, cid in log.connection_of_label.items() if cid == connection_id)


def check_events(log: EventLog, label: str, state: str) -> None:
    connection_id = log.connection_of_label.get(label)
    assert connection_id, "no CONNECT event"
    types = log.types(connection_id)
    assert types == ["CONNECT", "DISCONNECT"], f"events {types}, expected CONNECT, DISCONNECT"
    context = log.disconnects(connection_id)[0]
    want = DELETED if state == "deleted" else (1000, "")
    assert (context["disconnectStatusCode"], context["disconnectReason"]) == want, context


def test_fuzz_connections(localstack, app, capsys):
    say(capsys, RUN.header())
    errors = error_statuses(localstack.client("apigatewaymanagementapi").meta.service_model)
    clients = management_clients(localstack, app)
    raw = RawSigned(localstack.port, app.api_id, app.stage)
    watch = LogWatch(localstack)
    log = EventLog(app)
    log.drain()
    failures: list[str] = []
    records: dict[str, str] = {}  # label -> opened | deleted
    bystander_label = f"{RUN.seed}-bystander"
    with app.connect(f"fuzz={bystander_label}") as bystander:
        assert log.wait_for(lambda: bystander_label in log.connection_of_label, timeout=30)
        bystander_id = log.connection_of_label[bystander_label]
        for case in RUN.cases():
            try:
                run_case(case, app, clients, raw, log, errors, bystander_id, records)
            except (AssertionError, OSError, TimeoutError, ConnectionClosed) as error:
                RUN.counts["failed"] += 1
                failures.append(f"{case.replay()}\n  {type(error).__name__}: {error}")
                if len(failures) >= MAX_FAILURES:
                    break
            # the bystander still answers, and got nothing else
            assert still_answers(bystander), f"the bystander, after case {case.index}"
    raw.close()

    labels = [*records, bystander_label]
    log.wait_for(
        lambda: all(log.disconnects(log.connection_of_label.get(label, "")) for label in labels), timeout=90
    )
    log.settle(quiet=2)
    if not failures:
        for label, state in records.items():
            try:
                check_events(log, label, state)
            except AssertionError as error:
                failures.append(f"connection {label} ({state}): {error}")
        if log.types(bystander_id) != ["CONNECT", "DISCONNECT"]:
            failures.append(f"the bystander's events: {log.types(bystander_id)}")
    RUN.counts["connections"] = len(records)
    RUN.counts["disconnects"] = sum(len(log.disconnects(cid)) for cid in log.connection_of_label.values())
    say(capsys, RUN.figures())
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures[:20])
    assert_healthy(localstack, watch)
