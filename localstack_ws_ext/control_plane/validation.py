"""Validation of WebSocket API configuration, as the apigatewayv2 service validates it.

Messages: AWS's where known (spec section 9.5); where AWS's text is unconfirmed, a message that names the field,
the value and what is accepted.
"""

import json
import re

import jsonschema

from .. import selection
from .errors import bad_request

STAGE_NAME = re.compile(r"[A-Za-z0-9_\-]{1,128}")
STAGE_VARIABLE_NAME = re.compile(r"[A-Za-z0-9_]+")
STAGE_VARIABLE_VALUE = re.compile(r"[A-Za-z0-9\-._~:/?#&=,]+")
MODEL_NAME = re.compile(r"[A-Za-z0-9]+")
IDENTITY_SOURCE = re.compile(
    r"(route\.request\.header\.[A-Za-z0-9._\-]+|route\.request\.querystring\.[A-Za-z0-9._\-]+"
    r"|stageVariables\.[A-Za-z0-9._\-]+|context\.[A-Za-z0-9._\-]+)"
)
API_KEY_SELECTION_EXPRESSIONS = ("$request.header.x-api-key", "$context.authorizer.usageIdentifierKey")
INTEGRATION_TYPES = ("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK")
AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM")
PASSTHROUGH_BEHAVIORS = ("WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES")
CONTENT_HANDLING_STRATEGIES = ("CONVERT_TO_BINARY", "CONVERT_TO_TEXT")
LOGGING_LEVELS = ("ERROR", "INFO", "OFF")
PREDEFINED_ROUTE_KEYS = ("$connect", "$disconnect", "$default")


def one_of(field: str, value, allowed) -> None:
    if value is not None and value not in allowed:
        raise bad_request(f"Invalid {field} specified: {value}. Must be one of [{', '.join(allowed)}]")


def selection_expression(field: str, expression: str, allowed_roots: tuple[str, ...]) -> None:
    """Syntax, and that every variable is one this expression may use (e.g. only request.body.* for routes)."""
    try:
        paths = selection.variables(expression)
    except selection.InvalidSelectionExpression as e:
        raise bad_request(f"Invalid {field}: {e}") from None
    for path in paths:
        if not any(path == root.rstrip(".") or path.startswith(root) for root in allowed_roots):
            raise bad_request(
                f"Invalid {field} specified: {expression}. Supported variables for WebSocket APIs: "
                + ", ".join("$" + root + ("*" if root.endswith(".") else "") for root in allowed_roots)
            )


def route_selection_expression(expression: str) -> None:
    selection_expression("RouteSelectionExpression", expression, ("request.body.",))


def api_key_selection_expression(expression: str | None) -> None:
    if expression is not None and expression not in API_KEY_SELECTION_EXPRESSIONS:
        raise bad_request(
            f"Invalid API key selection expression specified: {expression}. "
            f"Supported values are {' and '.join(API_KEY_SELECTION_EXPRESSIONS)}"
        )


def route_response_selection_expression(expression: str | None) -> None:
    if expression is not None and expression != "$default":
        raise bad_request(
            f"Invalid RouteResponseSelectionExpression specified: {expression}. "
            "WebSocket APIs currently support only $default"
        )


def template_selection_expression(field: str, expression: str | None) -> None:
    if expression is not None:
        selection_expression(field, expression, ("request.body.", "default", "integration.response."))


def timeout_in_millis(value) -> None:
    if value is not None and not 50 <= int(value) <= 29000:
        raise bad_request("TimeoutInMillis must be between 50 ms and 29000 ms")


def identity_sources(sources: list[str] | None) -> None:
    for source in sources or []:
        if not IDENTITY_SOURCE.fullmatch(source):
            raise bad_request(
                f"Invalid identity source specified: {source}. For WebSocket APIs an identity source is "
                "route.request.header.<name>, route.request.querystring.<name>, stageVariables.<name> "
                "or context.<name>"
            )


def stage_name(name: str) -> None:
    if not STAGE_NAME.fullmatch(name or ""):
        raise bad_request(
            f"Invalid stage name specified: {name}. Stage names may contain only alphanumeric characters, "
            "hyphens and underscores, and be at most 128 characters long"
        )


def stage_variables(variables: dict | None) -> None:
    for name, value in (variables or {}).items():
        if not STAGE_VARIABLE_NAME.fullmatch(name):
            raise bad_request(
                f"Stage variable name {name} must contain only alphanumeric characters and underscores"
            )
        if not STAGE_VARIABLE_VALUE.fullmatch(value or ""):
            raise bad_request(
                f"Stage variable value {value} for {name} may contain only alphanumeric characters and "
                "the symbols -._~:/?#&=,"
            )


def route_settings(settings: dict | None) -> None:
    if settings:
        one_of("LoggingLevel", settings.get("LoggingLevel"), LOGGING_LEVELS)


def model_name(name: str) -> None:
    if not MODEL_NAME.fullmatch(name or ""):
        raise bad_request(f"Invalid model name specified: {name}. Model names must be alphanumeric")


def json_schema(schema: str) -> dict:
    """A model's schema: JSON, and a valid JSON Schema draft 4 (what request validation runs it as)."""
    try:
        document = json.loads(schema)
    except ValueError as e:
        raise bad_request(
            f"Invalid model specified: Validation Result: warnings : [], errors : [{e}]"
        ) from None
    if not isinstance(document, dict):
        raise bad_request("Invalid model specified: the schema must be a JSON object")
    try:
        jsonschema.Draft4Validator.check_schema(document)
    except jsonschema.SchemaError as e:
        raise bad_request(
            "Invalid model specified: Validation Result: warnings : [], errors : "
            f"[Invalid model schema specified: {e.message}]"
        ) from None
    return document
