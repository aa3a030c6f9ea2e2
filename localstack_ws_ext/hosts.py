"""The host of a WebSocket API as LocalStack serves it: ``ApiEndpoint`` and the events' ``domainName`` name it."""

from localstack import config


def execute_api_host(api_id: str) -> str:
    """``{apiId}.execute-api.localhost.localstack.cloud:4566`` (host and port follow ``LOCALSTACK_HOST``)."""
    return f"{api_id}.execute-api.{config.LOCALSTACK_HOST.host_and_port()}"
