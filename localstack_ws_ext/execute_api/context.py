"""The typed context every WebSocket event (CONNECT, MESSAGE, DISCONNECT) carries through the gateway's chain."""

import dataclasses
import enum
import json
from collections.abc import Callable

from localstack.utils.aws.arns import get_partition
from rolo.gateway import RequestContext

from ..api.apigatewayv2 import Integration, Route
from ..control_plane.store import ApiSnapshot, WebSocketApi
from .errors import GatewayError


class EventType(enum.StrEnum):
    CONNECT = "CONNECT"
    MESSAGE = "MESSAGE"
    DISCONNECT = "DISCONNECT"


@dataclasses.dataclass
class ConnectionInfo:
    """What API Gateway knows about a connection from its handshake on; the same for all of its events. Held
    once: the transport's ``Connection`` carries it as ``info``, and @connections (GetConnection) reads it there."""

    connection_id: str
    api_id: str
    stage: str
    account_id: str
    region: str
    connected_at: int  # epoch ms
    source_ip: str
    user_agent: str | None
    domain_name: str  # the execute-api host with port (or the custom domain it came through)
    scheme: str  # "http" (ws://) or "https" (wss://)
    port: int
    handshake_headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    query_string: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    # the handshake's request target as sent (path and query): what a SigV4 signature covers
    raw_uri: str = ""
    authorizer: dict | None = None  # requestContext.authorizer once a Lambda authorizer allowed $connect
    api_key: tuple[str, str] | None = None  # (key, key id) once ApiKeyRequired was satisfied
    iam_identity: dict | None = None  # AWS_IAM: accountId, caller, user, userArn, accessKey of the signer

    def identity(self) -> dict:
        """``requestContext.identity``: only the members that have a value (AWS's compact form)."""
        identity = {}
        if self.api_key:
            identity["apiKey"], identity["apiKeyId"] = self.api_key
        if self.iam_identity:
            identity.update(self.iam_identity)
        if self.user_agent is not None:
            identity["userAgent"] = self.user_agent
        identity["sourceIp"] = self.source_ip
        return identity

    def execute_api_arn(self, resource: str) -> str:
        """``arn:{partition}:execute-api:{region}:{account}:{apiId}/{resource}``: the ``$connect`` method ARN
        an authorizer's policy is matched against, the source ARN a function's resource policy sees."""
        return (
            f"arn:{get_partition(self.region)}:execute-api:{self.region}:{self.account_id}:"
            f"{self.api_id}/{resource}"
        )


@dataclasses.dataclass
class EndpointResponse:
    """What the integration answered."""

    status_code: int
    body: str | bytes | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


def parse_json(payload: str | bytes | None) -> tuple[bool, object]:
    """(whether ``payload`` is JSON, its document: None when it is not). JSON nested deeper than Python's parser
    goes (a 128 KB message can nest 65,000 levels) counts as not JSON, as a parser with a nesting limit refuses
    it."""
    try:
        return True, json.loads(payload)
    except (ValueError, TypeError, RecursionError):
        return False, None


class WebSocketInvocationContext(RequestContext):
    """One event of one connection on its way through the chain."""

    event_type: EventType
    api: WebSocketApi | None  # None once the API is deleted
    snapshot: ApiSnapshot | None  # what the stage serves (its deployment); None: it serves nothing
    stage_variables: dict[str, str]
    connection: ConnectionInfo
    request_id: str
    message_id: str | None
    message: str | bytes | None  # MESSAGE: the client's frame
    disconnect: tuple[int, str] | None  # DISCONNECT: status code and reason
    route: Route | None
    route_key: str | None
    integration: Integration | None
    integration_event: dict | None  # AWS_PROXY: the event sent to the function
    endpoint_response: EndpointResponse | None
    reply: str | bytes | None  # MESSAGE: the frame that goes back to the client, if any
    subprotocol: str | None  # CONNECT: the Sec-WebSocket-Protocol the $connect integration chose
    error: GatewayError | None
    trace_id: str
    request_time_epoch: int  # ms
    integration_request_body: str | bytes | None  # non-proxy integrations: the rendered request template
    started_at: float
    # MESSAGE: how the integration's timeout is answered while the invocation runs on (set by the endpoint), and
    # whether that happened: the chain's own run of the event then ends without an answer of its own
    on_integration_timeout: Callable[[Exception], None] | None
    abandoned: bool

    def __init__(
        self,
        event_type: EventType,
        api: WebSocketApi | None,
        snapshot: ApiSnapshot | None,
        connection: ConnectionInfo,
    ):
        super().__init__(None)
        self.event_type = event_type
        self.api = api
        self.snapshot = snapshot
        stage = api.stages.get(connection.stage) if api else None
        self.stage_variables = dict(stage.get("StageVariables") or {}) if stage else {}
        self.connection = connection
        self.request_id = ""
        self.message_id = None
        self.message = None
        self.disconnect = None
        self.route = None
        self.route_key = None
        self.integration = None
        self.integration_event = None
        self.endpoint_response = None
        self.reply = None
        self.subprotocol = None
        self.error = None
        self.trace_id = ""
        self.request_time_epoch = connection.connected_at if event_type == EventType.CONNECT else 0
        self.integration_request_body = None
        self.started_at = 0.0
        self.on_integration_timeout = None
        self.abandoned = False
        self._message_json: tuple[bool, object] | None = None

    def message_text(self) -> str | None:
        if isinstance(self.message, bytes):
            return self.message.decode("utf-8", "replace")
        return self.message

    def _parsed_message(self) -> tuple[bool, object]:
        # parsed once per event: route selection, validation, templates and parameters all read the body
        if self._message_json is None:
            self._message_json = parse_json(self.message_text() or None)
        return self._message_json

    def message_is_json(self) -> bool:
        return self._parsed_message()[0]

    def message_json(self) -> object:
        """The message as a JSON document; None when it is not JSON (or JSON ``null``)."""
        return self._parsed_message()[1]
