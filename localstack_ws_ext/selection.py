"""API Gateway selection expressions: ``$request.body.action``, ``${request.body.a}-${request.body.b}``,
``\\$default``, static text.

Parsed into literal and variable parts (once per expression: the gateway evaluates the same few expressions on
every message); evaluated against a resolver (``execute_api.sources``: what a variable's value is). Shared by
the control plane (which validates expressions) and the WebSocket gateway (which evaluates them per message).
"""

import dataclasses
import functools
import json
import re
from collections.abc import Callable

_BARE_VARIABLE = re.compile(r"[A-Za-z0-9_.\-\[\]]+")


@dataclasses.dataclass(frozen=True)
class Variable:
    path: str  # e.g. "request.body.action", without the "$"


Part = str | Variable


class InvalidSelectionExpression(ValueError):
    pass


def parse(expression: str) -> list[Part]:
    """Splits an expression into literal strings and variables; ``\\$`` is a literal dollar."""
    parts: list[Part] = []
    literal = []
    i = 0
    while i < len(expression):
        char = expression[i]
        if char == "\\" and expression.startswith("$", i + 1):
            literal.append("$")
            i += 2
        elif char == "$":
            if expression.startswith("{", i + 1):
                end = expression.find("}", i + 2)
                if end < 0:
                    raise InvalidSelectionExpression(f"unclosed '${{' in {expression!r}")
                path = expression[i + 2 : end]
                i = end + 1
            else:
                match = _BARE_VARIABLE.match(expression, i + 1)
                path = match.group(0).rstrip(".") if match else ""
                i += 1 + len(path)
            if not path:
                raise InvalidSelectionExpression(f"'$' without a variable in {expression!r}")
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(Variable(path))
        else:
            literal.append(char)
            i += 1
    if literal:
        parts.append("".join(literal))
    return parts


def variables(expression: str) -> list[str]:
    return [part.path for part in parse(expression) if isinstance(part, Variable)]


def stringify(value) -> str:
    """How API Gateway turns a selected value into text: strings as they are, JSON scalars as JSON,
    arrays and objects as ``[item1, item2]`` / ``{key=value}``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(stringify(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={stringify(item)}" for key, item in value.items()) + "}"
    return json.dumps(value)


@functools.lru_cache(maxsize=1024)
def _parsed(expression: str) -> tuple[Part, ...]:
    return tuple(parse(expression))


def evaluate(expression: str | list[Part], resolve: Callable[[str], object]) -> str:
    """The expression's text; ``resolve(path)`` gives a variable's value (None, missing: empty text)."""
    parts = _parsed(expression) if isinstance(expression, str) else expression
    return "".join(part if isinstance(part, str) else stringify(resolve(part.path)) for part in parts)


def json_path_value(document, path: str):
    """``a.b[0].c`` in a parsed JSON document; None where the path does not exist."""
    current = document
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if index:
            if not isinstance(current, list) or int(index) >= len(current):
                return None
            current = current[int(index)]
        else:
            if not isinstance(current, dict) or name not in current:
                return None
            current = current[name]
    return current
