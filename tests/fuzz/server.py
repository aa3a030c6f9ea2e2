"""What every fuzz run asserts of LocalStack itself: it still runs and is healthy, and the part of its log written
during the run holds no traceback, no ERROR line and no 5xx answer."""

from __future__ import annotations

import re

# a LocalStack log line: "2026-11-28T23:40:53.215 ERROR --- [thread] logger : message"
TROUBLE = re.compile(
    r"^\S+\s+(ERROR|CRITICAL)\s.*$"
    r"|^.*Traceback \(most recent call last\).*$"
    r"|^.*Unhandled [Ee]rror.*$"
    r"|^.*=> 5\d\d\b.*$",
    re.MULTILINE,
)


class LogWatch:
    """The log of ``localstack`` from now on."""

    def __init__(self, localstack):
        self.localstack = localstack
        self.offset = len(localstack.log())

    def text(self) -> str:
        return self.localstack.log()[self.offset :]

    def trouble(self) -> list[str]:
        return [match.group(0) for match in TROUBLE.finditer(self.text())]

    def lines(self, pattern: str) -> list[str]:
        return re.findall(rf"^.*{pattern}.*$", self.text(), re.MULTILINE)


def assert_healthy(localstack, watch: LogWatch | None = None) -> None:
    """LocalStack still runs, answers its health check with its services, and (with ``watch``) its log shows no
    trouble since the watch began."""
    assert localstack.process.poll() is None, f"LocalStack exited: {localstack.log()[-3000:]}"
    health = localstack.health()
    assert health.get("services", {}).get("apigatewayv2") in ("available", "running"), health
    if watch is not None:
        trouble = watch.trouble()
        assert not trouble, "LocalStack's log shows trouble:\n" + "\n".join(trouble[:40])
