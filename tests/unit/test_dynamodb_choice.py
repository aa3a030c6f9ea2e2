"""Which DynamoDB serves LocalStack: the decision with injected facts, and the bounded probe on loopback."""

import logging
import socket
import time

import pytest
from localstack import config

from localstack_ws_ext.offline import dynamodb_choice
from localstack_ws_ext.offline.dynamodb_choice import Target, moto_reason, unreachable_targets

UNREACHABLE = {"github.com:443": "(name not resolved)"}


class Facts:
    """Injected facts that remember whether the decision asked for them."""

    def __init__(self, missing: list[str], unreachable: dict[str, str]):
        self._missing, self._unreachable = missing, unreachable
        self.asked: list[str] = []

    def missing(self) -> list[str]:
        self.asked.append("missing")
        return self._missing

    def unreachable(self, parts) -> dict[str, str]:
        self.asked.append(f"probe {list(parts)}")
        return self._unreachable


def decide(override_set: bool, facts: Facts) -> str | None:
    return moto_reason(override_set=override_set, missing=facts.missing, unreachable=facts.unreachable)


def test_override_wins_without_looking_at_anything():
    facts = Facts(["Java 21", "DynamoDB Local"], UNREACHABLE)
    assert decide(True, facts) is None
    assert facts.asked == []


def test_dynamodb_local_installed_keeps_it_without_a_probe():
    facts = Facts([], UNREACHABLE)
    assert decide(False, facts) is None
    assert facts.asked == ["missing"]


def test_missing_parts_but_downloads_reachable_keeps_dynamodb_local():
    facts = Facts(["Java 21", "DynamoDB Local"], {})
    assert decide(False, facts) is None
    assert facts.asked == ["missing", "probe ['Java 21', 'DynamoDB Local']"]


def test_missing_parts_and_downloads_unreachable_chooses_moto_and_says_why():
    facts = Facts(["DynamoDB Local"], {"d1.cloudfront.net:443": "(name not resolved)", "proxy:3128": "(x)"})
    assert decide(False, facts) == (
        "DynamoDB Local not installed, downloads unreachable: d1.cloudfront.net:443 (name not resolved), proxy:3128 (x)"
    )
    assert decide(False, Facts(["Java 21", "DynamoDB Local"], UNREACHABLE)) == (
        "Java 21 and DynamoDB Local not installed, downloads unreachable: github.com:443 (name not resolved)"
    )


@pytest.fixture
def provider_config(monkeypatch):
    """LocalStack's provider configuration in this process, without a DynamoDB choice, restored afterwards."""
    monkeypatch.delitem(config.SERVICE_PROVIDER_CONFIG._provider_config, "dynamodb", raising=False)
    return config.SERVICE_PROVIDER_CONFIG


def test_choice_sets_moto_in_localstacks_provider_config_with_one_log_line(
    provider_config, monkeypatch, caplog
):
    monkeypatch.setattr(
        dynamodb_choice, "missing_dynamodb_local_parts", lambda: ["Java 21", "DynamoDB Local"]
    )
    monkeypatch.setattr(dynamodb_choice, "unreachable_targets", lambda targets, timeout: UNREACHABLE)
    with caplog.at_level(logging.INFO, logger=dynamodb_choice.__name__):
        reason = dynamodb_choice.choose_dynamodb_provider(environ={})
    assert provider_config.get_provider("dynamodb") == "moto"
    assert [r.getMessage() for r in caplog.records] == [
        "localstack-ws-ext: DynamoDB Local cannot run here (Java 21 and DynamoDB Local not installed, downloads "
        "unreachable: github.com:443 (name not resolved)): DynamoDB is served by moto (PROVIDER_OVERRIDE_DYNAMODB=moto)"
    ]
    assert reason.startswith("Java 21 and DynamoDB Local not installed")


@pytest.mark.parametrize("value", ["moto", "default", ""])
def test_choice_leaves_an_override_alone_whatever_its_value(provider_config, monkeypatch, caplog, value):
    monkeypatch.setattr(dynamodb_choice, "missing_dynamodb_local_parts", lambda: pytest.fail("looked"))
    with caplog.at_level(logging.DEBUG, logger=dynamodb_choice.__name__):
        assert dynamodb_choice.choose_dynamodb_provider(environ={"PROVIDER_OVERRIDE_DYNAMODB": value}) is None
    assert "dynamodb" not in list(provider_config)  # its keys: the services with a provider set
    assert caplog.records == []


def test_choice_leaves_a_provider_the_host_configured_alone(provider_config, monkeypatch):
    monkeypatch.setitem(provider_config._provider_config, "dynamodb", "pro")
    monkeypatch.setattr(dynamodb_choice, "missing_dynamodb_local_parts", lambda: pytest.fail("looked"))
    assert dynamodb_choice.choose_dynamodb_provider(environ={}) is None
    assert provider_config.get_provider("dynamodb") == "pro"


def test_choice_never_raises_and_keeps_the_default_when_a_check_fails(provider_config, monkeypatch, caplog):
    def broken():
        raise OSError("disk on fire")

    monkeypatch.setattr(dynamodb_choice, "missing_dynamodb_local_parts", broken)
    with caplog.at_level(logging.INFO, logger=dynamodb_choice.__name__):
        assert dynamodb_choice.choose_dynamodb_provider(environ={}) is None
    assert "dynamodb" not in list(provider_config)  # its keys: the services with a provider set
    assert caplog.records == []


def test_download_targets_are_localstacks_download_hosts_or_the_proxy(monkeypatch):
    for variable in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(config, "OUTBOUND_HTTPS_PROXY", "")
    assert dynamodb_choice.download_targets(["Java 21"]) == [Target("github.com", 443, tls=True)]
    assert dynamodb_choice.download_targets(["Java 21", "DynamoDB Local"]) == [
        Target("github.com", 443, tls=True),
        Target("d1ni2b6xgvw0s0.cloudfront.net", 443, tls=True),
        Target("repo1.maven.org", 443, tls=True),
    ]
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    assert dynamodb_choice.download_targets(["DynamoDB Local"]) == [Target("proxy.internal", 3128, tls=False)]
    monkeypatch.setattr(config, "OUTBOUND_HTTPS_PROXY", "outbound.internal:8080")
    assert dynamodb_choice.download_targets(["DynamoDB Local"]) == [
        Target("outbound.internal", 8080, tls=False)
    ]


# --- the probe, against sockets on 127.0.0.1 ------------------------------------------------------------------


@pytest.fixture
def listening_port():
    """A port that accepts TCP connections (the kernel completes them) and never says anything."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


@pytest.fixture
def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_probe_reaches_a_listening_port(listening_port):
    assert unreachable_targets([Target("127.0.0.1", listening_port, tls=False)], timeout=2) == {}


def test_probe_names_a_closed_port(closed_port, listening_port):
    targets = [Target("127.0.0.1", closed_port, tls=False), Target("127.0.0.1", listening_port, tls=False)]
    assert unreachable_targets(targets, timeout=2) == {f"127.0.0.1:{closed_port}": "(connection refused)"}


def test_probe_needs_a_tls_handshake_where_asked_and_ends_by_its_deadline(listening_port):
    """A network that accepts every connection but never answers TLS (a sandbox) is not reachable."""
    targets = [Target("127.0.0.1", listening_port, tls=True), Target("localhost", listening_port, tls=True)]
    started = time.monotonic()
    result = unreachable_targets(targets, timeout=0.5)
    elapsed = time.monotonic() - started
    assert result == {
        f"127.0.0.1:{listening_port}": "(no answer in 0.5 s)",
        f"localhost:{listening_port}": "(no answer in 0.5 s)",
    }
    assert 0.4 < elapsed < 1.5
