"""How a Lambda proxy answer is read (docs/aws-behaviour.md §2, §5), pure logic."""

import pytest

from localstack_ws_ext.execute_api.errors import IntegrationError
from localstack_ws_ext.execute_api.integrations.aws_proxy import parse_proxy_response


def test_status_body_and_headers():
    response = parse_proxy_response(
        b'{"statusCode": 401, "body": "no", "headers": {"Sec-WebSocket-Protocol": "chat"}}'
    )
    assert (response.status_code, response.body, response.headers) == (
        401,
        "no",
        {"Sec-WebSocket-Protocol": "chat"},
    )


def test_missing_status_takes_the_default():
    assert parse_proxy_response(b'{"body": "x"}').status_code == 200
    assert parse_proxy_response(b'{"body": "x"}', default_status=403).status_code == 403
    assert parse_proxy_response(b"null", default_status=500).status_code == 500


def test_non_object_answers_are_the_body():
    assert parse_proxy_response(b'"text"').body == '"text"'
    assert parse_proxy_response(b"not json").body == "not json"
    assert parse_proxy_response(b'{"body": {"a": 1}}').body == '{"a": 1}'


def test_invalid_status_is_an_integration_error():
    with pytest.raises(IntegrationError):
        parse_proxy_response(b'{"statusCode": "abc"}')
