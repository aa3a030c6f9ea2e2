from datetime import datetime
from enum import StrEnum
from typing import IO, TypedDict
from collections.abc import Iterable, Iterator

from localstack.aws.api import handler, RequestContext, ServiceException, ServiceRequest

_string = str


class ForbiddenException(ServiceException):
    code: str = "ForbiddenException"
    sender_fault: bool = False
    status_code: int = 403


class GoneException(ServiceException):
    code: str = "GoneException"
    sender_fault: bool = False
    status_code: int = 410


class PayloadTooLargeException(ServiceException):
    code: str = "PayloadTooLargeException"
    sender_fault: bool = False
    status_code: int = 413


class LimitExceededException(ServiceException):
    code: str = "LimitExceededException"
    sender_fault: bool = False
    status_code: int = 429


Data = bytes


class DeleteConnectionRequest(ServiceRequest):
    ConnectionId: _string


class GetConnectionRequest(ServiceRequest):
    ConnectionId: _string


_timestampIso8601 = datetime


class Identity(TypedDict, total=False):
    SourceIp: _string
    UserAgent: _string


class GetConnectionResponse(TypedDict, total=False):
    ConnectedAt: _timestampIso8601 | None
    Identity: Identity | None
    LastActiveAt: _timestampIso8601 | None


class PostToConnectionRequest(ServiceRequest):
    Data: IO[Data]
    ConnectionId: _string


class ApigatewaymanagementapiApi:
    service: str = "apigatewaymanagementapi"
    version: str = "2018-11-29"

    @handler("DeleteConnection")
    def delete_connection(self, context: RequestContext, connection_id: _string, **kwargs) -> None:
        raise NotImplementedError

    @handler("GetConnection")
    def get_connection(
        self, context: RequestContext, connection_id: _string, **kwargs
    ) -> GetConnectionResponse:
        raise NotImplementedError

    @handler("PostToConnection")
    def post_to_connection(
        self, context: RequestContext, connection_id: _string, data: IO[Data], **kwargs
    ) -> None:
        raise NotImplementedError
