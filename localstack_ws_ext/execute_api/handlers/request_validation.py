"""Request validation (docs/aws-behaviour.md §7, AWS's "Request validation for WebSocket APIs"): a message is
checked against the route's request model before the integration is called. ``Route.ModelSelectionExpression``
picks the key of ``Route.RequestModels`` (no matching key: ``$default``; no ``$default`` either: the message
fails); models are JSON Schema draft 4. A failing message is a ``BadRequestBody``: the integration is not
called and the connection stays open. As AWS's guide says, validation happens only on routes with a model
selection expression; ``$connect`` and ``$disconnect`` carry no body."""

import functools
import json
import re

import jsonschema
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT4
from rolo import Response
from rolo.gateway import HandlerChain

from ... import selection
from ...api.apigatewayv2 import Model, Route
from ..context import EventType, WebSocketInvocationContext
from ..errors import BadRequestBody
from ..sources import resolver

# a model references another by a URL ending in /models/<name> (REST's https://apigateway.amazonaws.com/restapis/
# <api>/models/<name>; any host and prefix are taken)
MODEL_REFERENCE = re.compile(r".*/models/([A-Za-z0-9]+)/?")


def select_model(route: Route, context: WebSocketInvocationContext) -> tuple[bool, str | None]:
    """(whether the route validates, the name of the model this message is checked against: None when
    no model matches)."""
    expression = route.get("ModelSelectionExpression")
    models = route.get("RequestModels") or {}
    if not expression or not models:
        return False, None
    key = selection.evaluate(expression, resolver(context))
    return True, models.get(key, models.get("$default"))


@functools.lru_cache(maxsize=256)
def _schema(text: str) -> dict:
    return json.loads(text)


def validation_errors(model_name: str | None, models: dict[str, Model], message: str | None) -> str | None:
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
    except RecursionError:
        return "[Invalid JSON in request body: nested too deeply]"

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
    except RecursionError:
        # a deeply nested body against a deeply nested (or recursive) model
        return f"[the request body is nested too deeply to validate against model {model_name}]"
    return "[" + ", ".join(error.message for error in errors) + "]" if errors else None


class RequestValidationHandler:
    def __call__(self, chain: HandlerChain, context: WebSocketInvocationContext, response: Response):
        if context.event_type != EventType.MESSAGE:
            return
        validates, model_name = select_model(context.route, context)
        if not validates:
            return
        errors = validation_errors(model_name, context.snapshot.models, context.message_text())
        if errors is not None:
            raise BadRequestBody(errors)
