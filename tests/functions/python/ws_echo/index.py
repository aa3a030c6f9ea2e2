import json


def handler(event, context):
    print(json.dumps(event))
    route = event["requestContext"]["routeKey"]
    if route == "$default":
        return {"statusCode": 200, "body": json.dumps({"echo": event.get("body"), "route": route})}
    return {"statusCode": 200}
