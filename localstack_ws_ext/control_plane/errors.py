"""AWS's apigatewayv2 errors (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/), with AWS's
messages where they are known."""

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


def api_not_found(account_id: str, api_id: str) -> NotFoundException:
    """An API is named by account and id in AWS's message, and its ResourceType is "Api"."""
    error = not_found("API", f"{account_id}:{api_id}")
    error.ResourceType = "Api"
    return error


def bad_request(message: str) -> BadRequestException:
    return BadRequestException(message)


def conflict(message: str) -> ConflictException:
    return ConflictException(message)


def limit_exceeded(what: str, limit: int) -> TooManyRequestsException:
    error = TooManyRequestsException(f"Maximum number of {what} reached for this API: {limit}")
    error.LimitType = what
    return error
