"""Which headers an AWS integration sends a service, pure logic."""

from localstack_ws_ext.execute_api.integrations.aws import with_defaults

DEFAULTS = [("Accept", "application/json"), ("User-Agent", "AmazonAPIGateway_abc"), ("X-Amzn-Trace-Id", "t")]


def test_defaults_come_first_and_mapped_headers_follow():
    mapped = [("Content-Type", "application/x-www-form-urlencoded")]
    assert with_defaults(DEFAULTS, mapped) == DEFAULTS + mapped


def test_a_mapped_header_replaces_the_default_whatever_its_case():
    assert with_defaults(DEFAULTS, [("accept", "application/xml")]) == [
        ("User-Agent", "AmazonAPIGateway_abc"),
        ("X-Amzn-Trace-Id", "t"),
        ("accept", "application/xml"),
    ]
