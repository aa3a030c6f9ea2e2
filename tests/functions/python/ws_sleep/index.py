import json
import time


def handler(event, context):
    """Sleeps for the message's "seconds", or on $connect for the query string's ``sleep``."""
    query = event.get("queryStringParameters") or {}
    seconds = float(query.get("sleep", 0)) or json.loads(event.get("body") or "{}").get("seconds", 0)
    time.sleep(seconds)
    return {"statusCode": 200, "body": f"slept {seconds}"}
