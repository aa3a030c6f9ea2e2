"""The apigatewayv2 provider's dispatch table: each operation's request is checked against the JSON types of the
service model before the provider sees it (``validation.request_types``), so that a member of the wrong type is
a BadRequestException and never reaches the provider's logic."""

from localstack.aws.api import RequestContext
from localstack.aws.api.core import ServiceRequestHandler
from localstack.aws.skeleton import DispatchTable, create_dispatch_table

from . import validation


def checked_dispatch_table(provider) -> DispatchTable:
    return {operation: _checked(handler) for operation, handler in create_dispatch_table(provider).items()}


def _checked(handler: ServiceRequestHandler) -> ServiceRequestHandler:
    def dispatch(context: RequestContext, request: dict):
        shape = context.operation.input_shape if context.operation is not None else None
        if shape is not None and request:
            validation.request_types(shape, request)
        return handler(context, request)

    return dispatch
