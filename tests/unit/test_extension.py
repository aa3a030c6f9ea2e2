"""The extension's lifecycle steps run once per process, whoever calls them (pure logic)."""

import logging

from localstack_ws_ext import extension
from localstack_ws_ext.extension import WebSocketApiExtension


def test_each_lifecycle_step_runs_once_even_with_several_instances(caplog, monkeypatch):
    monkeypatch.setattr(extension._Once, "_done", set())
    with caplog.at_level(logging.INFO, logger="localstack_ws_ext.extension"):
        # e.g. a host that loads extensions itself plus our host-mode bootstrap hooks
        for instance in (WebSocketApiExtension(), WebSocketApiExtension()):
            instance.on_extension_load()
            instance.on_extension_load()
    assert [r.getMessage() for r in caplog.records].count(
        "localstack-ws-ext 0.1.0: WebSocket APIs enabled (API Gateway engine: next_gen)"
    ) == 1


def test_activation_rule(monkeypatch):
    from localstack import config

    monkeypatch.delitem(config.SERVICE_PROVIDER_CONFIG._provider_config, "apigateway", raising=False)
    assert extension.websocket_apis_enabled() is True  # unset: LocalStack's default engine, next_gen
    for value, enabled in [("next_gen", True), ("default", True), ("legacy", False)]:
        monkeypatch.setitem(config.SERVICE_PROVIDER_CONFIG._provider_config, "apigateway", value)
        assert extension.websocket_apis_enabled() is enabled
