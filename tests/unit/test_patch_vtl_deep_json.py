"""``$input.json`` / ``$input.path`` over a body nested deeper than Python's JSON handling goes take it as a body
that is not JSON (patches/vtl_deep_json.py), through next_gen's real template engine; other bodies render as
before; and what the patch relies on upstream."""

import inspect

import pytest

from localstack_ws_ext.patches import vtl_deep_json
from localstack_ws_ext.shim.templates import render_template

TOO_DEEP = "[" * 60_000 + "]" * 60_000  # RecursionError in json.loads


@pytest.fixture(scope="module", autouse=True)
def installed():
    vtl_deep_json.install()


def test_what_the_patch_relies_on_is_still_upstream():
    from localstack.services.apigateway.next_gen.execute_api import template_mapping

    source = inspect.getsource(template_mapping.VelocityInput._extract_json_path.__wrapped__)
    assert "json.loads(self.value)" in source and "except json.JSONDecodeError" in source
    assert "RecursionError" not in source
    source = inspect.getsource(template_mapping.VelocityInput.json)
    assert "self._extract_json_path(path)" in source and "json_safe" in source
    # without the patch, such a body fails the template
    with pytest.raises(RecursionError):
        template_mapping.VelocityInput._extract_json_path.__wrapped__(
            template_mapping.VelocityInput(TOO_DEEP, {}), "$"
        )


def test_a_body_too_deep_renders_as_a_body_that_is_not_json():
    template = '{"statusCode": 200, "all": $input.json("$"), "a": "$input.path("$.b")"}'
    assert render_template(template, {}, {}, TOO_DEEP) == render_template(template, {}, {}, "not json")
    assert render_template(template, {}, {}, TOO_DEEP) == '{"statusCode": 200, "all": "", "a": ""}'


def test_other_bodies_render_as_before():
    template = '$input.json("$.a") $input.path("$.a.b")'
    assert render_template(template, {}, {}, '{"a": {"b": 2}}') == '{"b": 2} 2'
    assert render_template(template, {}, {}, "not json") == '"" '
    nested = '{"a":' * 5_000 + "1" + "}" * 5_000  # deep, but within what Python's JSON handling goes
    assert render_template('$input.json("$")', {}, {}, nested) == nested.replace(":", ": ")
