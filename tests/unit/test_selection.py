"""Selection expressions (docs/aws-behaviour.md §3): parsing and evaluation, pure logic."""

import json

import pytest

from localstack_ws_ext import selection
from localstack_ws_ext.selection import InvalidSelectionExpression, Variable

MESSAGE = {
    "service": "chat",
    "action": "join",
    "data": {"room": "r1", "tags": ["a", "b"], "n": 3, "ok": True},
}


def route_key(expression: str, body=MESSAGE) -> str:
    def resolve(path: str):
        if path.startswith("request.body."):
            return selection.json_path_value(body, path.removeprefix("request.body."))
        return None

    return selection.evaluate(expression, resolve)


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("$request.body.action", "join"),
        ("${request.body.action}", "join"),
        ("${request.body.service}/${request.body.action}", "chat/join"),
        ("${request.body.action}-${request.body.invalidPath}", "join-"),
        ("$request.body.data.room", "r1"),
        ("action", "action"),
        ("\\$default", "$default"),
        ("$request.body.data.tags", "[a, b]"),
        ("$request.body.data.tags[1]", "b"),
        ("$request.body.data.n", "3"),
        ("$request.body.data.ok", "true"),
        ("$request.body.missing", ""),
    ],
)
def test_evaluation_matches_the_documented_table(expression, expected):
    assert route_key(expression) == expected


def test_parse_parts():
    assert selection.parse("${request.body.a}-x-$request.body.b") == [
        Variable("request.body.a"),
        "-x-",
        Variable("request.body.b"),
    ]
    assert selection.parse("\\$default") == ["$default"]
    assert selection.variables("$request.body.action") == ["request.body.action"]


@pytest.mark.parametrize("expression", ["${request.body.a", "$", "a $ b"])
def test_invalid_expressions(expression):
    with pytest.raises(InvalidSelectionExpression):
        selection.parse(expression)


def test_objects_are_stringified_like_api_gateway():
    assert selection.stringify({"a": 1, "b": "x"}) == "{a=1, b=x}"
    assert selection.stringify(json.loads("1.5")) == "1.5"
    assert selection.stringify(None) == ""
