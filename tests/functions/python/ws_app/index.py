"""A WebSocket app: records every event it gets in an SQS FIFO queue (EVENTS_QUEUE_URL; one message group, so
the events are read in the order they were recorded), and does what the message or the handshake asks, using
the management API the AWS way (endpoint from domainName and stage)."""

import json
import os

import boto3

sqs = boto3.client("sqs")


def management_client(event):
    context = event["requestContext"]
    return boto3.client(
        "apigatewaymanagementapi", endpoint_url="https://" + context["domainName"] + "/" + context["stage"]
    )


def record(event, context, **extra):
    sqs.send_message(
        QueueUrl=os.environ["EVENTS_QUEUE_URL"],
        MessageBody=json.dumps({"event": event, "function": context.function_name, **extra}),
        MessageGroupId="events",
        MessageDeduplicationId=context.aws_request_id,  # one record per invocation
    )


def handler(event, context):
    print("event:", json.dumps(event))
    print("context:", context.aws_request_id, context.function_name)
    route = event["requestContext"]["routeKey"]
    connection_id = event["requestContext"]["connectionId"]
    if route == "$connect":
        query = event.get("queryStringParameters") or {}
        extra = {}
        if "post_during_connect" in query:
            try:
                management_client(event).post_to_connection(ConnectionId=connection_id, Data=b"too early")
                extra["post_during_connect"] = "sent"
            except Exception as e:
                extra["post_during_connect"] = type(e).__name__
        record(event, context, **extra)
        if "fail" in query:
            raise RuntimeError("connect failed on purpose")
        response = {"statusCode": int(query.get("status", 200))}
        if "protocol" in query:
            response["headers"] = {"Sec-WebSocket-Protocol": query["protocol"]}
        return response
    record(event, context)
    if route == "$disconnect":
        return {"statusCode": 200}
    try:
        message = json.loads(event["body"])
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        message = {}
    action = message.get("action") if isinstance(message, dict) else None
    if action == "fail":
        raise ValueError("message failed on purpose")
    if action == "post":
        client = management_client(event)
        client.post_to_connection(ConnectionId=connection_id, Data=json.dumps({"pushed": message.get("data")}).encode())
        info = client.get_connection(ConnectionId=connection_id)
        return {"statusCode": 200, "body": json.dumps({"posted": True, "sourceIp": info["Identity"]["SourceIp"]})}
    if action == "delete":
        management_client(event).delete_connection(ConnectionId=connection_id)
        return {"statusCode": 200}
    return {"statusCode": 200, "body": json.dumps({"route": route, "echo": event.get("body")})}
