"""The events a ws_app function recorded (tests/websocket_apps.py), kept by connection: every record is read from
the queue once and kept here, so the events of many connections can be checked in any order."""

from __future__ import annotations

import json
import time
from collections import defaultdict


class EventLog:
    def __init__(self, app):
        self.app = app
        self.sqs = app.localstack.client("sqs")
        self.by_connection: dict[str, list[dict]] = defaultdict(list)
        self.connection_of_label: dict[str, str] = {}

    def pull(self, wait: int = 0) -> int:
        """One receive (10 records at most); returns how many were read."""
        messages = self.sqs.receive_message(
            QueueUrl=self.app.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait
        ).get("Messages", [])
        for message in messages:
            self.sqs.delete_message(QueueUrl=self.app.queue_url, ReceiptHandle=message["ReceiptHandle"])
            event = json.loads(message["Body"])["event"]
            context = event["requestContext"]
            self.by_connection[context["connectionId"]].append(event)
            label = (event.get("queryStringParameters") or {}).get("fuzz")
            if context["eventType"] == "CONNECT" and label:
                self.connection_of_label[label] = context["connectionId"]
        return len(messages)

    def drain(self) -> None:
        while self.pull():
            pass

    def wait_for(self, done, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                return False
            self.pull(wait=1)
        return True

    def settle(self, quiet: float = 2) -> None:
        """Reads until the queue has been quiet for ``quiet`` seconds (late, unexpected events included)."""
        while self.pull(wait=int(quiet)):
            pass

    def types(self, connection_id: str) -> list[str]:
        return [event["requestContext"]["eventType"] for event in self.by_connection.get(connection_id, [])]

    def disconnects(self, connection_id: str) -> list[dict]:
        return [
            event["requestContext"]
            for event in self.by_connection.get(connection_id, [])
            if event["requestContext"]["eventType"] == "DISCONNECT"
        ]
