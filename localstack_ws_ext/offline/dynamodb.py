"""DynamoDB without Java: ``PROVIDER_OVERRIDE_DYNAMODB=moto``.

LocalStack community serves DynamoDB with DynamoDB Local, which it downloads at first use together with a Java 21
runtime. Where those downloads are not possible (offline machines, CI without internet), every DynamoDB call
fails with 500. This provider answers DynamoDB from moto's in-process backend instead, which covers the item and
table operations WebSocket apps use (connection tables, ``PutItem`` from ``AWS`` integrations). DynamoDB Streams
and PartiQL fidelity are moto's.
"""

from localstack.aws.api.dynamodb import DynamodbApi
from localstack.services.plugins import ServiceLifecycleHook, aws_provider


class MotoDynamoDBProvider(DynamodbApi, ServiceLifecycleHook):
    """Declares no operation itself: the dispatcher sends every request to moto."""


@aws_provider(api="dynamodb", name="moto")
def dynamodb_moto():
    from localstack.services.moto import MotoFallbackDispatcher
    from localstack.services.plugins import Service

    provider = MotoDynamoDBProvider()
    return Service.for_provider(provider, dispatch_table_factory=MotoFallbackDispatcher)
