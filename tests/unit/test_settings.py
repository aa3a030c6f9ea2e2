"""The settings object reads every variable once, falls back to defaults on bad values, and the README's
configuration table lists exactly these variables with these defaults (plus the LocalStack settings it names)."""

import logging
import re
from pathlib import Path

from localstack_ws_ext import aws_limits
from localstack_ws_ext.execute_api.endpoint import client_buffer_full_close
from localstack_ws_ext.execute_api.transport import CLIENT_BUFFER_FULL_REASON
from localstack_ws_ext.execute_api.transport.limits import ConnectionLimits
from localstack_ws_ext.settings import RUNTIME_OVERRIDE_PREFIX, VARIABLES, Settings, load

README = Path(__file__).parents[2] / "README.md"
# LocalStack's own settings the README's table explains, because `make run` or the extension relies on them
LOCALSTACK_VARIABLES = {
    "GATEWAY_LISTEN",
    "PROVIDER_OVERRIDE_APIGATEWAY",
    "LAMBDA_RUNTIME_EXECUTOR",
    "DISABLE_EVENTS",
    "PROVIDER_OVERRIDE_DYNAMODB",
}


def readme_table() -> dict[str, str]:
    """Variable -> default cell of the README's configuration table."""
    section = README.read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z0-9_<>]+)` \| ([^|]*) \|", section, re.M)
    return {name: default.strip() for name, default in rows}


def shown(default) -> str:
    if default is None:
        return "–"
    if isinstance(default, bool):
        return "`1`" if default else "`0`"
    if isinstance(default, float) and default.is_integer():
        default = int(default)
    return f"`{default}`"


def test_the_readme_lists_every_variable_with_its_default():
    table = readme_table()
    assert (
        set(table)
        == {v.name for v in VARIABLES} | {f"{RUNTIME_OVERRIDE_PREFIX}<RUNTIME>"} | LOCALSTACK_VARIABLES
    )
    for variable in VARIABLES:
        assert table[variable.name] == shown(variable.default), variable.name


def test_defaults_are_awss_limits_held_once():
    settings, problems = Settings.from_environ({})
    assert problems == []
    assert (settings.idle_timeout_seconds, settings.max_connection_seconds) == (600, 7200)
    assert (settings.max_frame_bytes, settings.max_message_bytes) == (32 * 1024, 128 * 1024)
    limits = ConnectionLimits()
    assert (limits.idle_timeout, limits.max_duration, limits.max_frame_bytes, limits.max_message_bytes) == (
        aws_limits.IDLE_TIMEOUT_SECONDS,
        aws_limits.MAX_CONNECTION_SECONDS,
        aws_limits.MAX_FRAME_BYTES,
        aws_limits.MAX_MESSAGE_BYTES,
    )


def test_values_are_parsed_and_runtime_interpreters_collected():
    settings, problems = Settings.from_environ(
        {
            "WS_IDLE_TIMEOUT_SECONDS": "2.5",
            "WS_AUTHORIZER_CACHE": "off",
            "WS_INTEGRATION_TIMEOUT_MESSAGE": " Timed out ",
            "LAMBDA_LOCAL_RUNTIME_NODEJS22_X": "/opt/node22/bin/node",
            "LAMBDA_LOCAL_RUNTIME_PYTHON3_12": "",
        }
    )
    assert problems == []
    assert (settings.idle_timeout_seconds, settings.authorizer_cache) == (2.5, False)
    assert settings.integration_timeout_message == "Timed out"
    assert settings.runtime_interpreter("nodejs22.x") == (
        "LAMBDA_LOCAL_RUNTIME_NODEJS22_X",
        "/opt/node22/bin/node",
    )
    assert settings.runtime_interpreter("python3.12") == ("LAMBDA_LOCAL_RUNTIME_PYTHON3_12", None)


def test_a_bad_value_takes_the_default_with_one_warning(caplog):
    with caplog.at_level(logging.WARNING):
        settings = load({"WS_MAX_FRAME_BYTES": "lots", "WS_WORKER_THREADS": "8"})
    try:
        assert (settings.max_frame_bytes, settings.worker_threads) == (32 * 1024, 8)
        assert [r.getMessage() for r in caplog.records] == [
            "localstack-ws-ext: WS_MAX_FRAME_BYTES='lots' is not a valid value: using 32768"
        ]
    finally:
        load()


def test_the_client_buffer_settings_reach_the_connection_limits():
    settings, problems = Settings.from_environ(
        {"WS_CLIENT_BUFFER_BYTES": "-1", "WS_CLIENT_BUFFER_FULL_CLOSE_CODE": "1006"}
    )
    assert (settings.client_buffer_bytes, settings.client_buffer_full_close_code) == (1024 * 1024, 1001)
    assert len(problems) == 2  # neither can be used: a negative size, a code no server may send
    settings, problems = Settings.from_environ(
        {"WS_CLIENT_BUFFER_BYTES": "4096", "WS_CLIENT_BUFFER_FULL_CLOSE_CODE": "1008"}
    )
    assert problems == []
    assert (
        settings.client_buffer_bytes,
        client_buffer_full_close(settings.client_buffer_full_close_code),
    ) == (
        4096,
        (1008, CLIENT_BUFFER_FULL_REASON),
    )
    assert client_buffer_full_close(1001) == (1001, "Going away")
    ConnectionLimits(max_unread_bytes=4096, client_buffer_full_close=(1008, CLIENT_BUFFER_FULL_REASON))
