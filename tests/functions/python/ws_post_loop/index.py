"""`make bench`: the cost of one PostToConnection as a function makes it (boto3, a client cached per environment,
the AWS_ENDPOINT_URL form of the callback URL), apart from the message that would trigger it. Invoked directly
with {"apiId", "stage", "connectionId", "warmUp", "calls"}; answers the wall time and this process's CPU per call (ms)."""

import os
import time

import boto3

clients = {}


def handler(event, context):
    url = f"{os.environ['AWS_ENDPOINT_URL'].rstrip('/')}/_aws/execute-api/{event['apiId']}/{event['stage']}"
    client = clients.get(url) or clients.setdefault(
        url, boto3.client("apigatewaymanagementapi", endpoint_url=url)
    )
    for _ in range(event["warmUp"]):  # connection and SDK caches warm
        client.post_to_connection(ConnectionId=event["connectionId"], Data=b"warm")
    calls = event["calls"]
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        client.post_to_connection(ConnectionId=event["connectionId"], Data=b"push")
    return {
        "wall_ms": (time.perf_counter() - wall) * 1000 / calls,
        "cpu_ms": (time.process_time() - cpu) * 1000 / calls,
    }
