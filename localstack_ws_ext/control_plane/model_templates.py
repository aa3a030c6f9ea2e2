"""GetModelTemplate: the mapping template API Gateway generates from a model's JSON schema.

Like API Gateway's generator: the input root is read with ``$input.path('$')``; strings are quoted, numbers and
booleans are not, nested objects are expanded and arrays are iterated with ``#foreach``. A reference to a
definition that is already being expanded above it (a recursive schema: a node whose ``next`` is a node) is not
expanded again: that value is written as a string, as a value of an unknown type is.
"""

import json


def model_template(schema: dict) -> str:
    return "#set($inputRoot = $input.path('$'))\n" + _value(schema, "$inputRoot", 0, schema, ()) + "\n"


def _resolve(schema, root: dict) -> dict:
    if not isinstance(schema, dict):
        return {}
    reference = schema.get("$ref", "")
    if isinstance(reference, str) and reference.startswith("#/definitions/"):
        definition = (root.get("definitions") or {}).get(reference.split("/")[-1], {})
        return definition if isinstance(definition, dict) else {}
    return schema


def _value(schema, path: str, depth: int, root: dict, expanding: tuple) -> str:
    reference = schema.get("$ref") if isinstance(schema, dict) else None
    if reference is not None:
        if reference in expanding:
            return f'"{path}"'
        expanding = (*expanding, reference)
    schema = _resolve(schema, root)
    kind = schema.get("type")
    indent = "  " * (depth + 1)
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties")
        fields = [
            f"{indent}{json.dumps(name)} : {_value(child, f'{path}.{name}', depth + 1, root, expanding)}"
            for name, child in (properties if isinstance(properties, dict) else {}).items()
        ]
        return "{\n" + ",\n".join(fields) + "\n" + "  " * depth + "}"
    if kind == "array":
        item = f"$elem{depth}"
        inner = _value(schema.get("items", {}), item, depth + 1, root, expanding)
        return (
            f"[\n{indent}#foreach({item} in {path})\n{indent}{inner}#if($foreach.hasNext),#end\n{indent}#end\n"
            + "  " * depth
            + "]"
        )
    if kind in ("number", "integer", "boolean"):
        return path
    return f'"{path}"'
