"""The @connections management API (apigatewaymanagementapi)."""
