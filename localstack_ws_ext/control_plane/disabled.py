"""What every apigatewayv2 operation answers while WebSocket APIs are disabled (PROVIDER_OVERRIDE_APIGATEWAY=legacy)."""

from localstack.aws.api import CommonServiceException

from ..extension import DISABLED_MESSAGE


class WebSocketApisDisabled(CommonServiceException):
    def __init__(self):
        super().__init__("NotImplemented", DISABLED_MESSAGE, status_code=501)


class DisabledDispatchTable(dict):
    """A dispatch table that has every operation, each answering WebSocketApisDisabled."""

    def __init__(self, provider):
        super().__init__()

    def __contains__(self, operation) -> bool:
        return True

    def __getitem__(self, operation):
        return _refuse


def _refuse(context, request):
    raise WebSocketApisDisabled()
