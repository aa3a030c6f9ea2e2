"""Request validation (AWS's "Request validation for WebSocket APIs"): a message is checked against the route's
request model before the integration is called. ``Route.ModelSelectionExpression`` picks the key of
``Route.RequestModels`` (no matching key: ``$default``; no ``$default`` either: the message fails); models are
JSON Schema draft 4. A failing message gets the "Bad request body" frame, the integration is not called and the
connection stays open. As AWS's guide says, validation happens only on routes with a model selection
expression; ``$connect`` and ``$disconnect`` carry no body."""

import functools
import json
import re

import jsonschema
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT4
from rolo import Response
from rolo.gateway import HandlerChain

from ... import selection, settings
from ..context import EventType, WebSocketInvocationContext
from ..errors import GatewayError

# a model references another by a URL ending in /models/<name> (REST's https://apigateway.amazonaws.com/restapis/
# <api>/models/<name>; any host and prefix are taken)
MODEL_REFERENCE = re.compile(r".*/models/([A-Za-z0-9]+)/?")


class BadRequestBody(GatewayError):
    """The message does not match its route's request model (or is not JSON, or no model applies)."""

    message = "Bad request body"
    handshake_status = 400

    def __init__(self, validation_errors: str):
        super().__init__(validation_errors)
        self.validation_errors = validation_errors


def bad_request_body_frame(connection_id: str, message_id: str | None, request_id: str) -> str:
    """The frame in the form WS_REQUEST_VALIDATION_FRAME chooses (AWS's exact bytes are unconfirmed)."""
    if settings.REQUEST_VALIDATION_FRAME == "invalid-request-body":
        return f'{{"message": "Invalid request body", "connectionId":"{connection_id}", "requestId":"{request_id}"}}'
    return (
        f'{{"message" : "Bad request body", "connectionId": "{connection_id}", "messageId": "{message_id}"}}'
    )


def select_model(route: dict, message: str | None) -> tuple[bool, str | None]:
    """(whether the route validates, the name of the model this message is checked against: None when
    no model matches)."""
    expression = route.get("ModelSelectionExpression")
    models = route.get("RequestModels") or {}
    if not expression or not models:
        return False, None
    try:
        body = json.loads(message) if message else None
    except ValueError:
        body = None

    def resolve(path: str):
        if path.startswith("request.body."):
            return selection.json_path_value(body, path.removeprefix("request.body."))
        return None

    key = selection.evaluate(expression, resolve)
    return True, models.get(key, models.get("$default"))


@functools.lru_cache(maxsize=256)
def _schema(text: str) -> dict:
    return json.loads(text)


def validation_errors(model_name: str | None, models: dict[str, dict], message: str | None) -> str | None:
    """Why ``message`` fails the model (AWS's validationErrorString: ``[error, ...]``), or None when it passes.
    ``models`` are the deployed ones (by id); references to other models by name are resolved among them."""
    schemas = {model["Name"]: model["Schema"] for model in models.values()}
    if model_name is None:
        return "[no model matches the model selection expression and there is no $default model]"
    if model_name not in schemas:
        return f"[model {model_name} does not exist in the deployment]"
    try:
        instance = json.loads(message or "")
    except ValueError as e:
        return f"[Invalid JSON in request body: {e}]"

    def retrieve(uri: str) -> referencing.Resource:
        match = MODEL_REFERENCE.fullmatch(uri)
        if not match or match.group(1) not in schemas:
            raise referencing.exceptions.NoSuchResource(uri)
        return DRAFT4.create_resource(_schema(schemas[match.group(1)]))

    validator = jsonschema.Draft4Validator(
        _schema(schemas[model_name]), registry=referencing.Registry(retrieve=retrieve)
    )
    try:
        errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.path))
    except referencing.exceptions.Unresolvable as e:
        return f"[unresolvable reference in model {model_name}: {e}]"
    return "[" + ", ".join(error.message for error in errors) + "]" if errors else None


class RequestValidationHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        if context.event_type != EventType.MESSAGE:
            return
        validates, model_name = select_model(context.route or {}, context.message_text())
        if not validates:
            return
        errors = validation_errors(model_name, context.snapshot.models, context.message_text())
        if errors is None:
            return
        # the frame is not the gateway's usual error frame, so it is sent from here rather than raised
        context.error = BadRequestBody(errors)
        context.reply = bad_request_body_frame(
            context.connection.connection_id, context.message_id, context.request_id
        )
        chain.stop()
