"""A mapping template's ``$input.json`` / ``$input.path`` over a body nested deeper than Python's JSON handling goes treat it as a body that is not JSON, instead of failing the template.

next_gen's ``$input`` (``VelocityInput`` in ``localstack.services.apigateway.next_gen.execute_api.template_mapping``)
parses the body with ``json.loads`` (``_extract_json_path``) and catches ``JSONDecodeError`` only: a body that is
not JSON is ``""`` to ``$input.json`` and empty to ``$input.path``. A body nested deeper than the parser goes (a
128 KB WebSocket message can nest 65,000 levels; the parser gives up at some ten thousand) raises
``RecursionError`` instead, which fails the whole template and is logged as an unexpected error, where a client's
message must not leave an error in LocalStack's log. Here ``_extract_json_path`` answers such a body as it answers
a body that is not JSON (None): the data plane's own rule (route selection and request validation take such a
message as not JSON, docs/aws-behaviour.md §7). Every other body renders as before, for REST APIs too.
"""

from types import ModuleType

from .after_import import after_import
from .replacing import replace

VERSIONS = ("2026.3",)
MODULE = "localstack.services.apigateway.next_gen.execute_api.template_mapping"


def _patch(module: ModuleType) -> None:
    input_class = module.VelocityInput
    for name in ("_extract_json_path", "json", "path"):  # the last two read the body through the first
        if not callable(getattr(input_class, name, None)):
            raise AttributeError(f"{input_class.__qualname__} has no {name}")

    def not_json_when_too_deep(original):
        def _extract_json_path(self, path):
            try:
                return original(self, path)
            except RecursionError:
                return None

        return _extract_json_path

    replace(input_class, "_extract_json_path", not_json_when_too_deep)


def install() -> None:
    after_import(MODULE, _patch)
