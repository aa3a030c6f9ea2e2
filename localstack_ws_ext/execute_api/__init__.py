"""The WebSocket data plane (execute-api): connections, routing and integrations of WebSocket APIs."""
