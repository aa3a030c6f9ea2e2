"""simple-websockets-chat-app, sendmessage: posts the message's "data" to every connection in the table, the AWS
way (endpoint from domainName and stage), and deletes the ids that are gone (410)."""

import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    try:
        connections = table.scan(ProjectionExpression="connectionId")["Items"]
    except Exception as e:
        return {"statusCode": 500, "body": str(e)}

    request = event["requestContext"]
    api = boto3.client(
        "apigatewaymanagementapi", endpoint_url="https://" + request["domainName"] + "/" + request["stage"]
    )
    data = json.loads(event["body"])["data"]

    for connection in connections:
        connection_id = connection["connectionId"]
        try:
            api.post_to_connection(ConnectionId=connection_id, Data=data.encode())
        except api.exceptions.GoneException:
            print(f"Found stale connection, deleting {connection_id}")
            table.delete_item(Key={"connectionId": connection_id})
        except Exception as e:
            return {"statusCode": 500, "body": str(e)}
    return {"statusCode": 200, "body": "Data sent."}
