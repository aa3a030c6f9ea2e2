import os
import time


def handler(event, context):
    print("sleeping", event["seconds"])
    held = b"x" * (event.get("hold_mb", 0) * 1024 * 1024)  # resident while it sleeps: "Max Memory Used"
    time.sleep(event["seconds"])
    return {"slept": event["seconds"], "pid": os.getpid(), "held": len(held)}
