def fail(n):
    raise ValueError("boom %s" % n)


def handler(event, context):
    fail(event["n"])
