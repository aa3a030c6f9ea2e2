"""The conversation of AWS's simple-websockets-chat-app (github.com/aws-samples/simple-websockets-chat-app), however
the app was deployed: three clients, broadcasts over ``PostToConnection``, ``$disconnect`` cleanup, stale ids."""

import contextlib
import json
import time

import pytest
from websockets.sync.client import connect

QUIET_SECONDS = 1.5  # how long "nothing else arrives" waits


def connection_ids(dynamodb, table: str) -> set[str]:
    items = dynamodb.scan(TableName=table, ConsistentRead=True)["Items"]
    ids = [item["connectionId"]["S"] for item in items]
    assert len(ids) == len(set(ids))
    return set(ids)


def wait_for_ids(dynamodb, table: str, expected: set[str], timeout: float = 20) -> set[str]:
    """The table's ids once they are ``expected``, or what they are after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while (ids := connection_ids(dynamodb, table)) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return ids


def wait_for_log_lines(logs, function_name: str, needle: str, count: int, timeout: float = 20) -> list[str]:
    """The function's log lines (CloudWatch Logs) that contain ``needle``, once there are ``count`` of them or
    after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            events = logs.filter_log_events(logGroupName=f"/aws/lambda/{function_name}")["events"]
        except logs.exceptions.ResourceNotFoundException:
            events = []
        lines = [event["message"] for event in events if needle in event["message"]]
        if len(lines) >= count or time.monotonic() >= deadline:
            return lines
        time.sleep(0.3)


def assert_quiet(*clients) -> None:
    """No client receives anything more within QUIET_SECONDS."""
    deadline = time.monotonic() + QUIET_SECONDS
    for ws in clients:
        with pytest.raises(TimeoutError):
            extra = ws.recv(timeout=max(0.05, deadline - time.monotonic()))
            pytest.fail(f"unexpected frame {extra!r}")


def chat(localstack, url: str, table: str, sendmessage: str, **connect_options) -> None:
    """Three clients chat through the app at ``url``; ``table`` is its connection table, ``sendmessage`` the name
    of its broadcasting function."""
    dynamodb = localstack.client("dynamodb")
    with contextlib.ExitStack() as stack:
        # each handshake waits for $connect, so the table has the new id as soon as connect() returns
        clients, ids = [], []
        for _ in range(3):
            clients.append(
                stack.enter_context(connect(url, open_timeout=30, close_timeout=10, **connect_options))
            )
            (new_id,) = connection_ids(dynamodb, table) - set(ids)
            ids.append(new_id)
        a, b, c = clients
        id_a, id_b, id_c = ids
        assert connection_ids(dynamodb, table) == {id_a, id_b, id_c}

        # a broadcast reaches everybody, the sender included, with exactly the data
        a.send(json.dumps({"action": "sendmessage", "data": "hello"}))
        assert [ws.recv(timeout=30) for ws in (a, b, c)] == ["hello"] * 3
        assert_quiet(a, b, c)

        # c leaves: its $disconnect takes it out of the table, and the next broadcast skips it
        c.close()
        assert wait_for_ids(dynamodb, table, {id_a, id_b}) == {id_a, id_b}
        b.send(json.dumps({"action": "sendmessage", "data": "c left"}))
        assert [ws.recv(timeout=30) for ws in (a, b)] == ["c left"] * 2
        assert_quiet(a, b)

        # stale ids (c's, closed, and one that never existed) get GoneException and are deleted by the broadcast
        stale = {id_c, "Stale0ConnId=="}
        for connection_id in stale:
            dynamodb.put_item(TableName=table, Item={"connectionId": {"S": connection_id}})
        assert connection_ids(dynamodb, table) == {id_a, id_b} | stale
        a.send(json.dumps({"action": "sendmessage", "data": "still here?"}))
        assert [ws.recv(timeout=30) for ws in (a, b)] == ["still here?"] * 2
        assert wait_for_ids(dynamodb, table, {id_a, id_b}) == {id_a, id_b}
        lines = wait_for_log_lines(localstack.client("logs"), sendmessage, "Found stale connection", 2)
        assert sorted(line.rstrip("\n").rsplit(" ", 1)[-1] for line in lines) == sorted(stale)
        assert_quiet(a, b)

    # a and b leave too: the table ends empty
    assert wait_for_ids(dynamodb, table, set()) == set()
