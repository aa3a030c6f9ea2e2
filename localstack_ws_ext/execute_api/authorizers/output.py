"""What a Lambda REQUEST authorizer answered (docs/aws-behaviour.md §10): ``principalId``, ``policyDocument``,
optional ``context`` (scalars only, handed on stringified) and ``usageIdentifierKey``; anything else is an
authorizer configuration error (AWS: 500), as is a result over AWS's 8 KB quota."""

import dataclasses
import json

from . import policy


class InvalidAuthorizerOutput(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class AuthorizerOutput:
    principal_id: str
    policy_document: dict
    context: dict[str, str | None]  # stringified, as events and templates get it
    usage_identifier_key: str | None


def stringify_context_value(value) -> str | None:
    """As API Gateway hands context values on: strings as they are, booleans ``"true"``/``"false"``, numbers
    in their JSON form, ``null`` stays ``null``; objects and arrays are not allowed."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    raise InvalidAuthorizerOutput(f"context values must be strings, numbers or booleans, not {value!r}")


def stringify_context(context) -> dict[str, str | None]:
    if context is None:
        return {}
    if not isinstance(context, dict):
        raise InvalidAuthorizerOutput(f"context must be an object, not {type(context).__name__}")
    return {str(key): stringify_context_value(value) for key, value in context.items()}


def parse_output(payload: bytes, max_bytes: int) -> AuthorizerOutput:
    if len(payload) > max_bytes:
        raise InvalidAuthorizerOutput(
            f"the authorizer result has {len(payload)} bytes, more than the {max_bytes} bytes allowed"
        )
    try:
        answer = json.loads(payload)
    except ValueError:
        raise InvalidAuthorizerOutput(f"the authorizer result is not JSON: {payload[:200]!r}") from None
    if not isinstance(answer, dict):
        raise InvalidAuthorizerOutput(f"the authorizer result is not a JSON object: {payload[:200]!r}")
    principal_id = answer.get("principalId")
    if principal_id is None or isinstance(principal_id, (dict, list, bool)):
        raise InvalidAuthorizerOutput(f"invalid or missing principalId: {principal_id!r}")
    try:
        policy.validate(answer.get("policyDocument"))
    except policy.MalformedPolicy as e:
        raise InvalidAuthorizerOutput(f"invalid policyDocument: {e}") from None
    usage_identifier_key = answer.get("usageIdentifierKey")
    return AuthorizerOutput(
        principal_id=str(principal_id),
        policy_document=answer["policyDocument"],
        context=stringify_context(answer.get("context")),
        usage_identifier_key=None if usage_identifier_key is None else str(usage_identifier_key),
    )
