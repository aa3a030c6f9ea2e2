"""Integration response and response template selection over the integration's answer (pure logic)."""

import json

from localstack_ws_ext.execute_api.context import (
    EndpointResponse,
)
from localstack_ws_ext.execute_api.mapping import select_template, selection_value
from tests.unit.contexts import message_context

LAMBDA = {
    "IntegrationType": "AWS",
    "IntegrationUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:"
    "000000000000:function:f/invocations",
}
ERROR = json.dumps({"errorMessage": "item not found", "errorType": "KeyError"}).encode()


def test_lambda_integrations_select_by_error_message():
    context = message_context()
    assert selection_value(LAMBDA, context, EndpointResponse(200, ERROR)) == "item not found"
    assert selection_value(LAMBDA, context, EndpointResponse(200, b'{"ok": 1}')) == ""
    assert selection_value(LAMBDA, context, EndpointResponse(200, b"not json")) == ""
    # other AWS services, HTTP and MOCK select by status
    sqs = {"IntegrationType": "AWS", "IntegrationUri": "arn:aws:apigateway:us-east-1:sqs:path/000000000000/q"}
    assert selection_value(sqs, context, EndpointResponse(400, ERROR)) == "400"
    assert selection_value({"IntegrationType": "HTTP"}, context, EndpointResponse(201, ERROR)) == "201"
    # an explicit expression wins
    explicit = {**LAMBDA, "IntegrationResponseSelectionExpression": "$integration.response.statuscode"}
    assert selection_value(explicit, context, EndpointResponse(200, ERROR)) == "200"


def test_response_template_selection_reads_status_and_headers_not_the_body():
    context = message_context()
    response = EndpointResponse(200, ERROR, {"Content-Type": "application/json"})
    templates = {"200": "s", "application/json": "h", "item not found": "b", "$default": "d"}
    assert select_template(templates, "$integration.response.statuscode", context, response) == "s"
    assert select_template(templates, "${integration.response.header.content-type}", context, response) == "h"
    assert select_template(templates, "$integration.response.body.errorMessage", context, response) == "d"
