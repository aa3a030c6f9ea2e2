"""A request to apigatewayv2 or apigatewaymanagementapi that LocalStack's parser cannot read is answered with an AWS-shaped 4xx instead of 500 InternalError.

LocalStack parses a request against the service's model (``ServiceRequestParser``) before any provider sees it;
what it cannot parse raises a ``RequestParserError``, which its exception handler answers with ``500
InternalError`` ("exception while calling apigatewayv2 with unknown operation: ...") and logs with ``ERROR``:
an integer member that is not a number (``"TimeoutInMillis": "abc"``), a body that is not a JSON object, a path
no operation has (``GET /v2/apis//routes``, an empty id). AWS answers those requests as the client's error
(https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/): here, for the two services this extension
provides and for them only, a path no operation has is ``404 NotFoundException`` (apigatewayv2) or ``403
ForbiddenException`` (apigatewaymanagementapi, as API Gateway answers a path it has no route for), anything else
the parser refuses is ``400 BadRequestException`` with the parser's message; nothing is logged as an error.
Every other service's parser errors are answered as before.
"""

import functools
import logging
from types import ModuleType

from .after_import import after_import
from .replacing import replace

LOG = logging.getLogger(__name__)

VERSIONS = ("2026.3",)
MODULE = "localstack.aws.handlers.service"
SERVICES = ("apigatewayv2", "apigatewaymanagementapi")


def refusal(service: str, error: Exception):
    """The ServiceException a parser error of ``service`` is answered with."""
    from localstack.aws.api import CommonServiceException
    from localstack.aws.protocol.parser import OperationNotFoundParserError, UnknownParserError

    from ..api.apigatewaymanagementapi import ForbiddenException
    from ..api.apigatewayv2 import BadRequestException, NotFoundException

    message = str(error)
    if isinstance(error, UnknownParserError) and error.__cause__ is not None:
        cause = error.__cause__
        message = f"{message} ({type(cause).__name__}: {str(cause)[:200]})"
    if isinstance(error, OperationNotFoundParserError):
        return NotFoundException(message) if service == "apigatewayv2" else ForbiddenException("Forbidden")
    if service == "apigatewayv2":
        return BadRequestException(message)
    return CommonServiceException("BadRequestException", message, status_code=400, sender_fault=True)


@functools.lru_cache(maxsize=len(SERVICES))
def _operation_router(service_model):
    from localstack.aws.protocol.op_router import RestServiceOperationRouter

    return RestServiceOperationRouter(service_model)


def _operation(context):
    """The operation the request addresses, if its method and path name one (for the answer and the log)."""
    if context.operation is not None:
        return context.operation
    try:
        operation, _ = _operation_router(context.service).match(context.request)
        return operation
    except Exception:
        return None


def _patch(module: ModuleType) -> None:
    from localstack.aws.protocol.parser import RequestParserError
    from localstack.aws.protocol.serializer import create_serializer

    parser_class = module.ServiceRequestParser
    if not callable(getattr(parser_class, "parse_and_enrich", None)):
        raise AttributeError(f"{parser_class.__qualname__} has no parse_and_enrich")

    def answering_client_errors(original):
        def __call__(self, chain, context, response):
            try:
                return original(self, chain, context, response)
            except RequestParserError as error:
                service = context.service.service_name if context.service else None
                if service not in SERVICES:
                    raise
                LOG.debug("%s request not parsed: %s", service, error, exc_info=error)
                exception = refusal(service, error)
                operation = _operation(context)
                context.operation = operation
                context.service_exception = exception
                serializer = create_serializer(context.service, context.protocol)
                response.update_from(
                    serializer.serialize_error_to_response(
                        exception,
                        operation or context.service.operation_model(context.service.operation_names[0]),
                        context.request.headers,
                        context.request_id,
                    )
                )
                chain.stop()

        return __call__

    replace(parser_class, "__call__", answering_client_errors)


def install() -> None:
    after_import(MODULE, _patch)
