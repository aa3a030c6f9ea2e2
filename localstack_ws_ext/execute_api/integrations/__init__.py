"""The integrations a WebSocket route can target, by IntegrationType."""

from .aws_proxy import AwsProxyIntegration

WEBSOCKET_INTEGRATIONS = {
    "AWS_PROXY": AwsProxyIntegration(),
}
