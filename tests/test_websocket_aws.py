"""AWS integrations (service actions and Lambda non-proxy) against LocalStack's own services."""

import dataclasses
import json
import re
import uuid

import pytest
from websockets.sync.client import connect

from tests import aws_backends as backends
from tests.lambdas import create_function
from tests.websocket_apps import add_route, new_api


@pytest.fixture(scope="module")
def aws_api(localstack):
    v2 = localstack.client("apigatewayv2")
    sqs = localstack.client("sqs")
    lambda_client = localstack.client("lambda")
    queue_name = f"ws-frames-{uuid.uuid4().hex[:6]}"
    queue_url = sqs.create_queue(QueueName=queue_name)["QueueUrl"]
    function = create_function(lambda_client, "python/ws_echo", "python3.12", "index.handler")
    function_arn = lambda_client.get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    api_id = new_api(v2, "aws")

    def route(key, response_template, **integration):
        add_route(
            v2,
            api_id,
            key,
            {"IntegrationType": "AWS", **integration},
            responses={"$default": response_template},
        )

    # the common SQS pattern: the frame as message body, the connection id as a message attribute
    route(
        "enqueue",
        '{"queued": true, "status": $context.status}',
        IntegrationUri=f"arn:aws:apigateway:us-east-1:sqs:path/000000000000/{queue_name}",
        RequestParameters={"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
        TemplateSelectionExpression="\\$default",
        PassthroughBehavior="NEVER",
        RequestTemplates={
            "$default": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
            "&MessageAttribute.1.Name=connectionId&MessageAttribute.1.Value.StringValue=$context.connectionId"
            "&MessageAttribute.1.Value.DataType=String"
        },
    )
    # Lambda without proxy: the request template is the payload, the response template shapes the answer
    route(
        "compute",
        "{\"fromLambda\": $input.json('$.body')}",
        IntegrationUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations",
        TemplateSelectionExpression="\\$default",
        RequestTemplates={"$default": '{"body": "computed $input.path(\'$.n\')"}'},
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev", queue_url


def test_sqs_action_receives_the_frame(localstack, aws_api):
    url, queue_url = aws_api
    frame = '{"action": "enqueue", "text": "hello & welcome"}'
    with connect(url, open_timeout=20) as ws:
        ws.send(frame)
        assert json.loads(ws.recv(timeout=20)) == {"queued": True, "status": 200}
    messages = localstack.client("sqs").receive_message(
        QueueUrl=queue_url, MessageAttributeNames=["All"], WaitTimeSeconds=5
    )["Messages"]
    assert [m["Body"] for m in messages] == [frame]
    assert re.fullmatch(
        r"[A-Za-z0-9_-]{15}=", messages[0]["MessageAttributes"]["connectionId"]["StringValue"]
    )


def test_lambda_non_proxy(aws_api):
    url, _ = aws_api
    with connect(url, open_timeout=20) as ws:
        ws.send('{"action": "compute", "n": 42}')
        assert json.loads(ws.recv(timeout=30)) == {"fromLambda": "computed 42"}


# --- SNS, EventBridge and Step Functions actions: two-way, one-way and the backend's errors -----------------

FORM = {"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"}
SNS_PUBLISH = (
    "TopicArn=$util.urlEncode('{topic}')&Message=$util.urlEncode($input.body)"
    "&MessageAttributes.entry.1.Name=connectionId&MessageAttributes.entry.1.Value.DataType=String"
    "&MessageAttributes.entry.1.Value.StringValue=$util.urlEncode($context.connectionId)"
)
SNS_PUBLISHED = """{"messageId": "$input.path('$.PublishResponse.PublishResult.MessageId')", \
"connectionId": "$context.connectionId"}"""
SNS_FAILED = """{"status": $context.status, "code": "$input.path('$.ErrorResponse.Error.Code')", \
"message": "$input.path('$.ErrorResponse.Error.Message')"}"""

# EventBridge, unlike Step Functions, Kinesis and DynamoDB, needs the target and content type mapped (as on AWS)
EVENTS_JSON = {
    "integration.request.header.X-Amz-Target": "'AWSEvents.PutEvents'",
    "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
}
PUT_EVENT = """{"Entries": [{"Source": "%s", "DetailType": "ws frame", "EventBusName": "default", \
"Detail": "%s"}]}"""
EVENT_PUT = (
    """{"eventId": "$input.path('$.Entries[0].EventId')", "failed": $input.path('$.FailedEntryCount')}"""
)
EVENT_FAILED = """{"failed": $input.path('$.FailedEntryCount'), "code": "$input.path('$.Entries[0].ErrorCode')", \
"message": "$input.path('$.Entries[0].ErrorMessage')"}"""

START_EXECUTION = """{"stateMachineArn": "%s", "input": "$util.escapeJavaScript($input.json('$.order'))"}"""
EXECUTION_STARTED = """{"executionArn": "$input.path('$.executionArn')"}"""
EXECUTION_FAILED = """{"status": $context.status, "message": "$input.path('$.message')"}"""

ERROR_FRAME = (
    r'\{"message": "Internal server error", "connectionId":"[A-Za-z0-9_=-]+", "requestId":"[A-Za-z0-9_=-]+"\}'
)


@dataclasses.dataclass
class ServiceApi:
    url: str
    topic_arn: str
    topic_queue: str
    event_source: str
    event_queue: str
    state_machine: str


@pytest.fixture(scope="module")
def service_api(localstack):
    """Routes to SNS Publish, EventBridge PutEvents and Step Functions StartExecution: ``<name>`` two-way,
    ``<name>.quietly`` one-way on the same integration, ``<name>.gone`` against a missing topic or state
    machine."""
    v2, sqs = localstack.client("apigatewayv2"), localstack.client("sqs")
    role = backends.apigateway_role(localstack.client("iam"))
    topic_arn, topic_queue = backends.topic_to_queue(localstack.client("sns"), sqs)
    event_source = backends.unique("ws.app")
    event_queue = backends.rule_to_queue(localstack.client("events"), sqs, event_source)
    state_machine = backends.pass_state_machine(localstack.client("stepfunctions"))
    api_id = new_api(v2, "aws-services")

    def integration(key, uri, responses, template, two_way=True, one_way=False, **members):
        backends.integration_routes(
            v2,
            api_id,
            {"IntegrationUri": uri, "RequestTemplates": {"$default": template}, **members},
            responses,
            two_way=(key,) if two_way else (),
            one_way=(f"{key}.quietly",) if one_way else (),
        )

    publish = "arn:aws:apigateway:us-east-1:sns:action/Publish"
    sns = {"RequestParameters": FORM, "PassthroughBehavior": "NEVER"}
    integration(
        "publish",
        publish,
        {"$default": SNS_PUBLISHED},
        SNS_PUBLISH.format(topic=topic_arn),
        one_way=True,
        CredentialsArn=role,
        **sns,
    )
    integration(
        "publish.gone",
        publish,
        {"/2\\d\\d/": '{"published": true}', "/4\\d\\d/": SNS_FAILED},
        SNS_PUBLISH.format(topic=topic_arn + "-gone"),
        one_way=True,
        **sns,
    )

    put_events = "arn:aws:apigateway:us-east-1:events:action/PutEvents"
    integration(
        "event",
        put_events,
        {"$default": EVENT_PUT},
        PUT_EVENT % (event_source, "$util.escapeJavaScript($input.body)"),
        one_way=True,
        RequestParameters=EVENTS_JSON,
    )
    # a Detail that is not a JSON object: PutEvents answers 200 and reports the entry as failed
    integration(
        "event.malformed",
        put_events,
        {"/2\\d\\d/": EVENT_FAILED},
        PUT_EVENT % (event_source, "$input.path('$.text')"),
        RequestParameters=EVENTS_JSON,
    )

    start = "arn:aws:apigateway:us-east-1:states:action/StartExecution"
    integration(
        "start",
        start,
        {"$default": EXECUTION_STARTED},
        START_EXECUTION % state_machine,
        one_way=True,
        CredentialsArn=role,
    )
    integration(
        "start.gone",
        start,
        {"/2\\d\\d/": '{"started": true}', "/4\\d\\d/": EXECUTION_FAILED},
        START_EXECUTION % (state_machine + "-gone"),
    )
    # only a success response: AWS logs "No match for output mapping and no default output mapping" for the 400
    integration(
        "start.unmapped",
        start,
        {"/2\\d\\d/": '{"started": true}'},
        START_EXECUTION % (state_machine + "-gone"),
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return ServiceApi(
        f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev",
        topic_arn,
        topic_queue,
        event_source,
        event_queue,
        state_machine,
    )


def reply_after_quiet(ws, quiet_frame: str, loud_frame: str) -> str:
    """Sends a frame to a one-way route, then one to a two-way route: events of a connection run in order, so the
    first frame back is the two-way answer, and nothing follows it."""
    ws.send(quiet_frame)
    ws.send(loud_frame)
    reply = ws.recv(timeout=30)
    with pytest.raises(TimeoutError):
        ws.recv(timeout=1)
    return reply


def test_sns_publish_two_way_and_one_way(localstack, service_api):
    marker = uuid.uuid4().hex
    quiet = f'{{"action": "publish.quietly", "text": "one-way {marker}"}}'
    loud = f'{{"action": "publish", "text": "two-way {marker} & \\"quoted\\" = ok"}}'
    with connect(service_api.url, open_timeout=20) as ws:
        reply = json.loads(reply_after_quiet(ws, quiet, loud))
    assert set(reply) == {"messageId", "connectionId"}
    assert re.fullmatch(r"[A-Za-z0-9_-]{15}=", reply["connectionId"])
    notifications = backends.receive(
        localstack.client("sqs"), service_api.topic_queue, 2, lambda n: marker in n["Message"]
    )
    by_message = {n["Message"]: n for n in notifications}
    assert set(by_message) == {quiet, loud}
    assert by_message[loud]["MessageId"] == reply["messageId"]
    for notification in notifications:
        assert notification["Type"] == "Notification"
        assert notification["TopicArn"] == service_api.topic_arn
        assert notification["MessageAttributes"] == {
            "connectionId": {"Type": "String", "Value": reply["connectionId"]}
        }


def test_sns_error_status_selects_the_integration_response(service_api):
    with connect(service_api.url, open_timeout=20) as ws:
        ws.send('{"action": "publish.gone"}')
        assert json.loads(ws.recv(timeout=30)) == {
            "status": 404,
            "code": "NotFound",
            "message": "Topic does not exist",
        }
        # the same failure on a one-way route answers nothing; the connection stays open
        reply = reply_after_quiet(
            ws, '{"action": "publish.gone.quietly"}', '{"action": "publish", "text": "ok"}'
        )
        assert json.loads(reply).keys() == {"messageId", "connectionId"}


def test_eventbridge_put_events_two_way_and_one_way(localstack, service_api):
    marker = uuid.uuid4().hex
    quiet = {"action": "event.quietly", "n": 1, "marker": marker}
    loud = {"action": "event", "n": 2, "marker": marker, "text": 'a "quoted" word'}
    with connect(service_api.url, open_timeout=20) as ws:
        reply = json.loads(reply_after_quiet(ws, json.dumps(quiet), json.dumps(loud)))
    assert reply.keys() == {"eventId", "failed"} and reply["failed"] == 0
    events = sorted(
        backends.receive(
            localstack.client("sqs"), service_api.event_queue, 2, lambda e: e["detail"]["marker"] == marker
        ),
        key=lambda e: e["detail"]["n"],
    )
    assert [e["detail"] for e in events] == [quiet, loud]
    assert events[1]["id"] == reply["eventId"]
    for event in events:
        assert (event["source"], event["detail-type"], event["account"], event["region"]) == (
            service_api.event_source,
            "ws frame",
            "000000000000",
            "us-east-1",
        )


def test_eventbridge_failed_entry_is_a_200_answer(service_api):
    with connect(service_api.url, open_timeout=20) as ws:
        ws.send('{"action": "event.malformed", "text": "not a JSON object"}')
        assert json.loads(ws.recv(timeout=30)) == {
            "failed": 1,
            "code": "MalformedDetail",
            "message": "Detail is malformed.",
        }


def test_step_functions_start_execution_two_way_and_one_way(localstack, service_api):
    sfn = localstack.client("stepfunctions")
    marker = uuid.uuid4().hex
    quiet = {"action": "start.quietly", "order": {"id": marker, "note": "one-way"}}
    loud = {"action": "start", "order": {"id": marker, "note": 'two-way, "quoted"', "items": [1, 2]}}
    with connect(service_api.url, open_timeout=20) as ws:
        reply = json.loads(reply_after_quiet(ws, json.dumps(quiet), json.dumps(loud)))
    machine_name = service_api.state_machine.rsplit(":", 1)[1]
    assert reply.keys() == {"executionArn"}
    assert reply["executionArn"].startswith(
        f"arn:aws:states:us-east-1:000000000000:execution:{machine_name}:"
    )
    execution = backends.finished_execution(sfn, reply["executionArn"])
    assert execution["status"] == "SUCCEEDED"
    assert json.loads(execution["input"]) == loud["order"]
    assert json.loads(execution["output"]) == loud["order"]
    inputs = [
        json.loads(sfn.describe_execution(executionArn=e["executionArn"])["input"])
        for e in sfn.list_executions(stateMachineArn=service_api.state_machine)["executions"]
    ]
    assert sorted((i for i in inputs if i.get("id") == marker), key=len) == [quiet["order"], loud["order"]]


def test_step_functions_error_status_selects_the_integration_response(service_api):
    with connect(service_api.url, open_timeout=20) as ws:
        ws.send('{"action": "start.gone", "order": {}}')
        assert json.loads(ws.recv(timeout=30)) == {
            "status": 400,
            "message": f"State Machine Does Not Exist: '{service_api.state_machine}-gone'",
        }
        ws.send('{"action": "start", "order": {"id": 3}}')
        assert json.loads(ws.recv(timeout=30)).keys() == {"executionArn"}


def test_no_matching_integration_response_is_an_error_frame(service_api):
    with connect(service_api.url, open_timeout=20) as ws:
        ws.send('{"action": "start.unmapped", "order": {}}')
        assert re.fullmatch(ERROR_FRAME, ws.recv(timeout=30))
        ws.send('{"action": "start", "order": {"id": 4}}')
        assert json.loads(ws.recv(timeout=30)).keys() == {"executionArn"}


# --- Kinesis PutRecord (LocalStack's kinesis-mock, which LocalStack installs from npm on first use) ----------

PUT_RECORD = """{"StreamName": "%s", "Data": "$util.base64Encode($input.body)", \
"PartitionKey": "$context.connectionId"}"""
RECORD_PUT = """{"shardId": "$input.path('$.ShardId')", "sequenceNumber": "$input.path('$.SequenceNumber')", \
"connectionId": "$context.connectionId"}"""
RECORD_FAILED = """{"status": $context.status, "type": "$input.path('$.__type')"}"""


@pytest.fixture(scope="module")
def kinesis_api(localstack):
    """``put`` two-way and ``put.quietly`` one-way to a stream, ``put.gone`` to a stream that does not exist."""
    v2 = localstack.client("apigatewayv2")
    stream_name = backends.stream(localstack.client("kinesis"))
    api_id = new_api(v2, "aws-kinesis")
    uri = "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord"
    backends.integration_routes(
        v2,
        api_id,
        {"IntegrationUri": uri, "RequestTemplates": {"$default": PUT_RECORD % stream_name}},
        {"$default": RECORD_PUT},
        two_way=("put",),
        one_way=("put.quietly",),
    )
    backends.integration_routes(
        v2,
        api_id,
        {"IntegrationUri": uri, "RequestTemplates": {"$default": PUT_RECORD % (stream_name + "-gone")}},
        {"/2\\d\\d/": '{"put": true}', "/4\\d\\d/": RECORD_FAILED},
        two_way=("put.gone",),
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev", stream_name


def test_kinesis_put_record_two_way_and_one_way(localstack, kinesis_api):
    url, stream_name = kinesis_api
    marker = uuid.uuid4().hex
    quiet = f'{{"action": "put.quietly", "text": "one-way {marker}"}}'
    loud = f'{{"action": "put", "text": "two-way {marker} \\"quoted\\" caf\u00e9"}}'
    with connect(url, open_timeout=20) as ws:
        reply = json.loads(reply_after_quiet(ws, quiet, loud))
    assert reply.keys() == {"shardId", "sequenceNumber", "connectionId"}
    assert reply["shardId"] == "shardId-000000000000"
    records = backends.records(
        localstack.client("kinesis"), stream_name, 2, lambda r: marker.encode() in r["Data"]
    )
    assert [r["Data"] for r in records] == [quiet.encode(), loud.encode()]
    assert [r["PartitionKey"] for r in records] == [reply["connectionId"]] * 2
    assert records[1]["SequenceNumber"] == reply["sequenceNumber"]


def test_kinesis_error_status_selects_the_integration_response(kinesis_api):
    url, _ = kinesis_api
    with connect(url, open_timeout=20) as ws:
        ws.send('{"action": "put.gone"}')
        assert json.loads(ws.recv(timeout=30)) == {"status": 400, "type": "ResourceNotFoundException"}
        ws.send('{"action": "put", "text": "still open"}')
        assert json.loads(ws.recv(timeout=30)).keys() == {"shardId", "sequenceNumber", "connectionId"}


# --- DynamoDB PutItem (LocalStack's DynamoDB; here on moto: PROVIDER_OVERRIDE_DYNAMODB=moto) ------------------

PUT_ITEM = """{"TableName": "%s", "Item": {"connectionId": {"S": "$context.connectionId"}, \
"messageId": {"S": "$context.messageId"}, "text": {"S": "$util.escapeJavaScript($input.path('$.text'))"}, \
"routeKey": {"S": "$context.routeKey"}}}"""
ITEM_PUT = """{"stored": "$context.messageId", "status": $context.status}"""
ITEM_FAILED = """{"status": $context.status, "type": "$input.path('$.__type')"}"""


@pytest.fixture(scope="module")
def dynamodb_api(localstack):
    """``save`` two-way and ``save.quietly`` one-way into a table, ``save.gone`` into a table that does not exist."""
    v2 = localstack.client("apigatewayv2")
    table_name = backends.table(localstack.client("dynamodb"))
    api_id = new_api(v2, "aws-dynamodb")
    uri = "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem"
    role = backends.apigateway_role(localstack.client("iam"))
    backends.integration_routes(
        v2,
        api_id,
        {
            "IntegrationUri": uri,
            "CredentialsArn": role,
            "RequestTemplates": {"$default": PUT_ITEM % table_name},
        },
        {"$default": ITEM_PUT},
        two_way=("save",),
        one_way=("save.quietly",),
    )
    backends.integration_routes(
        v2,
        api_id,
        {"IntegrationUri": uri, "RequestTemplates": {"$default": PUT_ITEM % (table_name + "-gone")}},
        {"/2\\d\\d/": '{"saved": true}', "/4\\d\\d/": ITEM_FAILED},
        two_way=("save.gone",),
    )
    v2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    return f"ws://127.0.0.1:{localstack.port}/_aws/execute-api/{api_id}/dev", table_name


def test_dynamodb_put_item_two_way_and_one_way(localstack, dynamodb_api):
    url, table_name = dynamodb_api
    marker = uuid.uuid4().hex
    quiet = f'{{"action": "save.quietly", "text": "one-way {marker}"}}'
    loud = f'{{"action": "save", "text": "two-way {marker} \\"quoted\\""}}'
    with connect(url, open_timeout=20) as ws:
        reply = json.loads(reply_after_quiet(ws, quiet, loud))
    assert reply.keys() == {"stored", "status"} and reply["status"] == 200
    items = localstack.client("dynamodb").scan(TableName=table_name)["Items"]
    mine = sorted(
        (item for item in items if marker in item["text"]["S"]), key=lambda item: item["routeKey"]["S"]
    )
    assert [(item["routeKey"]["S"], item["text"]["S"]) for item in mine] == [
        ("save", f'two-way {marker} "quoted"'),
        ("save.quietly", f"one-way {marker}"),
    ]
    assert mine[0]["messageId"]["S"] == reply["stored"]
    assert mine[0]["connectionId"]["S"] == mine[1]["connectionId"]["S"]


def test_dynamodb_error_status_selects_the_integration_response(dynamodb_api):
    url, _ = dynamodb_api
    with connect(url, open_timeout=20) as ws:
        ws.send('{"action": "save.gone", "text": "x"}')
        assert json.loads(ws.recv(timeout=30)) == {"status": 400, "type": "ResourceNotFoundException"}
        ws.send('{"action": "save", "text": "still open"}')
        assert json.loads(ws.recv(timeout=30)).keys() == {"stored", "status"}
