"""Authorization on $connect (docs/aws-behaviour.md §10): the route's AuthorizationType (CUSTOM: a Lambda
REQUEST authorizer; AWS_IAM: a SigV4-signed handshake), then ApiKeyRequired. What it establishes (authorizer
principal and context, IAM caller, API key) is kept on the connection, so every later event carries it."""

from rolo import Response
from rolo.gateway import HandlerChain

from ..authorizers import api_keys, iam, lambda_request
from ..context import EventType, WebSocketInvocationContext
from ..errors import AuthorizerConfigurationError
from ..routes import route_authorizer


class AuthorizationHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        if context.event_type != EventType.CONNECT:
            return  # authorization is decided once, on $connect; its result follows the connection
        route = context.route
        connection = context.connection
        usage_identifier_key = None
        authorization_type = route.get("AuthorizationType") or "NONE"
        if authorization_type == "CUSTOM":
            authorizer = route_authorizer(context.snapshot, route)
            if authorizer is None:
                raise AuthorizerConfigurationError(
                    f"route $connect names authorizer {route.get('AuthorizerId')!r}, which is not deployed"
                )
            authorization = lambda_request.authorize(context, authorizer)
            connection.authorizer = authorization.authorizer
            usage_identifier_key = authorization.usage_identifier_key
        elif authorization_type == "AWS_IAM":
            connection.iam_identity = iam.verify(connection)
        elif authorization_type != "NONE":
            raise AuthorizerConfigurationError(f"unknown AuthorizationType {authorization_type}")
        if route.get("ApiKeyRequired"):
            connection.api_key = api_keys.required_api_key(context, usage_identifier_key)
