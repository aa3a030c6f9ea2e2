"""Template and integration response selection for non-proxy integrations (pure logic)."""

from localstack_ws_ext.execute_api.mapping import (
    select_integration_response,
    select_template,
    selection_value,
)
from tests.unit.contexts import message_context


def test_template_selection_by_expression():
    templates = {"A": "a", "B": "b", "$default": "d"}
    context = message_context('{"value": "B"}')
    assert select_template(templates, "$request.body.value", context) == "b"
    assert select_template(templates, "$request.body.other", context) == "d"
    assert select_template({"A": "a"}, "$request.body.value", context) is None  # no match, no $default
    assert select_template(templates, "\\$default", context) == "d"
    assert select_template({"200": "ok"}, "200", context) == "ok"


def test_template_selection_without_expression():
    context = message_context("{}")
    assert select_template({"application/json": "j", "x": "y"}, None, context) == "j"
    assert select_template({"only": "o"}, None, context) == "o"
    assert select_template({"a": "1", "b": "2"}, None, context) is None
    assert select_template(None, None, context) is None


def test_integration_response_selection():
    responses = {
        "1": {"IntegrationResponseKey": "/2\\d\\d/"},
        "2": {"IntegrationResponseKey": "/5\\d\\d/"},
        "3": {"IntegrationResponseKey": "$default"},
    }
    assert select_integration_response(responses, "204")["IntegrationResponseKey"] == "/2\\d\\d/"
    assert select_integration_response(responses, "503")["IntegrationResponseKey"] == "/5\\d\\d/"
    assert select_integration_response(responses, "404")["IntegrationResponseKey"] == "$default"
    assert select_integration_response({"1": {"IntegrationResponseKey": "/2\\d\\d/"}}, "404") is None


def test_selection_value_defaults_to_the_status_code():
    context = message_context("{}")
    assert selection_value({}, context, 201) == "201"
    assert (
        selection_value(
            {"IntegrationResponseSelectionExpression": "${integration.response.statuscode}"}, context, 500
        )
        == "500"
    )
