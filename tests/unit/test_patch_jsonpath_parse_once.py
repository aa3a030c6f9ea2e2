"""JSONPath expressions of next_gen's mapping templates parsed once (patches/jsonpath_parse_once.py), and what the
patch relies on upstream."""

import inspect

import jsonpath_rw
import pytest

from localstack_ws_ext.patches import jsonpath_parse_once
from localstack_ws_ext.shim.templates import render_template


@pytest.fixture(scope="module", autouse=True)
def template_mapping():
    jsonpath_parse_once.install()
    from localstack.services.apigateway.next_gen.execute_api import template_mapping

    return template_mapping


def test_each_expression_is_parsed_once_and_finds_what_a_new_one_finds():
    template = '{"n": $input.json("$.n"), "name": "$input.path("$.who.name")", "all": $input.json("$.list")}'
    before = jsonpath_parse_once.parsed_expression.cache_info()
    first = render_template(template, {}, {}, '{"n": 1, "who": {"name": "a"}, "list": [1, 2]}')
    second = render_template(template, {}, {}, '{"n": 2, "who": {"name": "b"}, "list": []}')
    after = jsonpath_parse_once.parsed_expression.cache_info()

    assert (first, second) == (
        '{"n": 1, "name": "a", "all": [1, 2]}',
        '{"n": 2, "name": "b", "all": []}',
    )
    assert after.misses - before.misses <= 3  # three expressions, parsed at most once each
    assert after.hits - before.hits >= 3  # the second render parsed none


def test_the_module_is_patched_once(template_mapping):
    assert template_mapping.parse is jsonpath_parse_once.parse
    jsonpath_parse_once.install()
    assert template_mapping.parse is jsonpath_parse_once.parse
    assert jsonpath_parse_once.parse("$.a") is jsonpath_parse_once.parse("$.a")
    assert jsonpath_parse_once.parse("$.a") == jsonpath_rw.parse("$.a")


def test_what_the_patch_relies_on_is_still_upstream(template_mapping):
    # next_gen's templates find their JSONPath through the module's `parse`, with the path's text
    source = inspect.getsource(template_mapping.extract_jsonpath)
    assert "parse(path)" in source
    assert "extract_jsonpath" in inspect.getsource(template_mapping.VelocityInput._extract_json_path)
