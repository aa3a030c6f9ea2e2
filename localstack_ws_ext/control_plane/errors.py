"""AWS's apigatewayv2 errors, with AWS's messages where they are known (see the spec, section 9.5)."""

from ..api.apigatewayv2 import (
    BadRequestException,
    ConflictException,
    NotFoundException,
    TooManyRequestsException,
)


def not_found(resource_type: str, identifier: str) -> NotFoundException:
    error = NotFoundException(f"Invalid {resource_type} identifier specified {identifier}")
    error.ResourceType = resource_type
    return error


def bad_request(message: str) -> BadRequestException:
    return BadRequestException(message)


def conflict(message: str) -> ConflictException:
    return ConflictException(message)


def limit_exceeded(what: str, limit: int) -> TooManyRequestsException:
    error = TooManyRequestsException(f"Maximum number of {what} reached for this API: {limit}")
    error.LimitType = what
    return error
