"""A Lambda REQUEST authorizer for WebSocket tests: records every event it gets in an SQS queue
(AUTH_EVENTS_QUEUE_URL) and answers what its token asks for (the Auth header, else the token query parameter):
allow-*, stage-wildcard, api-wildcard, rest-style, other-route, deny, key-<api key>, unauthorized, crash,
string, nested, big, no-policy, sleep."""

import json
import os
import time

import boto3

sqs = boto3.client("sqs")
CONTEXT = {"tenant": "acme", "admin": True, "limit": 10, "ratio": 1.5, "nothing": None}


def policy(effect, resource):
    return {
        "Version": "2012-10-17",
        "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
    }


def token_of(event):
    headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
    return headers.get("auth") or (event.get("queryStringParameters") or {}).get("token") or "allow"


def handler(event, context):
    token = token_of(event)
    sqs.send_message(
        QueueUrl=os.environ["AUTH_EVENTS_QUEUE_URL"],
        MessageBody=json.dumps({"event": event, "token": token, "runtime": "python"}),
    )
    method_arn = event["methodArn"]
    api_arn = method_arn.rsplit("/", 2)[0]  # arn:...:{apiId}
    stage_arn = method_arn.rsplit("/", 1)[0]  # arn:...:{apiId}/{stage}
    resources = {
        "stage-wildcard": stage_arn + "/*",
        "api-wildcard": api_arn + "/*",
        "rest-style": stage_arn + "/*/*",
        "other-route": stage_arn + "/$default",
    }
    if token == "unauthorized":
        raise Exception("Unauthorized")
    if token == "crash":
        raise RuntimeError("the authorizer crashed")
    if token == "string":
        return "allow"
    if token == "sleep":
        time.sleep(30)
    answer = {"principalId": "user-" + token, "policyDocument": policy("Allow", resources.get(token, method_arn))}
    if token == "deny":
        answer["policyDocument"] = policy("Deny", method_arn)
    if token == "no-policy":
        del answer["policyDocument"]
    answer["context"] = dict(CONTEXT)
    if token == "nested":
        answer["context"]["nested"] = {"a": 1}
    if token == "big":
        answer["context"]["big"] = "x" * 9000
    if token.startswith("key-"):
        answer["usageIdentifierKey"] = token.removeprefix("key-")
    return answer
