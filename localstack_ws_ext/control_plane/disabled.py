"""What every apigatewayv2 operation answers while WebSocket APIs are disabled (PROVIDER_OVERRIDE_APIGATEWAY=legacy)."""

from localstack.aws.api import CommonServiceException
from localstack.aws.spec import load_service

from ..extension import DISABLED_MESSAGE


class WebSocketApisDisabled(CommonServiceException):
    def __init__(self):
        super().__init__("NotImplemented", DISABLED_MESSAGE, status_code=501)


class DisabledDispatchTable(dict):
    """A dispatch table with every operation of the service, each answering WebSocketApisDisabled."""

    def __init__(self, provider):
        super().__init__((name, _refuse) for name in load_service(provider.service).operation_names)


def _refuse(context, request):
    raise WebSocketApisDisabled()
