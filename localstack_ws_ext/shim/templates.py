"""Mapping templates rendered by next_gen's VTL engine (``$input``, ``$util``, ``$context``, ``$stageVariables``
exactly as API Gateway REST templates have them), fed with a WebSocket event's variables.

The engine parses a template on every render; inside ``parsing_once()`` (patches/vtl_parse_once.py, installed at
startup) it parses each template once, which was half the time of a message on a MOCK route."""

from localstack.services.apigateway.next_gen.execute_api.template_mapping import ApiGatewayVtlTemplate

from ..patches.vtl_parse_once import parsing_once

_engine = ApiGatewayVtlTemplate()


def render_template(template: str, context: dict, stage_variables: dict, body: str | None) -> str:
    """Renders ``template`` with ``$context`` = ``context``, ``$input`` over ``body``."""
    variables = {
        "context": context,
        "stageVariables": stage_variables,
        "input": {"body": body, "params": {"path": {}, "querystring": {}, "header": {}}},
    }
    with parsing_once():
        return _engine.render_vtl(template.strip(), variables)
