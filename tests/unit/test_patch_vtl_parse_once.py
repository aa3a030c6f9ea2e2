"""Mapping templates parsed once inside ``parsing_once()`` (patches/vtl_parse_once.py), renders elsewhere as
before, and what the patch relies on upstream."""

import inspect
import re

import airspeed
import pytest

from localstack_ws_ext.patches import vtl_parse_once
from localstack_ws_ext.shim.templates import render_template


@pytest.fixture(scope="module", autouse=True)
def templating():
    vtl_parse_once.install()
    from localstack.utils.aws import templating

    return templating


def test_each_template_is_parsed_once_and_rendered_anew():
    template = '#set($n = $input.path("$.n"))#foreach($i in [1..$n])$context.connectionId:$i;#end'
    parsed_before = vtl_parse_once.parsed_template.cache_info()
    first = render_template(template, {"connectionId": "a="}, {}, '{"n": 2}')
    second = render_template(template, {"connectionId": "b="}, {}, '{"n": 3}')
    parsed_after = vtl_parse_once.parsed_template.cache_info()

    assert (first, second) == ("a=:1;a=:2;", "b=:1;b=:2;b=:3;")
    assert parsed_after.misses - parsed_before.misses == 1
    assert parsed_after.hits - parsed_before.hits == 1


def test_renders_outside_parsing_once_parse_as_before(templating):
    assert type(templating.airspeed.Template("$x")) is airspeed.Template
    assert templating.airspeed.Template("$x").root_element is None  # not parsed ahead, not cached
    with vtl_parse_once.parsing_once():
        assert templating.airspeed.Template("$x") is templating.airspeed.Template("$x")
        with vtl_parse_once.parsing_once():
            pass
        assert templating.airspeed.Template("$y") is templating.airspeed.Template("$y")  # still inside
    assert templating.airspeed.Template("$x") is not templating.airspeed.Template("$x")


def test_the_engine_is_patched_once(templating):
    patched = templating.airspeed
    assert patched._ws_ext_patched is True
    assert patched.operators is airspeed.operators  # the rest is airspeed itself
    vtl_parse_once.install()
    assert templating.airspeed is patched


def test_what_the_patch_relies_on_is_still_upstream(templating):
    from localstack.services.apigateway.next_gen.execute_api.template_mapping import ApiGatewayVtlTemplate

    # next_gen renders with the engine's render_vtl, which makes its template from the module's `airspeed`,
    # with the text alone, and only merges it
    assert issubclass(ApiGatewayVtlTemplate, templating.VtlTemplate)
    assert "render_vtl" not in vars(ApiGatewayVtlTemplate)
    source = inspect.getsource(templating.VtlTemplate.render_vtl)
    assert re.findall(r"(\w+) = airspeed\.Template\(([^)]*)\)", source) == [("t", "template")]
    assert re.findall(r"\bt\.(\w+)\(", source) == ["merge"]
    assert re.search(r"^import airspeed$", inspect.getsource(templating), re.M)
    # a parsed template keeps its parse across merges, and a merge writes only to its namespace
    template = airspeed.Template("#set($y = $x)$y")
    template.ensure_compiled()
    root = template.root_element
    assert (template.merge({"x": 1}), template.merge({"x": 2})) == ("1", "2")
    assert template.root_element is root
