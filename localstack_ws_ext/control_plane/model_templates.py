"""GetModelTemplate: the mapping template API Gateway generates from a model's JSON schema.

Like API Gateway's generator: the input root is read with ``$input.path('$')``; strings are quoted, numbers and
booleans are not, nested objects are expanded and arrays are iterated with ``#foreach``.
"""

import json


def model_template(schema: dict) -> str:
    return "#set($inputRoot = $input.path('$'))\n" + _value(schema, "$inputRoot", 0, schema) + "\n"


def _resolve(schema: dict, root: dict) -> dict:
    reference = schema.get("$ref", "")
    if reference.startswith("#/definitions/"):
        return root.get("definitions", {}).get(reference.split("/")[-1], {})
    return schema


def _value(schema: dict, path: str, depth: int, root: dict) -> str:
    schema = _resolve(schema, root)
    kind = schema.get("type")
    indent = "  " * (depth + 1)
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        fields = [
            f"{indent}{json.dumps(name)} : {_value(child, f'{path}.{name}', depth + 1, root)}"
            for name, child in properties.items()
        ]
        return "{\n" + ",\n".join(fields) + "\n" + "  " * depth + "}"
    if kind == "array":
        item = f"$elem{depth}"
        inner = _value(schema.get("items", {}), item, depth + 1, root)
        return (
            f"[\n{indent}#foreach({item} in {path})\n{indent}{inner}#if($foreach.hasNext),#end\n{indent}#end\n"
            + "  " * depth
            + "]"
        )
    if kind in ("number", "integer", "boolean"):
        return path
    return f'"{path}"'
