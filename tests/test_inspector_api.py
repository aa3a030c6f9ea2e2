"""The inspector's JSON and stream API (docs/inspector.md) against real LocalStack processes: real WebSocket
clients, functions, an authorizer, boto3's @connections calls; the command-line ``tail``; the settings that bound
it or turn it off."""

import base64
import json
import subprocess
import sys
import time

import pytest
import requests
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.harness import running_localstack
from tests.inspector import StreamReader, api_get, authorized_app, base_url, events
from tests.test_websocket_connections import management


@pytest.fixture(scope="module")
def shared_app(localstack):
    return authorized_app(localstack)


@pytest.fixture
def app(shared_app):
    shared_app.drain()
    return shared_app


def connection_of(localstack, app, user_agent: str) -> dict:
    """The live connection of ``app`` with this user agent, as the API lists it (waits for it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = api_get(localstack, "connections", params={"api": app.api_id})
        assert response.status_code == 200
        found = [c for c in response.json()["connections"] if c["userAgent"] == user_agent]
        if found and found[0]["state"] == "open":
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no open connection with user agent {user_agent}: {response.json()}")


def wait_for_events(localstack, count: int, **filters) -> list[dict]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = events(localstack, **filters)
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"expected {count} events for {filters}, got {found}")


def test_the_page_is_served_on_both_conventions(localstack):
    response = requests.get(base_url(localstack), allow_redirects=False, timeout=30)
    assert (response.status_code, response.headers["Location"]) == (301, "/_extension/localstack-ws-ext/")
    page = requests.get(base_url(localstack) + "/", timeout=30)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<title>WebSocket inspector · localstack-ws-ext</title>" in page.text
    for name, mimetype in (("app.js", "text/javascript"), ("app.css", "text/css")):
        static = requests.get(f"{base_url(localstack)}/static/{name}", timeout=30)
        assert (static.status_code, static.headers["Content-Type"]) == (200, f"{mimetype}; charset=utf-8")
    missing = requests.get(f"{base_url(localstack)}/static/secrets.py", timeout=30)
    assert (missing.status_code, missing.json()) == (404, {"message": "No static file secrets.py"})
    # the subdomain convention: <name>.localhost.localstack.cloud:<port> (sent as a Host header: no DNS needed)
    host = f"localstack-ws-ext.localhost.localstack.cloud:{localstack.port}"
    by_host = requests.get(f"{localstack.endpoint}/", headers={"Host": host}, timeout=30)
    assert by_host.status_code == 200 and by_host.text == page.text
    status = requests.get(f"{localstack.endpoint}/api/status", headers={"Host": host}, timeout=30)
    assert status.status_code == 200 and status.json()["enabled"] is True


def test_not_on_execute_api_hosts(localstack, app):
    host = f"{app.api_id}.execute-api.localhost.localstack.cloud:{localstack.port}"
    response = requests.get(f"{base_url(localstack)}/api/status", headers={"Host": host}, timeout=30)
    assert response.status_code in (403, 404)
    assert "enabled" not in response.text


def test_status(localstack):
    status = api_get(localstack, "status").json()
    assert set(status) == {"enabled", "events", "payloadBytes", "subscribers", "connections"}
    assert (status["enabled"], status["events"]["size"], status["payloadBytes"]) == (True, 1000, 256)


def test_apis_stages_routes_integrations_and_authorizer(localstack, app):
    v2 = localstack.client("apigatewayv2")
    v2.update_stage(ApiId=app.api_id, StageName=app.stage, StageVariables={"color": "blue"})
    other_region = localstack.client("apigatewayv2", region="eu-west-1", aws_access_key_id="111111111111")
    other = other_region.create_api(
        Name="elsewhere", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    other_region.create_stage(ApiId=other, StageName="prod", AutoDeploy=True)
    listed = {api["apiId"]: api for api in api_get(localstack, "apis").json()["apis"]}

    elsewhere = listed[other]
    assert (elsewhere["name"], elsewhere["accountId"], elsewhere["region"]) == (
        "elsewhere",
        "111111111111",
        "eu-west-1",
    )
    assert [(s["stageName"], s["autoDeploy"]) for s in elsewhere["stages"]] == [("prod", True)]

    api = listed[app.api_id]
    assert (api["accountId"], api["region"], api["routeSelectionExpression"]) == (
        "000000000000",
        "us-east-1",
        "$request.body.action",
    )
    deployment_id = v2.get_stage(ApiId=app.api_id, StageName=app.stage)["DeploymentId"]
    [stage] = api["stages"]
    assert {
        k: stage[k] for k in ("stageName", "deploymentId", "deployed", "autoDeploy", "stageVariables", "path")
    } == {
        "stageName": "dev",
        "deploymentId": deployment_id,
        "deployed": True,
        "autoDeploy": False,
        "stageVariables": {"color": "blue"},
        "path": f"/_aws/execute-api/{app.api_id}/dev",
    }
    routes = {route["routeKey"]: route for route in api["routes"]}
    assert sorted(routes) == ["$connect", "$default", "$disconnect", "mock"]
    function_arn = f"arn:aws:lambda:us-east-1:000000000000:function:{app.function_name}"
    connect = routes["$connect"]
    assert (
        connect["authorizationType"],
        connect["integration"]["type"],
        connect["integration"]["target"],
    ) == (
        "CUSTOM",
        "AWS_PROXY",
        function_arn,
    )
    assert connect["authorizer"] == {
        "authorizerId": app.authorizer_id,
        "name": "token-authorizer",
        "authorizerType": "REQUEST",
        "identitySource": ["route.request.querystring.token"],
        "target": f"arn:aws:lambda:us-east-1:000000000000:function:{app.authorizer_function}",
    }
    assert (connect["routeResponses"], connect["twoWay"]) == ([], False)
    mock = routes["mock"]
    assert (mock["integration"]["type"], mock["integration"]["target"], mock["authorizer"]) == (
        "MOCK",
        None,
        None,
    )
    assert [r["routeResponseKey"] for r in mock["routeResponses"]] == ["$default"]
    assert mock["twoWay"] is True


def test_live_connections_with_identity_principal_and_counters(localstack, app):
    with app.connect(
        "token=allow&protocol=chat", user_agent_header="inspector-test/1", subprotocols=["chat"]
    ) as ws:
        connection = connection_of(localstack, app, "inspector-test/1")
        assert {
            k: v for k, v in connection.items() if k not in ("connectionId", "connectedAt", "lastActiveAt")
        } == {
            "apiId": app.api_id,
            "stage": "dev",
            "accountId": "000000000000",
            "region": "us-east-1",
            "state": "open",
            "sourceIp": "127.0.0.1",
            "userAgent": "inspector-test/1",
            "subprotocol": "chat",  # what ws_app's $connect chose (?protocol=chat)
            "principalId": "user-allow",
            "authorizerContext": {
                "tenant": "acme",
                "admin": "true",
                "limit": "10",
                "ratio": "1.5",
                "nothing": None,
            },
            "apiKeyId": None,
            "query": "token=allow&protocol=chat",
            "framesIn": 0,
            "bytesIn": 0,
            "framesOut": 0,
            "bytesOut": 0,
        }
        assert connection["connectedAt"] <= connection["lastActiveAt"] <= time.time() * 1000
        ws.send('{"action": "mock"}')
        assert json.loads(ws.recv(timeout=20)) == {"mocked": "mock"}
        one = api_get(localstack, f"connections/{connection['connectionId']}").json()
        assert (one["framesIn"], one["bytesIn"], one["framesOut"], one["bytesOut"]) == (1, 18, 1, 18)
        assert one["lastActiveAt"] >= connection["lastActiveAt"]
    assert api_get(localstack, f"connections/{connection['connectionId']}").status_code == 410
    assert api_get(localstack, "connections", params={"bogus": "1"}).status_code == 400


def test_the_timeline_of_one_connection(localstack, app):
    with app.connect("token=allow", user_agent_header="timeline/1") as ws:
        connection_id = connection_of(localstack, app, "timeline/1")["connectionId"]
        ws.send('{"action": "mock"}')
        ws.recv(timeout=20)
        ws.send('{"action": "nothing"}')  # the $default route: the function echoes it
        ws.recv(timeout=20)
        client = management(localstack, app)
        client.post_to_connection(ConnectionId=connection_id, Data=b"pushed")
        assert ws.recv(timeout=20) == "pushed"
        client.get_connection(ConnectionId=connection_id)
        client.delete_connection(ConnectionId=connection_id)
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=20)
    timeline = wait_for_events(localstack, 7, connection=connection_id)
    assert [(e["type"], e.get("routeKey"), e["status"]) for e in timeline] == [
        ("CONNECT", "$connect", 101),
        ("MESSAGE", "mock", 200),
        ("MESSAGE", "$default", 200),
        ("POST", None, 200),
        ("GET", None, 200),
        ("DELETE", None, 204),
        ("DISCONNECT", "$disconnect", 200),
    ]
    seqs = [e["seq"] for e in timeline]
    assert seqs == sorted(seqs) and len(set(seqs)) == 7
    connect, mock, default, post, get, delete, disconnect = timeline
    assert (connect["integrationType"], connect["error"], connect["userAgent"], connect["request"]) == (
        "AWS_PROXY",
        False,
        "timeline/1",
        f"/_aws/execute-api/{app.api_id}/dev?token=allow",
    )
    assert (mock["integrationType"], mock["bytesIn"], mock["bytesOut"]) == ("MOCK", 18, 18)
    assert mock["payloadIn"] == {"text": '{"action": "mock"}', "binary": False, "truncated": False}
    assert mock["payloadOut"] == {"text": '{"mocked": "mock"}', "binary": False, "truncated": False}
    assert mock["latencyMs"] > 0 and default["integrationType"] == "AWS_PROXY"
    assert (post["via"], post["bytesOut"], post["payloadOut"]["text"]) == ("@connections", 6, "pushed")
    assert all(e["apiId"] == app.api_id and e["stage"] == "dev" for e in timeline)
    assert (disconnect["closeCode"], disconnect["closeReason"]) == (1000, "Connection Closed Normally")
    assert (disconnect["framesIn"], disconnect["framesOut"], disconnect["bytesOut"]) == (
        2,
        3,
        18 + default["bytesOut"] + 6,
    )
    assert get["error"] is False and delete["error"] is False


def test_recording_can_be_paused_and_resumed(localstack, app):
    recording = f"{base_url(localstack)}/api/recording"
    with app.connect("token=allow", user_agent_header="paused/1") as ws:
        connection_id = connection_of(localstack, app, "paused/1")["connectionId"]
        paused = requests.put(recording, json={"recording": False}, timeout=30)
        assert (paused.status_code, paused.json()["enabled"]) == (200, False)
        try:
            ws.send('{"action": "mock"}')
            ws.recv(timeout=20)
            time.sleep(0.5)
            assert [e["type"] for e in events(localstack, connection=connection_id)] == ["CONNECT"]
        finally:
            resumed = requests.put(recording, json={"recording": True}, timeout=30)
        assert (resumed.status_code, resumed.json()["enabled"]) == (200, True)
        ws.send('{"action": "mock"}')
        ws.recv(timeout=20)
        timeline = wait_for_events(localstack, 2, connection=connection_id)
        assert [(e["type"], e.get("routeKey")) for e in timeline] == [
            ("CONNECT", "$connect"),
            ("MESSAGE", "mock"),
        ]
    for body, status in (
        ({"recording": "no"}, 400),
        ({"recording": True, "x": 1}, 400),
        ([], 400),
    ):
        answer = requests.put(recording, json=body, timeout=30)
        assert (answer.status_code, set(answer.json())) == (status, {"message"}), body
    not_json = requests.put(recording, data="recording=false", timeout=30)
    assert (not_json.status_code, not_json.json()) == (
        415,
        {"message": 'Send {"recording": true} or {"recording": false} as application/json'},
    )
    broken = requests.put(recording, data="{", headers={"Content-Type": "application/json"}, timeout=30)
    assert (broken.status_code, broken.json()) == (400, {"message": "The body is not JSON"})
    assert api_get(localstack, "status").json()["enabled"] is True


def test_errors_denials_and_error_frames(localstack, app):
    with pytest.raises(InvalidStatus) as refused:
        app.connect("token=deny", user_agent_header="denied/1")
    assert refused.value.response.status_code == 403
    [denied] = [
        e
        for e in wait_for_events(localstack, 1, api=app.api_id, type="CONNECT", errors="true")
        if e["userAgent"] == "denied/1"
    ][-1:]
    assert (denied["status"], denied["errorType"], denied["errorMessage"], denied["routeKey"]) == (
        403,
        "AccessDenied",
        "Forbidden",
        "$connect",
    )
    with app.connect("token=allow", user_agent_header="failing/1") as ws:
        connection_id = connection_of(localstack, app, "failing/1")["connectionId"]
        ws.send('{"action": "fail"}')  # the function raises: an error frame
        frame = json.loads(ws.recv(timeout=20))
        assert frame["message"] == "Internal server error"
    [failed] = wait_for_events(localstack, 1, connection=connection_id, errors="true")
    assert (failed["type"], failed["status"], failed["errorType"]) == ("MESSAGE", 502, "IntegrationError")
    assert json.loads(failed["payloadOut"]["text"]) == frame


def test_send_and_disconnect_actions_go_through_connections(localstack, app):
    with app.connect("token=allow", user_agent_header="actions/1") as ws:
        connection_id = connection_of(localstack, app, "actions/1")["connectionId"]
        url = f"{base_url(localstack)}/api/connections/{connection_id}"
        sent = requests.post(f"{url}/messages", json={"data": "hello from the inspector"}, timeout=30)
        assert (sent.status_code, sent.json()) == (200, {"connectionId": connection_id, "bytes": 24})
        assert ws.recv(timeout=20) == "hello from the inspector"
        binary = requests.post(
            f"{url}/messages", json={"base64": base64.b64encode(b"\xff\x00").decode()}, timeout=30
        )
        assert binary.status_code == 200
        assert ws.recv(timeout=20) == b"\xff\x00"  # not UTF-8: a binary frame, as PostToConnection sends it
        too_big = requests.post(f"{url}/messages", json={"data": "a" * (128 * 1024 + 1)}, timeout=30)
        assert too_big.status_code == 413 and "exceeds the maximum message size" in too_big.json()["message"]
        for body, status in (
            ("not json", 415),
            ({"data": 1}, 400),
            ({"data": "a", "base64": "YQ=="}, 400),
            ({"base64": "%%"}, 400),
        ):
            kwargs = {"data": body} if isinstance(body, str) else {"json": body}
            answer = requests.post(f"{url}/messages", timeout=30, **kwargs)
            assert answer.status_code == status and set(answer.json()) == {"message"}, (body, answer.text)
        deleted = requests.delete(url, timeout=30)
        assert deleted.status_code == 204
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=20)
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1000, "Connection Closed Normally")
    # $disconnect ran exactly once, with DeleteConnection's close
    records = app.events(2, connection_id=connection_id)
    disconnects = [r for r in records if r["event"]["requestContext"]["eventType"] == "DISCONNECT"]
    assert len(disconnects) == 1 and disconnects[0]["event"]["requestContext"]["disconnectStatusCode"] == 1000
    assert app.no_more_events()
    gone = requests.post(f"{url}/messages", json={"data": "late"}, timeout=30)
    assert (gone.status_code, gone.json()) == (410, {"message": f"No open connection {connection_id}"})
    assert requests.delete(url, timeout=30).status_code == 410
    timeline = wait_for_events(localstack, 6, connection=connection_id)
    actions = [(e["type"], e["status"], e.get("via")) for e in timeline if e["type"] in ("POST", "DELETE")]
    assert actions == [
        ("POST", 200, "inspector"),
        ("POST", 200, "inspector"),
        ("POST", 413, "inspector"),
        ("DELETE", 204, "inspector"),
    ]


def test_nothing_changes_an_api(localstack, app):
    v2 = localstack.client("apigatewayv2")
    before = (
        v2.get_api(ApiId=app.api_id),
        v2.get_routes(ApiId=app.api_id)["Items"],
        v2.get_stages(ApiId=app.api_id)["Items"],
    )
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = requests.request(method, f"{base_url(localstack)}/api/apis", timeout=30)
        assert response.status_code == 405, method
    after = (
        v2.get_api(ApiId=app.api_id),
        v2.get_routes(ApiId=app.api_id)["Items"],
        v2.get_stages(ApiId=app.api_id)["Items"],
    )
    for document in (*before, *after):
        if isinstance(document, dict):
            document.pop("ResponseMetadata", None)
    assert before == after


def test_the_stream_delivers_live_events_filters_and_resumes(localstack, app):
    stream = StreamReader(localstack, api=app.api_id, type="MESSAGE")
    assert (stream.status_code, stream.content_type) == (200, "text/event-stream; charset=utf-8")
    try:
        with app.connect("token=allow") as ws:
            for n in range(3):
                ws.send(json.dumps({"action": "mock", "n": n}))
                ws.recv(timeout=20)
        items = stream.next_items(3)
        assert [json.loads(e["payloadIn"]["text"])["n"] for _, _, e in items] == [0, 1, 2]
        assert all(e["type"] == "MESSAGE" and e["apiId"] == app.api_id for _, _, e in items)
        assert [int(event_id) for _, event_id, _ in items] == [e["seq"] for _, _, e in items]
        first_seq = items[0][2]["seq"]
    finally:
        stream.close()
    # an EventSource reconnecting says where it was (Last-Event-ID); that wins over ?after
    resumed = StreamReader(
        localstack, headers={"Last-Event-ID": str(first_seq)}, api=app.api_id, type="MESSAGE", after="0"
    )
    try:
        assert [json.loads(e["payloadIn"]["text"])["n"] for e in resumed.next_events(2)] == [1, 2]
    finally:
        resumed.close()
    for params in ({"errors": "maybe"}, {"after": "-1"}, {"type": "PUT"}, {"wat": "1"}):
        assert StreamReader(localstack, **params).status_code == 400


def test_events_filters_and_bad_filters(localstack, app):
    with app.connect("token=allow", user_agent_header="filters/1") as ws:
        connection_id = connection_of(localstack, app, "filters/1")["connectionId"]
        ws.send('{"action": "mock"}')
        ws.recv(timeout=20)
    all_events = wait_for_events(localstack, 3, connection=connection_id)
    assert [e["type"] for e in all_events] == ["CONNECT", "MESSAGE", "DISCONNECT"]
    assert [e["type"] for e in events(localstack, connection=connection_id, route="mock")] == ["MESSAGE"]
    assert [e["type"] for e in events(localstack, connection=connection_id, type="connect,disconnect")] == [
        "CONNECT",
        "DISCONNECT",
    ]
    assert events(localstack, connection=connection_id, errors="true") == []
    assert events(localstack, connection=connection_id, stage="prod") == []
    assert [e["seq"] for e in events(localstack, connection=connection_id, after=all_events[0]["seq"])] == [
        e["seq"] for e in all_events[1:]
    ]
    assert [e["seq"] for e in events(localstack, connection=connection_id, limit=1)] == [
        all_events[-1]["seq"]
    ]
    for params, message in (
        ({"errors": "maybe"}, "errors must be true or false, not 'maybe'"),
        ({"after": "x"}, "after must be a non-negative integer, not 'x'"),
        ({"limit": "-2"}, "limit must be a non-negative integer, not '-2'"),
        (
            {"type": "PUT"},
            "unknown event type 'PUT': types are CONNECT, MESSAGE, DISCONNECT, POST, GET, DELETE",
        ),
        (
            {"conection": "typo"},
            "unknown parameter 'conection': filters are api, stage, connection, route, type, errors",
        ),
    ):
        response = api_get(localstack, "events", params=params)
        assert (response.status_code, response.json()) == (400, {"message": message}), params


def test_tail_prints_the_same_stream(localstack, app):
    command = [
        sys.executable,
        "-m",
        "localstack_ws_ext.inspect",
        "tail",
        "--endpoint",
        localstack.endpoint,
        "--api",
        app.api_id,
    ]
    follower = subprocess.Popen(
        [*command, "--history", "0", "--count", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # subscribed
    with app.connect("token=allow") as ws:
        ws.send('{"action": "mock"}')
        ws.recv(timeout=20)
    out, err = follower.communicate(timeout=60)
    assert follower.returncode == 0, err
    lines = out.splitlines()
    assert [line.split()[1] for line in lines] == ["CONNECT", "MESSAGE", "DISCONNECT"]
    assert (
        f"{app.api_id}/dev" in lines[1]
        and "route=mock" in lines[1]
        and "MOCK" in lines[1]
        and "status=200" in lines[1]
    )
    assert '< {"action": "mock"}' in lines[1] and '> {"mocked": "mock"}' in lines[1]
    history = subprocess.run(
        [*command, "--history", "2", "--no-follow", "--json"], capture_output=True, text=True, timeout=60
    )
    assert history.returncode == 0
    assert [json.loads(line)["type"] for line in history.stdout.splitlines()] == ["MESSAGE", "DISCONNECT"]
    bad = subprocess.run(
        [*command, "--type", "PUT", "--no-follow"], capture_output=True, text=True, timeout=60
    )
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "inspector: 400: unknown event type 'PUT': types are CONNECT, MESSAGE, DISCONNECT, POST, GET, DELETE",
    )


def test_ring_size_and_capture_off_settings(localstack):
    with running_localstack(WS_INSPECTOR_EVENTS="3", WS_INSPECTOR_PAYLOAD_BYTES="0") as bounded:
        from tests.websocket_apps import deploy_app_with_mock_route

        app = deploy_app_with_mock_route(bounded, "mock", '{"mocked": true}')
        with app.connect() as ws:
            for _ in range(4):
                ws.send('{"action": "mock"}')
                ws.recv(timeout=20)
        status = api_get(bounded, "status").json()
        assert (status["events"]["size"], status["payloadBytes"]) == (3, 0)
        deadline = time.monotonic() + 20
        while events(bounded)[-1]["type"] != "DISCONNECT" and time.monotonic() < deadline:
            time.sleep(0.1)
        found = events(bounded)
        # CONNECT, four MESSAGEs, DISCONNECT: the ring keeps the newest three
        assert [(e["seq"], e["type"]) for e in found] == [(4, "MESSAGE"), (5, "MESSAGE"), (6, "DISCONNECT")]
        for event in found:
            assert not {"payloadIn", "payloadOut", "request"} & set(event), event
        assert (found[0]["bytesIn"], found[0]["bytesOut"]) == (18, 16)


def test_off_switch(localstack):
    with running_localstack(WS_INSPECTOR="0") as off:
        for path in ("/", "/api/status", "/api/events", "/api/stream", "/static/app.js"):
            response = requests.get(f"{base_url(off)}{path}", timeout=30)
            assert response.status_code == 404, path
        # the state endpoints beside it are not the inspector's
        assert requests.post(f"{base_url(off)}/state/reset", timeout=30).status_code == 200
        from tests.websocket_apps import deploy_app_with_mock_route

        app = deploy_app_with_mock_route(off, "mock", '{"mocked": true}')
        with app.connect() as ws:
            ws.send('{"action": "mock"}')
            assert ws.recv(timeout=20) == '{"mocked": true}'
        assert "Traceback" not in off.log()
