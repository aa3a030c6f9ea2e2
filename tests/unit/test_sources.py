"""Where an event's values come from (execute_api.sources), pure logic: header and query lookups, both
spellings of a source, and the integration response's variables."""

import pytest

from localstack_ws_ext.execute_api.context import EndpointResponse
from localstack_ws_ext.execute_api.sources import (
    header,
    header_values,
    query_parameter,
    resolve,
    response_resolver,
)
from tests.unit.contexts import message_context
from tests.unit.test_events import connect_context

HEADERS = [("Auth", "a1"), ("X-Other", "o"), ("auth", "a2")]


def test_headers_match_in_any_casing_and_the_last_value_counts():
    assert header_values(HEADERS, "AUTH") == ["a1", "a2"]
    assert header(HEADERS, "auth") == "a2"
    assert header(HEADERS, "missing") is None
    assert header({"Content-Type": "text/plain"}.items(), "content-type") == "text/plain"


def test_query_parameters_match_exactly_and_the_last_value_counts():
    query = {"token": ["t1", "t2"], "empty": []}
    assert query_parameter(query, "token") == "t2"
    assert query_parameter(query, "Token") is None
    assert query_parameter(query, "empty") is None


@pytest.mark.parametrize(
    "source, expected",
    [
        ("route.request.header.auth", "a2"),
        ("request.header.AUTH", "a2"),  # the selection-expression spelling ($request.header.x-api-key)
        ("route.request.querystring.token", "t2"),
        ("route.request.querystring.Token", None),
        ("stageVariables.color", "blue"),
        ("stageVariables.size", None),
        ("context.routeKey", "$connect"),
        ("context.identity.sourceIp", "203.0.113.15"),
        ("context.identity.nothing", None),
        ("route.request.body.a", None),  # a handshake has no body
        ("somewhere.else", None),
    ],
)
def test_connect_sources(source, expected):
    context = connect_context(handshake_headers=HEADERS, query_string={"token": ["t1", "t2"]})
    context.route_key = "$connect"
    context.stage_variables = {"color": "blue"}
    assert resolve(context, source) == expected


@pytest.mark.parametrize(
    "message, source, expected",
    [
        ('{"a": {"b": [1, {"c": "x"}]}}', "request.body.a.b[1].c", "x"),
        ('{"a": {"b": [1, {"c": "x"}]}}', "route.request.body.a.b", [1, {"c": "x"}]),
        ('{"a": 1}', "request.body.missing", None),
        ("not json", "request.body.a", None),
        ('{"a": 1}', "route.request.header.Auth", None),  # messages carry no headers
        ('{"a": 1}', "route.request.querystring.token", None),
        ('{"a": 1}', "context.eventType", "MESSAGE"),
    ],
)
def test_message_sources(message, source, expected):
    context = message_context(message)
    context.connection.handshake_headers = HEADERS
    context.connection.query_string = {"token": ["t"]}
    assert resolve(context, source) == expected


def test_the_message_is_parsed_once_per_event():
    context = message_context('{"a": {"b": 1}}')
    assert context.message_is_json() and context.message_json() is context.message_json()
    not_json = message_context("{broken")
    assert (not_json.message_is_json(), not_json.message_json()) == (False, None)
    null = message_context("null")
    assert (null.message_is_json(), null.message_json()) == (True, None)


def test_integration_response_variables():
    context = message_context('{"action": "go"}')
    response = EndpointResponse(404, b'{"errorMessage": "gone"}', {"Content-Type": "application/json"})
    resolve_response = response_resolver(context, response)
    assert resolve_response("integration.response.statuscode") == "404"
    assert resolve_response("integration.response.header.content-type") == "application/json"
    assert resolve_response("integration.response.multivalueheader.CONTENT-TYPE") == "application/json"
    assert resolve_response("integration.response.body.errorMessage") is None  # templates do not read it
    assert (
        response_resolver(context, response, read_body=True)("integration.response.body.errorMessage")
        == "gone"
    )
    assert resolve_response("request.body.action") == "go"  # and the request's sources
    assert response_resolver(context, None)("integration.response.statuscode") is None
