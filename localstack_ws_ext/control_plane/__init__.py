"""The apigatewayv2 control plane for WebSocket APIs."""
