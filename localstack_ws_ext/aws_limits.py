"""AWS API Gateway's limits for WebSocket APIs, once: the defaults of the connection limits and of the settings
(https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html)."""

IDLE_TIMEOUT_SECONDS = 600.0  # idle connection timeout: 10 minutes
MAX_CONNECTION_SECONDS = 7200.0  # connection duration: 2 hours
MAX_FRAME_BYTES = 32 * 1024  # WebSocket frame size: 32 KB
MAX_MESSAGE_BYTES = 128 * 1024  # message payload size: 128 KB
AUTHORIZER_MAX_RESULT_BYTES = 8 * 1024  # Lambda authorizer result size: 8 KB
