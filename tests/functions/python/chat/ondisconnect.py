"""simple-websockets-chat-app, ondisconnect: forgets the connection."""

import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    try:
        table.delete_item(Key={"connectionId": event["requestContext"]["connectionId"]})
    except Exception as e:
        return {"statusCode": 500, "body": f"Failed to disconnect: {e}"}
    return {"statusCode": 200, "body": "Disconnected."}
