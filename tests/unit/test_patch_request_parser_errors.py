"""apigatewayv2 and apigatewaymanagementapi requests LocalStack's parser cannot read answer an AWS-shaped 4xx
(patches/request_parser_errors.py), through LocalStack's real parser, exception handlers and serializer; other
services' parser errors are answered as upstream does."""

import inspect
import json

import pytest
from localstack.aws import handlers
from localstack.aws.api import RequestContext
from localstack.aws.chain import HandlerChain
from localstack.aws.handlers import service
from localstack.aws.protocol.parser import ProtocolParserError, RequestParserError
from localstack.aws.spec import load_service
from localstack.http import Request, Response

from localstack_ws_ext.patches import request_parser_errors


@pytest.fixture(scope="module", autouse=True)
def installed():
    request_parser_errors.install()


def answer(service_name: str, method: str, path: str, body: dict | list | str | None = None):
    """What LocalStack's chain (parser, exception handlers) answers; the context it leaves."""
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else ""
    request = Request(method, path, body=data, headers={"Content-Type": "application/json"})
    context = RequestContext(request)
    context.service = load_service(service_name)
    context.protocol = context.service.protocol
    chain = HandlerChain(
        request_handlers=[handlers.parse_service_request],
        exception_handlers=[handlers.handle_service_exception],
    )
    response = Response()
    chain.handle(context, response)
    return response, context


def error_of(response: Response) -> tuple[int, str, str]:
    body = json.loads(response.data)
    return response.status_code, response.headers.get("x-amzn-errortype", ""), body.get("message", "")


def test_what_the_patch_relies_on_is_still_upstream():
    source = inspect.getsource(service.ServiceRequestParser.__call__.__wrapped__)
    assert "self.parse_and_enrich(context)" in source
    # upstream answers a parser error as an internal failure (500), whatever the service
    source = inspect.getsource(service.ServiceExceptionSerializer.create_exception_response)
    assert "not isinstance(exception, ServiceException)" in source and '"InternalError"' in source
    assert issubclass(ProtocolParserError, RequestParserError)


def test_a_member_of_the_wrong_type_is_a_bad_request():
    response, context = answer(
        "apigatewayv2",
        "POST",
        "/v2/apis/abc/integrations",
        {"integrationType": "MOCK", "timeoutInMillis": "abc"},
    )
    status, code, message = error_of(response)
    assert (status, code) == (400, "BadRequestException")
    assert "'abc' cannot be parsed to integer" in message
    assert context.operation.name == "CreateIntegration"  # named in LocalStack's request log


def test_a_body_that_is_no_object_is_a_bad_request():
    for body in (["a"], "{", '"text"', "1"):
        response, _ = answer("apigatewayv2", "POST", "/v2/apis", body)
        assert error_of(response)[:2] == (400, "BadRequestException"), body


def test_a_path_without_operation_is_not_found():
    response, context = answer("apigatewayv2", "GET", "/v2/apis//routes//x")
    status, code, message = error_of(response)
    assert (status, code) == (404, "NotFoundException")
    assert "/v2/apis//routes//x" in message
    assert context.operation is None


def test_a_management_path_without_operation_is_forbidden():
    response, _ = answer("apigatewaymanagementapi", "PUT", "/@connections/abc")
    assert error_of(response)[:2] == (403, "ForbiddenException")


def test_other_services_answer_as_upstream():
    response, _ = answer("apigateway", "POST", "/restapis", ["a"])
    assert response.status_code == 500
