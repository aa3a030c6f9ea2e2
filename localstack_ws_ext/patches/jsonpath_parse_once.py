"""JSONPath expressions of mapping templates (``$input.json``, ``$input.path``) are parsed once, not per call.

next_gen's ``template_mapping.extract_jsonpath`` calls ``jsonpath_rw.parse`` on every ``$input.json('$.x')`` and
``$input.path('$.x')``, and that parser builds its lexer and grammar tables anew on each call: about 9 ms of
LocalStack's CPU per expression on the test machine, against 3 µs for evaluating the parsed one. A MOCK route whose
template reads one field of the message answered 100 messages/s instead of 1,270 (docs/performance.md). Here that
module's ``parse`` comes from a cache of the last 512 expressions. Parsed expressions are immutable (``find`` builds
new results and changes nothing), so a cached one finds what a new one would, from any thread.
"""

import functools
from types import ModuleType

import jsonpath_rw

from .after_import import after_import

VERSIONS = ("2026.3",)
MODULE = "localstack.services.apigateway.next_gen.execute_api.template_mapping"


@functools.lru_cache(maxsize=512)
def parsed_expression(path: str):
    return jsonpath_rw.parse(path)


def parse(path):
    """``jsonpath_rw.parse`` for next_gen's templates: from the cache for text, as before for anything else."""
    if isinstance(path, str):
        return parsed_expression(path)
    return jsonpath_rw.parse(path)


def _patch(module: ModuleType) -> None:
    if module.parse is parse:
        return
    if module.parse is not jsonpath_rw.parse:
        raise TypeError(f"{module.__name__}.parse is {module.parse!r}, not jsonpath_rw.parse")
    module.parse = parse


def install() -> None:
    after_import(MODULE, _patch)
