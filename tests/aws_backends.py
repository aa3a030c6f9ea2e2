"""LocalStack's own services as the backends of AWS integrations, and bounded ways to see what reached them.

Each backend is made so that what an integration sent can be read back exactly: SNS and EventBridge deliver to
an SQS queue, Step Functions keeps the execution's input, Kinesis keeps the record."""

import json
import time
import uuid

APIGATEWAY_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def apigateway_role(iam) -> str:
    """A role API Gateway may assume: the integration's CredentialsArn."""
    return iam.create_role(RoleName=unique("apigw"), AssumeRolePolicyDocument=json.dumps(APIGATEWAY_TRUST))[
        "Role"
    ]["Arn"]


def queue(sqs) -> tuple[str, str]:
    """A new queue: (url, arn)."""
    url = sqs.create_queue(QueueName=unique("ws-backend"))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def topic_to_queue(sns, sqs) -> tuple[str, str]:
    """A topic with an SQS subscription (SNS's JSON envelope as the message body): (topic arn, queue url)."""
    url, arn = queue(sqs)
    topic_arn = sns.create_topic(Name=unique("ws-topic"))["TopicArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn)
    return topic_arn, url


def rule_to_queue(events, sqs, source: str) -> str:
    """A rule on the default bus sending every event of ``source`` to a new queue; returns its url."""
    url, arn = queue(sqs)
    rule = unique("ws-rule")
    events.put_rule(Name=rule, EventPattern=json.dumps({"source": [source]}))
    events.put_targets(Rule=rule, Targets=[{"Id": "queue", "Arn": arn}])
    return url


def pass_state_machine(sfn) -> str:
    """A state machine of one Pass state (its output is its input); returns its arn."""
    definition = {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}}
    return sfn.create_state_machine(
        name=unique("ws-machine"),
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::000000000000:role/sfn-role",
    )["stateMachineArn"]


def stream(kinesis, timeout: float = 60) -> str:
    """An ACTIVE one-shard stream; returns its name."""
    name = unique("ws-stream")
    kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(
        StreamName=name, WaiterConfig={"Delay": 0.5, "MaxAttempts": int(timeout / 0.5)}
    )
    return name


def table(dynamodb) -> str:
    """An ACTIVE on-demand table keyed by ``connectionId`` and ``messageId``; returns its name."""
    name = unique("ws-table")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[
            {"AttributeName": "connectionId", "KeyType": "HASH"},
            {"AttributeName": "messageId", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "connectionId", "AttributeType": "S"},
            {"AttributeName": "messageId", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.5, "MaxAttempts": 60})
    return name


def receive(sqs, queue_url: str, count: int, match=lambda body: True, timeout: float = 20) -> list[dict]:
    """The next ``count`` message bodies (parsed JSON) for which ``match`` is true, deleted once read, as are
    the others (left over by another test); fails after ``timeout``."""
    bodies: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(bodies) < count and time.monotonic() < deadline:
        for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        ):
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            body = json.loads(message["Body"])
            if match(body):
                bodies.append(body)
    assert len(bodies) == count, f"expected {count} messages in {queue_url}, got {bodies}"
    return bodies


def finished_execution(sfn, execution_arn: str, timeout: float = 20) -> dict:
    """DescribeExecution once the execution is no longer RUNNING; fails after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        execution = sfn.describe_execution(executionArn=execution_arn)
        if execution["status"] != "RUNNING" or time.monotonic() > deadline:
            return execution
        time.sleep(0.2)


def records(
    kinesis, stream_name: str, count: int, match=lambda record: True, timeout: float = 20
) -> list[dict]:
    """The first ``count`` records of the stream's only shard for which ``match`` is true, in order; fails after
    ``timeout``."""
    shard_id = kinesis.list_shards(StreamName=stream_name)["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(
        StreamName=stream_name, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    found: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(found) < count and time.monotonic() < deadline:
        response = kinesis.get_records(ShardIterator=iterator, Limit=100)
        found += [record for record in response["Records"] if match(record)]
        iterator = response["NextShardIterator"]
        if len(found) < count:
            time.sleep(0.2)
    assert len(found) == count, f"expected {count} records in {stream_name}, got {found}"
    return found


def integration_routes(
    v2,
    api_id: str,
    integration: dict,
    responses: dict[str, str],
    two_way: tuple[str, ...] = (),
    one_way: tuple[str, ...] = (),
) -> str:
    """One ``AWS`` integration (``integration``: CreateIntegration members; ``responses``: integration response
    key -> response template) behind routes that answer (``two_way``) and routes that do not (``one_way``), so a
    one-way route differs from its two-way twin by the missing route response alone. Returns its id."""
    integration_id = v2.create_integration(
        ApiId=api_id, IntegrationType="AWS", TemplateSelectionExpression="\\$default", **integration
    )["IntegrationId"]
    for key, template in responses.items():
        v2.create_integration_response(
            ApiId=api_id,
            IntegrationId=integration_id,
            IntegrationResponseKey=key,
            ResponseTemplates={"$default": template},
        )
    for key in two_way:
        route_id = v2.create_route(
            ApiId=api_id,
            RouteKey=key,
            Target=f"integrations/{integration_id}",
            RouteResponseSelectionExpression="$default",
        )["RouteId"]
        v2.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")
    for key in one_way:
        v2.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration_id}")
    return integration_id
