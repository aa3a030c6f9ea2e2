"""Validation of WebSocket API configuration, as the apigatewayv2 service validates it: every check of the
control plane, from one member's syntax to a resource's references and the checks before a delete.

A resource's validator takes ``(api, siblings, resource)``: the API it belongs to, the resources of its kind it
sits beside (for unique keys) and the resource as it would be stored. Checks run in AWS's order where it is
known, so that a request with several faults gets the same error.

Messages: AWS's where known (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/); where AWS's text is
unconfirmed, a message that names the field, the value and what is accepted.
"""

import json
import re

import jsonschema

from .. import selection
from .errors import bad_request, conflict, not_found
from .store import Deployment, WebSocketApi

HTTP_APIS_NOT_SUPPORTED = (
    "HTTP APIs are not supported by localstack-ws-ext, which emulates WebSocket APIs: "
    "use ProtocolType=WEBSOCKET (REST APIs are served by LocalStack's apigateway service)."
)
HTTP_ONLY_API_MEMBERS = ("CorsConfiguration", "Target", "RouteKey", "CredentialsArn")

STAGE_NAME = re.compile(r"[A-Za-z0-9_\-]{1,128}")
STAGE_VARIABLE_NAME = re.compile(r"[A-Za-z0-9_]+")
STAGE_VARIABLE_VALUE = re.compile(r"[A-Za-z0-9\-._~:/?#&=,]+")
MODEL_NAME = re.compile(r"[A-Za-z0-9]+")
IDENTITY_SOURCE = re.compile(
    r"(route\.request\.header\.[A-Za-z0-9._\-]+|route\.request\.querystring\.[A-Za-z0-9._\-]+"
    r"|stageVariables\.[A-Za-z0-9._\-]+|context\.[A-Za-z0-9._\-]+)"
)
ROUTE_TARGET = re.compile(r"integrations/(\w+)")
ROUTE_REQUEST_PARAMETER = re.compile(r"route\.request\.(header|querystring)\.[^.\s]+")
INTEGRATION_REQUEST_PARAMETER = re.compile(r"integration\.request\.(header|querystring|path)\.[^\s]+")
API_KEY_SELECTION_EXPRESSIONS = ("$request.header.x-api-key", "$context.authorizer.usageIdentifierKey")
INTEGRATION_TYPES = ("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK")
AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM")
PASSTHROUGH_BEHAVIORS = ("WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES")
CONTENT_HANDLING_STRATEGIES = ("CONVERT_TO_BINARY", "CONVERT_TO_TEXT")
LOGGING_LEVELS = ("ERROR", "INFO", "OFF")
MODEL_SELECTION_ROOTS = ("request.body.", "default")
MAX_ACCESS_LOG_FORMAT = 3072
MAX_MODEL_SCHEMA = 32768
# how deeply a model's schema may nest objects and arrays: JSON Schema validation (at CreateModel, and of every
# message on a route that validates) recurses once per level, and Python's recursion is bounded; real schemas nest
# a few levels (AWS documents no limit of its own)
MAX_MODEL_SCHEMA_DEPTH = 128


# --- the request's JSON types -------------------------------------------------------------------------------------


def request_types(shape, request: dict) -> None:
    """Every member of ``request`` has the JSON type the operation's model (``shape``, botocore's input shape)
    gives it. LocalStack's parser converts numbers, lists, maps and structures (or refuses them), but passes a
    string or boolean member through as whatever JSON value came: a number, a list, an object, ``null``."""
    for name, value in request.items():
        member = shape.members.get(name)
        if member is not None and value is not None:
            _json_type(member, value, name)


def _json_type(shape, value, path: str) -> None:
    kind = shape.type_name
    if kind == "string":
        valid = isinstance(value, str)
    elif kind == "boolean":
        valid = isinstance(value, bool)
    elif kind == "structure":
        valid = isinstance(value, dict)
        for name, item in (value if valid else {}).items():
            if item is not None and name in shape.members:
                _json_type(shape.members[name], item, f"{path}.{name}")
    elif kind == "list":
        valid = isinstance(value, list)
        for index, item in enumerate(value if valid else []):
            _json_type(shape.member, item, f"{path}[{index}]")
    elif kind == "map":
        valid = isinstance(value, dict)
        for key, item in (value if valid else {}).items():
            _json_type(shape.key, key, f"{path} key")
            _json_type(shape.value, item, f"{path}.{key}")
    else:
        valid = value is not None  # numbers, timestamps, blobs: the parser converted them
    if not valid:
        expected = {"structure": "an object", "map": "an object", "list": "a list", "boolean": "a boolean"}
        raise bad_request(
            f"Invalid {path} specified: {_preview(value)}. Must be {expected.get(kind, 'a ' + kind)}"
        )


def _preview(value) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 100 else text[:100] + "..."


# --- members ---------------------------------------------------------------------------------------------------


def required(field: str, value) -> None:
    if not value:
        raise bad_request(f"{field} is required")


def one_of(field: str, value, allowed) -> None:
    if value is not None and value not in allowed:
        raise bad_request(f"Invalid {field} specified: {value}. Must be one of [{', '.join(allowed)}]")


def reject_http_only(resource: dict, *fields: str) -> None:
    """Members that only HTTP APIs have are refused, rather than stored and ignored."""
    for field in fields:
        if resource.get(field) is not None:
            raise bad_request(f"{field} is supported only for HTTP APIs")


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


def model_selection_expression(expression: str | None) -> None:
    if expression:
        selection_expression("ModelSelectionExpression", expression, MODEL_SELECTION_ROOTS)


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
    except RecursionError:
        raise bad_request(_TOO_DEEP) from None
    if not isinstance(document, dict):
        raise bad_request("Invalid model specified: the schema must be a JSON object")
    if _depth(document) > MAX_MODEL_SCHEMA_DEPTH:
        raise bad_request(_TOO_DEEP)
    try:
        jsonschema.Draft4Validator.check_schema(document)
    except jsonschema.SchemaError as e:
        raise bad_request(
            "Invalid model specified: Validation Result: warnings : [], errors : "
            f"[Invalid model schema specified: {e.message}]"
        ) from None
    except RecursionError:
        raise bad_request(_TOO_DEEP) from None
    return document


_TOO_DEEP = (
    "Invalid model specified: Validation Result: warnings : [], errors : "
    f"[Invalid model schema specified: nested deeper than {MAX_MODEL_SCHEMA_DEPTH} levels]"
)


def _depth(document) -> int:
    """How deeply objects and arrays nest in ``document`` (without recursion: the document may nest thousands of
    levels)."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        value, level = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


# --- references and unique keys ---------------------------------------------------------------------------------


def existing(resources: dict, resource_type: str, identifier: str) -> None:
    """A resource that another one refers to exists (else NotFoundException, as for a Get of it)."""
    if identifier not in resources:
        raise not_found(resource_type, identifier)


def unique(
    siblings: dict, resource: dict, id_member: str, key_member: str, message: str, default=None
) -> None:
    """No other resource beside ``resource`` has its key (ConflictException with ``message``)."""
    key = resource.get(key_member, default)
    if any(
        other.get(key_member, default) == key and other.get(id_member) != resource.get(id_member)
        for other in siblings.values()
    ):
        raise conflict(message)


def known_models(api: WebSocketApi, models: dict | None) -> None:
    """Request and response models are named, by name, among the API's models."""
    names = {model["Name"] for model in api.models.values()}
    for name in (models or {}).values():
        if name not in names:
            raise bad_request(f"Invalid model name specified: {name}")


# --- resources ---------------------------------------------------------------------------------------------------


def new_api(request: dict) -> None:
    """CreateApi: WebSocket APIs only."""
    protocol = request.get("ProtocolType")
    if protocol == "HTTP":
        raise bad_request(HTTP_APIS_NOT_SUPPORTED)
    if protocol != "WEBSOCKET":
        raise bad_request(f"Invalid protocol specified: {protocol}. Must be one of [HTTP, WEBSOCKET]")
    reject_http_only(request, *HTTP_ONLY_API_MEMBERS)
    required("Name", request.get("Name"))
    if not request.get("RouteSelectionExpression"):
        raise bad_request("RouteSelectionExpression is required for WEBSOCKET APIs")
    _api_members(request)


def api_changes(changes: dict) -> None:
    """UpdateApi: the members it changes."""
    reject_http_only(changes, *HTTP_ONLY_API_MEMBERS)
    _api_members(changes)


def _api_members(changes: dict) -> None:
    if "RouteSelectionExpression" in changes:
        route_selection_expression(changes["RouteSelectionExpression"])
    api_key_selection_expression(changes.get("ApiKeySelectionExpression"))
    one_of("IpAddressType", changes.get("IpAddressType"), ("ipv4", "dualstack"))


def route(api: WebSocketApi, siblings: dict, resource: dict) -> None:
    route_key = resource.get("RouteKey")
    required("RouteKey", route_key)
    authorization_type = resource.get("AuthorizationType", "NONE")
    if authorization_type == "JWT":
        raise bad_request("JWT authorizers are supported only for HTTP APIs")
    one_of("AuthorizationType", authorization_type, AUTHORIZATION_TYPES)
    if authorization_type != "NONE" and route_key != "$connect":
        raise bad_request("Currently, authorization is restricted to the $connect route only")
    if authorization_type == "CUSTOM" and not resource.get("AuthorizerId"):
        raise bad_request("An AuthorizerId is required when AuthorizationType is CUSTOM")
    if resource.get("AuthorizerId"):
        existing(api.authorizers, "Authorizer", resource["AuthorizerId"])
    if resource.get("AuthorizationScopes"):
        raise bad_request("AuthorizationScopes are supported only for JWT authorizers of HTTP APIs")
    if target := resource.get("Target"):
        match = ROUTE_TARGET.fullmatch(target)
        if not match:
            raise bad_request(f"Invalid target specified: {target}. Must be integrations/<integration id>")
        existing(api.integrations, "Integration", match.group(1))
    route_response_selection_expression(resource.get("RouteResponseSelectionExpression"))
    model_selection_expression(resource.get("ModelSelectionExpression"))
    known_models(api, resource.get("RequestModels"))
    for key in resource.get("RequestParameters") or {}:
        if not ROUTE_REQUEST_PARAMETER.fullmatch(key):
            raise bad_request(
                f"Invalid request parameter key specified: {key}. Must be route.request.header.<name> "
                "or route.request.querystring.<name>"
            )
    message = f"Route with key {route_key} already exists for this API"
    unique(siblings, resource, "RouteId", "RouteKey", message)


def route_response(api: WebSocketApi, siblings: dict, resource: dict) -> None:
    key = resource.get("RouteResponseKey")
    required("RouteResponseKey", key)
    message = f"Route response with key {key} already exists for this route"
    unique(siblings, resource, "RouteResponseId", "RouteResponseKey", message)
    model_selection_expression(resource.get("ModelSelectionExpression"))
    known_models(api, resource.get("ResponseModels"))


def integration(api: WebSocketApi, siblings: dict, resource: dict) -> None:
    reject_http_only(resource, "IntegrationSubtype", "ResponseParameters", "TlsConfig")
    integration_type = resource.get("IntegrationType")
    required("IntegrationType", integration_type)
    one_of("IntegrationType", integration_type, INTEGRATION_TYPES)
    if integration_type != "MOCK" and not resource.get("IntegrationUri"):
        raise bad_request(f"IntegrationUri is required for integration type {integration_type}")
    if resource.get("PayloadFormatVersion") != "1.0":
        raise bad_request(
            f"Invalid PayloadFormatVersion specified: {resource.get('PayloadFormatVersion')}. "
            "WebSocket APIs support only 1.0"
        )
    timeout_in_millis(resource.get("TimeoutInMillis"))
    one_of("ConnectionType", resource.get("ConnectionType"), ("INTERNET", "VPC_LINK"))
    if resource.get("ConnectionType") == "VPC_LINK" and not resource.get("ConnectionId"):
        raise bad_request("ConnectionId is required when ConnectionType is VPC_LINK")
    one_of("PassthroughBehavior", resource.get("PassthroughBehavior"), PASSTHROUGH_BEHAVIORS)
    one_of("ContentHandlingStrategy", resource.get("ContentHandlingStrategy"), CONTENT_HANDLING_STRATEGIES)
    template_selection_expression("TemplateSelectionExpression", resource.get("TemplateSelectionExpression"))
    template_selection_expression(
        "IntegrationResponseSelectionExpression", resource.get("IntegrationResponseSelectionExpression")
    )
    for key in resource.get("RequestParameters") or {}:
        if not INTEGRATION_REQUEST_PARAMETER.fullmatch(key):
            raise bad_request(
                f"Invalid mapping expression specified: {key}. Must be integration.request.header.<name>, "
                "integration.request.querystring.<name> or integration.request.path.<name>"
            )


def integration_response(api: WebSocketApi, siblings: dict, resource: dict) -> None:
    key = resource.get("IntegrationResponseKey")
    required("IntegrationResponseKey", key)
    if key != "$default" and not (len(key) >= 2 and key.startswith("/") and key.endswith("/")):
        raise bad_request(
            f"Invalid IntegrationResponseKey specified: {key}. Must be $default or a /regular expression/"
        )
    if key != "$default":
        try:
            re.compile(key[1:-1])
        except re.error as e:
            raise bad_request(f"Invalid IntegrationResponseKey specified: {key}: {e}") from None
    message = f"Integration response with key {key} already exists for this integration"
    unique(siblings, resource, "IntegrationResponseId", "IntegrationResponseKey", message)
    one_of("ContentHandlingStrategy", resource.get("ContentHandlingStrategy"), CONTENT_HANDLING_STRATEGIES)
    template_selection_expression("TemplateSelectionExpression", resource.get("TemplateSelectionExpression"))


def authorizer(api: WebSocketApi, siblings: dict, resource: dict) -> None:
    if resource.get("AuthorizerType") != "REQUEST":
        raise bad_request(
            f"Invalid AuthorizerType specified: {resource.get('AuthorizerType')}. "
            "WebSocket APIs support only REQUEST authorizers"
        )
    reject_http_only(resource, "JwtConfiguration", "EnableSimpleResponses")
    if resource.get("AuthorizerPayloadFormatVersion") not in (None, "1.0"):
        raise bad_request(
            f"Invalid AuthorizerPayloadFormatVersion specified: {resource['AuthorizerPayloadFormatVersion']}. "
            "WebSocket APIs support only 1.0"
        )
    required("Name", resource.get("Name"))
    if not resource.get("AuthorizerUri"):
        raise bad_request("AuthorizerUri is required for REQUEST authorizers")
    identity_sources(resource.get("IdentitySource"))
    ttl = resource.get("AuthorizerResultTtlInSeconds")
    if ttl is not None and not 0 <= int(ttl) <= 3600:
        raise bad_request("AuthorizerResultTtlInSeconds must be between 0 and 3600")


def model(api: WebSocketApi, siblings: dict, resource: dict) -> None:
    model_name(resource.get("Name"))
    required("Schema", resource.get("Schema"))
    if len(resource["Schema"]) > MAX_MODEL_SCHEMA:
        raise bad_request(f"Model schema must be at most {MAX_MODEL_SCHEMA} characters")
    json_schema(resource["Schema"])
    message = f"Model name already exists for this API: {resource['Name']}"
    unique(siblings, resource, "ModelId", "Name", message)


def stage(api: WebSocketApi, stage: dict, deployment_changed: bool) -> None:
    """A stage as CreateStage or UpdateStage would store it; its DeploymentId is checked only when set."""
    stage_variables(stage.get("StageVariables"))
    route_settings(stage.get("DefaultRouteSettings"))
    for settings in (stage.get("RouteSettings") or {}).values():
        route_settings(settings)
    if deployment_changed and stage.get("DeploymentId"):
        if stage.get("AutoDeploy"):
            raise bad_request("DeploymentId cannot be set on a stage with AutoDeploy enabled")
        existing(api.deployments, "Deployment", stage["DeploymentId"])
    log_format = (stage.get("AccessLogSettings") or {}).get("Format")
    if log_format and len(log_format) > MAX_ACCESS_LOG_FORMAT:
        raise bad_request("The access log format must be at most 3 KB")


def domain_name_configuration(configuration: dict) -> None:
    one_of("EndpointType", configuration.get("EndpointType"), ("REGIONAL", "EDGE"))


def api_mapping(api: WebSocketApi, siblings: dict, resource: dict) -> None:
    """A mapping of a domain name to ``api`` (the API it names, found by the caller)."""
    existing(api.stages, "Stage", resource.get("Stage"))
    key = resource.get("ApiMappingKey", "")
    message = f"ApiMapping with key '{key}' already exists for this domain name"
    unique(siblings, resource, "ApiMappingId", "ApiMappingKey", message, default="")


# --- before a delete: what still uses the resource ---------------------------------------------------------------


def unused_integration(api: WebSocketApi, integration: dict) -> None:
    integration_id = integration["IntegrationId"]
    for route in api.routes.values():
        if route.get("Target") == f"integrations/{integration_id}":
            raise conflict(
                f"Integration {integration_id} is the target of route {route['RouteKey']} "
                f"({route['RouteId']}); change or delete the route first"
            )


def unused_authorizer(api: WebSocketApi, authorizer: dict) -> None:
    authorizer_id = authorizer["AuthorizerId"]
    for route in api.routes.values():
        if route.get("AuthorizerId") == authorizer_id:
            raise conflict(
                f"Authorizer {authorizer_id} is used by route {route['RouteKey']} ({route['RouteId']}); "
                "change or delete the route first"
            )


def unused_model(api: WebSocketApi, model: dict) -> None:
    for route in api.routes.values():
        if model["Name"] in (route.get("RequestModels") or {}).values():
            raise conflict(
                f"Model {model['Name']} is used by route {route['RouteKey']} ({route['RouteId']}); "
                "change or delete the route first"
            )


def unused_deployment(api: WebSocketApi, deployment: Deployment) -> None:
    if any(stage.get("DeploymentId") == deployment.resource["DeploymentId"] for stage in api.stages.values()):
        raise bad_request("Active stages pointing to this deployment must be moved or deleted")
