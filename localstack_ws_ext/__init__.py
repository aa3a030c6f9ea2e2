"""localstack-ws-ext: AWS API Gateway WebSocket APIs for LocalStack community, on the next_gen engine."""

__version__ = "0.1.0"
