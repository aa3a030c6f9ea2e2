"""The integrations a WebSocket route can target, by IntegrationType."""

from .aws_proxy import AwsProxyIntegration
from .mock import MockIntegration

WEBSOCKET_INTEGRATIONS = {
    "AWS_PROXY": AwsProxyIntegration(),
    "MOCK": MockIntegration(),
}
