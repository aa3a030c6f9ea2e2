"""What a Lambda authorizer's IAM policy allows: ``execute-api:Invoke`` on the ``$connect`` method ARN.

IAM's evaluation, reduced to what an authorizer policy can say: an explicit Deny wins, then an Allow, else
the implicit deny. ``*`` matches any run of characters (``/`` included) and ``?`` one character, in actions
(case-insensitively, as IAM) and resources (case-sensitively). So ``.../dev/*`` and ``.../*`` cover
``.../dev/$connect`` while the REST-style ``.../dev/*/*`` does not (docs/aws-behaviour.md §10).
"""

import re
from functools import lru_cache

INVOKE_ACTION = "execute-api:Invoke"


class MalformedPolicy(ValueError):
    """The policy document is not one API Gateway can evaluate (AWS: 500, AuthorizerConfigurationException)."""


@lru_cache(maxsize=1024)
def _wildcard(pattern: str, ignore_case: bool) -> re.Pattern:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(regex, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def wildcard_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return _wildcard(pattern, ignore_case).fullmatch(value) is not None


def _strings(statement: dict, key: str) -> list[str]:
    value = statement[key]
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise MalformedPolicy(f"{key} must be a string or a non-empty list of strings, not {value!r}")
    return values


def _covers(statement: dict, key: str, value: str, ignore_case: bool) -> bool:
    """Whether the statement's ``Action``/``Resource`` (or ``NotAction``/``NotResource``) covers ``value``."""
    if key in statement:
        return any(wildcard_match(p, value, ignore_case) for p in _strings(statement, key))
    if "Not" + key in statement:
        return not any(wildcard_match(p, value, ignore_case) for p in _strings(statement, "Not" + key))
    raise MalformedPolicy(f"a statement has neither {key} nor Not{key}")


def statements(policy_document) -> list[dict]:
    if not isinstance(policy_document, dict):
        raise MalformedPolicy(f"policyDocument must be an object, not {type(policy_document).__name__}")
    found = policy_document.get("Statement")
    found = [found] if isinstance(found, dict) else found
    if not isinstance(found, list) or not all(isinstance(s, dict) for s in found):
        raise MalformedPolicy("policyDocument.Statement must be an object or a list of objects")
    for statement in found:
        if statement.get("Effect") not in ("Allow", "Deny"):
            raise MalformedPolicy(f"invalid Effect {statement.get('Effect')!r}: must be Allow or Deny")
    return found


def validate(policy_document) -> None:
    """Raises MalformedPolicy unless every statement can be evaluated."""
    for statement in statements(policy_document):
        _covers(statement, "Action", INVOKE_ACTION, ignore_case=True)
        _covers(statement, "Resource", "", ignore_case=False)


def is_allowed(policy_document, method_arn: str, action: str = INVOKE_ACTION) -> bool:
    """Whether the policy allows ``action`` on ``method_arn`` (conditions are not evaluated)."""
    allowed = False
    for statement in statements(policy_document):
        if not (
            _covers(statement, "Action", action, ignore_case=True)
            and _covers(statement, "Resource", method_arn, ignore_case=False)
        ):
            continue
        if statement["Effect"] == "Deny":
            return False
        allowed = True
    return allowed
