"""Random and boundary values for the members of a botocore service model, and a way to send them as they are.

``Values(rng).of(shape)`` draws a value for a botocore shape: mostly of the shape's type (boundary strings, numbers
and sizes, enum values and near misses, ids and expressions that look valid), sometimes of another JSON type, an
unknown member or deep nesting. ``RawCalls`` sends a call through a boto3 client with ``parameter_validation``
off; a body member botocore's serializer cannot write (a structure given a list, a structure with an unknown
member...) is written by botocore with an empty placeholder and swapped for the drawn value in the JSON body just
before the request is signed, so the server sees exactly what was drawn.
"""

from __future__ import annotations

import json
import random
import typing as t

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError
from botocore.serialize import create_serializer

# strings a server may stumble on
SPECIAL_STRINGS = [
    "",
    " ",
    "\t\n",
    "\x00",
    "null",
    "None",
    "0",
    "-1",
    "true",
    "{}",
    "[]",
    '{"a":',
    "../",
    "../../etc/passwd",
    "%2F",
    "%00",
    "/",
    "//",
    "?x=1#y",
    "a/b",
    "$",
    "$default",
    "$connect",
    "${",
    "$request.body.action",
    "$request.body.",
    "${request.body.a}",
    "$request.header.x",
    "$context.authorizer.usageIdentifierKey",
    "\\$default",
    "/[/",
    "/(a+)+$/",
    "#set($x = 1)$x",
    "$input.json('$')",
    "arn:aws:apigateway:us-east-1::/apis/x",
    "arn:aws:lambda:us-east-1:000000000000:function:f",
    "integrations/",
    "integrations/../x",
    "route.request.header.",
    "route.request.header.x",
    "integration.request.header.x",
    "stageVariables.x",
    "context.x",
    "\u00e9\u00e8\u00ea",
    "\u202e\u200b\ufeff",
    "\U0001f600" * 3,
    "\ud7ff\ue000\ufffd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]

ID_MEMBERS = (
    "ApiId",
    "RouteId",
    "IntegrationId",
    "IntegrationResponseId",
    "RouteResponseId",
    "AuthorizerId",
    "ModelId",
    "StageName",
    "DeploymentId",
    "DomainName",
    "ApiMappingId",
    "ResourceArn",
)


class Values:
    """Draws values for shapes; ``world`` maps member names to valid values (ids of existing resources)."""

    def __init__(
        self, rng: random.Random, world: dict[str, t.Any] | None = None, hints: dict[str, list] | None = None
    ):
        self.rng = rng
        self.world = world or {}
        self.hints = hints or {}

    def of(self, shape, name: str = "", depth: int = 0) -> t.Any:
        rng = self.rng
        if name in self.world and rng.random() < 0.6:
            return self.world[name]
        if name in self.hints and rng.random() < 0.5:
            return rng.choice(self.hints[name])
        if rng.random() < 0.07:
            return self.wrong_type(shape, depth)
        kind = shape.type_name
        if kind == "string":
            return self.string(shape, name)
        if kind in ("integer", "long"):
            return self.integer(shape)
        if kind in ("double", "float"):
            return rng.choice([0.0, -1.5, 1e308, -1e308, 0.1, 10000.0, 5000, 2**53 + 1.0])
        if kind == "boolean":
            return rng.choice([True, False, True, False, "true", 1, 0])
        if kind == "timestamp":
            return rng.choice(["2026-01-01T00:00:00Z", 0, -1, "yesterday", 10**12])
        if kind == "blob":
            return rng.randbytes(rng.choice([0, 1, 100]))
        if kind == "list":
            return self.list(shape, name, depth)
        if kind == "map":
            return self.map(shape, name, depth)
        if kind == "structure":
            return self.structure(shape, depth)
        return self.string(shape, name)

    def string(self, shape, name: str) -> t.Any:
        rng = self.rng
        enum = shape.metadata.get("enum")
        roll = rng.random()
        if enum and roll < 0.5:
            value = rng.choice(enum)
            return rng.choice([value, value, value.lower(), value + " ", ""])
        if roll < 0.3:
            return rng.choice(SPECIAL_STRINGS)
        if roll < 0.45 and self.world:
            # a valid id in the wrong member, or one changed a little
            value = str(self.world.get(rng.choice(list(self.world)), "x"))
            return rng.choice([value, value.upper(), value + "x", value[:-1], value + "/x"])
        if roll < 0.55:
            return rng.choice(["a", "x" * 128, "x" * 129, "y" * 255, "z" * 256, "w" * 1024, "v" * 3073])
        if roll < 0.6:
            return "h" * rng.choice([32768, 32769, 100_000, 300_000])
        return self.text(rng.randint(1, 40))

    def text(self, size: int) -> str:
        rng = self.rng
        chars = []
        for _ in range(size):
            roll = rng.random()
            if roll < 0.6:
                chars.append(chr(rng.randint(0x21, 0x7E)))
            elif roll < 0.7:
                chars.append(chr(rng.randint(0, 0x1F)))
            elif roll < 0.9:
                chars.append(chr(rng.choice([rng.randint(0xA0, 0xD7FF), rng.randint(0xE000, 0xFFFD)])))
            else:
                chars.append(chr(rng.randint(0x10000, 0x10FFFF)))
        return "".join(chars)

    def integer(self, shape) -> t.Any:
        rng = self.rng
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        candidates = [
            0,
            -1,
            1,
            2**31 - 1,
            2**31,
            2**63 - 1,
            2**63,
            -(2**63) - 1,
            10**30,
            1.5,
            "12",
            "abc",
            True,
        ]
        if low is not None:
            candidates += [low - 1, low, low + 1]
        if high is not None:
            candidates += [high - 1, high, high + 1]
        return rng.choice(candidates)

    def list(self, shape, name: str, depth: int) -> t.Any:
        rng = self.rng
        size = rng.choice([0, 1, 1, 2, 3, 10, 1000 if depth == 0 else 2])
        if size > 10:
            item = self.of(shape.member, name, depth + 1)
            return [item] * size
        return [self.of(shape.member, name, depth + 1) for _ in range(size)]

    def map(self, shape, name: str, depth: int) -> t.Any:
        rng = self.rng
        size = rng.choice([0, 1, 1, 2, 5, 300 if depth == 0 else 2])
        result = {}
        for i in range(size):
            key = self.of(shape.key, f"{name}.key", depth + 1) if rng.random() < 0.7 else f"k{i}"
            if not isinstance(key, str):
                key = json.dumps(key) if rng.random() < 0.5 else str(key)
            result[key] = self.of(shape.value, name, depth + 1)
        return result

    def structure(self, shape, depth: int) -> t.Any:
        rng = self.rng
        if depth > 4:
            return {}
        result = {}
        for member_name, member in shape.members.items():
            if rng.random() < 0.5:
                result[member_name] = self.of(member, member_name, depth + 1)
        if rng.random() < 0.1:
            result[rng.choice(["unknown", "__proto__", "Extra", ""])] = self.text(5)
        return result

    def wrong_type(self, shape, depth: int) -> t.Any:
        rng = self.rng
        choices: list[t.Any] = [None, 0, -1, 3.5, True, "", "x", [], [1, "a"], {}, {"a": {"b": [None]}}]
        if depth == 0 and rng.random() < 0.2:
            nested: t.Any = "deep"
            for _ in range(rng.choice([50, 200])):
                nested = {"a": nested} if rng.random() < 0.5 else [nested]
            return nested
        if shape.type_name in ("structure", "map", "list"):
            choices += ["{}", "[]"]
        return rng.choice(choices)


class Outcome(t.NamedTuple):
    status: (
        int | None
    )  # None: the call never left the client (botocore refused to build it); 0: no HTTP answer
    code: str
    message: str
    response: dict | None
    raw: dict | None = None  # the HTTP answer as it came: status_code, headers, body


class RawCalls:
    """Sends operations with drawn parameters through ``client`` (made with ``parameter_validation=False``)."""

    def __init__(self, client):
        self.client = client
        self.model = client.meta.service_model
        self._serializer = create_serializer(self.model.metadata["protocol"], include_validation=False)
        self._overrides: dict[str, t.Any] = {}
        self._raw: dict | None = None
        service_id = self.model.service_id.hyphenize()
        client.meta.events.register_first(f"before-sign.{service_id}", self._swap_body)
        client.meta.events.register(f"before-parse.{service_id}", self._keep_raw)

    def _fits_botocore(self, operation_model, name: str, value, addressing: dict) -> bool:
        try:
            self._serializer.serialize_to_request({**addressing, name: value}, operation_model)
            json.dumps(value)
            return True
        except Exception:
            return False

    def call(self, operation: str, params: dict) -> Outcome:
        operation_model = self.model.operation_model(operation)
        members = operation_model.input_shape.members if operation_model.input_shape else {}
        sendable, overrides = {}, {}
        addressing = {
            name: value
            for name, value in params.items()
            if name in members and members[name].serialization.get("location")
        }
        payload = (
            operation_model.input_shape.serialization.get("payload") if operation_model.input_shape else None
        )
        for name, value in params.items():
            member = members.get(name)
            location = member.serialization.get("location") if member is not None else None
            if (
                member is not None
                and location is None
                and name != payload  # a payload member is the body itself, not a member of a JSON body
                and not self._fits_botocore(operation_model, name, value, addressing)
            ):
                overrides[member.serialization.get("name", name)] = to_wire(member, value)
                sendable[name] = {"structure": {}, "map": {}, "list": []}.get(member.type_name, "")
            else:
                sendable[name] = value
        self._overrides = overrides
        self._raw = None
        method = getattr(self.client, _snake(operation))
        try:
            response = method(**sendable)
        except ClientError as error:
            body = error.response
            return Outcome(
                body["ResponseMetadata"].get("HTTPStatusCode"),
                body.get("Error", {}).get("Code", ""),
                body.get("Error", {}).get("Message", ""),
                body,
                self._raw,
            )
        except (HTTPClientError, BotocoreConnectionError) as error:  # sent, and the connection failed
            return Outcome(0, type(error).__name__, str(error), None)
        except Exception as error:  # botocore could not build the request
            return Outcome(None, type(error).__name__, str(error), None)
        finally:
            self._overrides = {}
        return Outcome(response["ResponseMetadata"]["HTTPStatusCode"], "", "", response, self._raw)

    def _keep_raw(self, response_dict, **kwargs) -> None:
        body = response_dict.get("body")
        self._raw = {
            "status_code": response_dict.get("status_code"),
            "headers": dict(response_dict.get("headers") or {}),
            "body": body if isinstance(body, bytes) else b"",
        }

    def _swap_body(self, request, **kwargs) -> None:
        if not self._overrides:
            return
        body = json.loads(request.data or b"{}") if request.data else {}
        body.update(self._overrides)
        request.data = json.dumps(body).encode()
        request.headers["Content-Type"] = "application/json"


def to_wire(shape, value):
    """``value`` with the member names of its structures written as the protocol names them (as botocore would),
    whatever the values' types."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {
            (shape.members[key].serialization.get("name", key) if key in shape.members else key): (
                to_wire(shape.members[key], item) if key in shape.members else item
            )
            for key, item in value.items()
        }
    if kind == "list" and isinstance(value, list):
        return [to_wire(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: to_wire(shape.value, item) for key, item in value.items()}
    return value


def _snake(operation: str) -> str:
    from botocore import xform_name

    return xform_name(operation)
