def handler(event, context):
    """A Lambda function behind an AWS (non-proxy) integration: fails with the message it is given."""
    if "fail" in event:
        raise RuntimeError(event["fail"])
    return {"echo": event}
