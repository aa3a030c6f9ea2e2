import os
import time


def handler(event, context):
    print("sleeping", event["seconds"])
    time.sleep(event["seconds"])
    return {"slept": event["seconds"], "pid": os.getpid()}
