"""Which headers an AWS integration sends a service (shim/http_integration.aws_request_headers)."""

from localstack_ws_ext.shim.http_integration import aws_request_headers


def test_next_gen_defaults_fill_in_what_is_not_mapped():
    headers = aws_request_headers(
        [("Content-Type", "application/x-www-form-urlencoded")], "abc", "Root=1-a-b"
    )
    assert dict(headers) == {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "Connection": "keep-alive",
        "User-Agent": "AmazonAPIGateway_abc",
        "X-Amzn-Trace-Id": "Root=1-a-b",
    }


def test_a_mapped_header_replaces_the_default_whatever_its_case():
    headers = aws_request_headers([("accept", "application/xml")], "abc", "t")
    assert headers.getlist("Accept") == ["application/xml"]
