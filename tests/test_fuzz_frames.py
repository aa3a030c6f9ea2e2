"""Fuzzing the frames a client sends after the upgrade (issue #12): opcodes, RSV bits, masking, lengths,
fragmentation, control frames, invalid UTF-8, closes, dropped TCP connections, and all of it while Lambda calls
of the same connection are in flight (tests/fuzz/frames.py says what a case is).

Each case runs on its own connection to a deployed API (a Lambda proxy $default route that echoes, a MOCK route);
it asserts what the server answers (pongs, replies in order, the close code RFC 6455 and AWS's limits call for,
the end of the TCP connection), and then, for the whole run: a bystander connection opened before the first case
still answers after each one, every accepted connection got exactly one $disconnect with the code it ended with
(after its messages), refused ones none, and LocalStack is healthy with nothing alarming in its log.

``WS_FUZZ_SEED`` / ``WS_FUZZ_BUDGET`` / ``WS_FUZZ_SECONDS`` / ``WS_FUZZ_CASE``: tests/fuzz/run.py.
"""

import json
from urllib.parse import urlencode

import pytest

from tests.fuzz.events import EventLog
from tests.fuzz.frames import VALID_CLOSE_CODES, Plan, close_frame, plan
from tests.fuzz.raw_client import RawClient, Received, Rejected
from tests.fuzz.run import FuzzRun, say
from tests.fuzz.server import LogWatch, assert_healthy
from tests.websocket_apps import deploy_app_with_mock_route

RUN = FuzzRun.from_environment("frames", "tests/test_fuzz_frames.py", per_case=2.0)
pytestmark = pytest.mark.timeout(RUN.timeout)

MOCK_ROUTE = "mock"
MOCK_TEMPLATE = '{"mock": "$context.routeKey", "event": "$context.eventType"}'
MAX_FAILURES = 5


@pytest.fixture(scope="module")
def app(localstack):
    return deploy_app_with_mock_route(localstack, MOCK_ROUTE, MOCK_TEMPLATE)


def expected_reply(reply: tuple) -> dict:
    kind, value = reply
    if kind == "mock":
        return {"mock": MOCK_ROUTE, "event": "MESSAGE"}
    return {"route": "$default", "echo": value}


def check_answers(p: Plan, received: Received, complete: bool) -> None:
    """Pongs and replies, in order: all of them, or (``complete=False``: the ending cut them) the first ones."""
    assert received.of("bytes") == [], "the server sent binary frames"
    assert received.of("pong") == p.pongs, "pongs differ from the pings' payloads"
    replies = [json.loads(text) for text in received.of("text")]
    wanted = [expected_reply(reply) for reply in p.replies]
    if complete:
        assert replies == wanted, f"replies {_short(replies)}, expected {_short(wanted)}"
    else:
        assert replies == wanted[: len(replies)], (
            f"replies {_short(replies)}, expected a prefix of {_short(wanted)}"
        )


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 600 else text[:300] + f"...({len(text)} chars)..." + text[-200:]


def run_case(port: int, app, label: str, p: Plan) -> str:
    """Plays the case; returns its outcome (for the figures)."""
    query = urlencode({"fuzz": label, **(p.refuse or {})})
    client = RawClient(port, f"/_aws/execute-api/{app.api_id}/{app.stage}?{query}", tls=p.tls)
    try:
        if p.refuse:
            try:
                client.handshake()
            except Rejected as rejected:
                assert rejected.status == p.refused_status, f"refused with {rejected.status}"
                return "refused"
            raise AssertionError("the handshake was accepted")
        client.handshake()
        client.send(p.traffic, p.chunks)

        def answered(r: Received) -> bool:
            return len(r.of("pong")) >= len(p.pongs) and len(r.of("text")) >= len(p.replies)

        if p.wait_replies:
            received = client.read_until(answered, timeout=30)
            assert received.close is None and not received.eof, "closed before the ending"
            check_answers(p, received, complete=True)
        if p.ending == "tcp":
            client.send(p.ending_bytes)
            client.close_tcp(reset=p.reset)
            return "tcp"
        client.send(p.ending_bytes)
        received = client.read_until(lambda r: r.close is not None, timeout=30)
        assert received.close is not None, "no close frame from the server"
        code, reason = received.close
        if p.ending == "violation":
            assert code == p.server_close, f"closed with {code} {reason!r}, expected {p.server_close}"
            if p.server_reason is not None:
                assert reason == p.server_reason
            if p.answer_close:
                client.try_send(close_frame(code if code in VALID_CLOSE_CODES else 1000))
            else:
                client.close_tcp()
                check_answers(p, received, complete=p.wait_replies)
                return f"closed {code}"
        else:
            expected = (1005, "") if p.client_close is None else p.client_close
            assert (code, reason) == expected, "the server did not echo the client's close frame"
        received = client.read_until(lambda r: False, timeout=15)
        assert received.eof, "the server did not end the TCP connection after the closing handshake"
        check_answers(p, received, complete=p.wait_replies)
        return f"closed {code}"
    finally:
        client.finish()


def check_events(log: EventLog, label: str, p: Plan) -> None:
    connection_id = log.connection_of_label.get(label)
    assert connection_id, "no CONNECT event"
    events = log.by_connection[connection_id]
    types = [event["requestContext"]["eventType"] for event in events]
    if p.refuse:
        assert types == ["CONNECT"], f"a refused connection got {types}"
        return
    messages = p.lambda_messages
    if p.ending == "tcp" and p.reset and not p.wait_replies:
        # a reset discards what the server's kernel holds unread: the first messages got through, maybe not all
        messages = messages[: max(0, len(types) - 2)]
    wanted = ["CONNECT"] + ["MESSAGE"] * len(messages) + ["DISCONNECT"]
    assert types == wanted, f"events {types}, expected {wanted}"
    assert [event["body"] for event in events[1:-1]] == messages, "MESSAGE bodies differ"
    context = events[-1]["requestContext"]
    code, reason = p.disconnect
    assert context["disconnectStatusCode"] == code, context
    if reason is not None:
        assert context["disconnectReason"] == reason, context


def test_fuzz_frames(localstack, app, capsys):
    say(capsys, RUN.header())
    watch = LogWatch(localstack)
    log = EventLog(app)
    log.drain()
    plans: dict[str, tuple] = {}
    failures: list[str] = []
    with app.connect("fuzz=" + f"{RUN.seed}-bystander") as bystander:
        for case in RUN.cases():
            p = plan(case.rng, MOCK_ROUTE)
            plans[case.label] = (case, p)
            try:
                RUN.counts[run_case(localstack.port, app, case.label, p)] += 1
                # the bystander opened before every case still answers
                message = json.dumps({"action": "bystander", "case": case.index})
                bystander.send(message)
                assert json.loads(bystander.recv(timeout=30)) == {"route": "$default", "echo": message}, (
                    "the bystander's reply"
                )
            except (AssertionError, OSError, TimeoutError) as error:
                RUN.counts["failed"] += 1
                failures.append(
                    f"{case.replay()}\n  case: {'; '.join(p.notes)}\n  {type(error).__name__}: {error}"
                )
                if len(failures) >= MAX_FAILURES:
                    break
        bystander.send(json.dumps({"action": "bystander", "case": "last"}))
        bystander.recv(timeout=30)

    # every accepted connection's $disconnect, and the bystander's
    bystander_label = f"{RUN.seed}-bystander"
    accepted = [label for label, (_, p) in plans.items() if not p.refuse] + [bystander_label]

    def all_disconnected() -> bool:
        return all(
            (cid := log.connection_of_label.get(label)) and log.disconnects(cid) for label in accepted
        ) and all(label in log.connection_of_label for label in plans)

    log.wait_for(all_disconnected, timeout=90)
    log.settle(quiet=2)
    for label, (case, p) in plans.items():
        try:
            check_events(log, label, p)
        except AssertionError as error:
            failures.append(f"{case.replay()}\n  case: {'; '.join(p.notes)}\n  events: {error}")
    bystander_id = log.connection_of_label.get(bystander_label)
    bystander_disconnects = log.disconnects(bystander_id) if bystander_id else []
    if [d["disconnectStatusCode"] for d in bystander_disconnects] != [1000]:
        failures.append(f"the bystander's $disconnects: {bystander_disconnects}")
    RUN.counts["disconnects"] = sum(len(log.disconnects(cid)) for cid in log.connection_of_label.values())
    say(capsys, RUN.figures())
    assert not failures, f"{len(failures)} failing cases:\n\n" + "\n\n".join(failures)
    assert_healthy(localstack, watch)
