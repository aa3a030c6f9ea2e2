import os


def handler(event, context):
    print("exiting")
    os._exit(3)
