"""The integrations a WebSocket route can target, by IntegrationType."""

from .aws import AwsIntegration
from .aws_proxy import AwsProxyIntegration
from .http import HttpIntegration
from .mock import MockIntegration

WEBSOCKET_INTEGRATIONS = {
    "AWS": AwsIntegration(),
    "AWS_PROXY": AwsProxyIntegration(),
    "HTTP": HttpIntegration(),
    "HTTP_PROXY": HttpIntegration(),
    "MOCK": MockIntegration(),
}
