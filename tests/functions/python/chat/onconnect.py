"""AWS's simple-websockets-chat-app in Python, onconnect: remembers the connection in the table TABLE_NAME."""

import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    try:
        table.put_item(Item={"connectionId": event["requestContext"]["connectionId"]})
    except Exception as e:
        return {"statusCode": 500, "body": f"Failed to connect: {e}"}
    return {"statusCode": 200, "body": "Connected."}
