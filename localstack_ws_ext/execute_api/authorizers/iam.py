"""AWS_IAM on ``$connect`` (docs/aws-behaviour.md §10): the handshake must be SigV4-signed for
``execute-api``, in headers (``Authorization: AWS4-HMAC-SHA256 ...``) or as a presigned URL
(``X-Amz-Signature`` in the query string).

The signature is recomputed with botocore's own signer from what the client signed (its method, path, query,
signed headers and timestamp) and the secret LocalStack holds for the access key (``shim.credentials``): an
unsigned handshake, another service or region in the scope, a stale timestamp, an expired URL, an unknown
token or a mismatching signature is 403. LocalStack community does not evaluate the caller's IAM policies, so a
valid signature is enough, as for every other service of LocalStack community.
"""

import dataclasses
import hmac
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, unquote

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

from ...shim.credentials import InvalidAccessKey, SigningIdentity, signing_identity
from ..context import ConnectionInfo
from ..errors import InvalidSignature
from ..sources import header, header_values

SERVICE = "execute-api"
ALGORITHM = "AWS4-HMAC-SHA256"
MAX_CLOCK_SKEW = timedelta(minutes=15)
AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*SignedHeaders=(?P<signed>[^,\s]+),"
    r"\s*Signature=(?P<signature>[0-9a-fA-F]+)\s*"
)
MISSING_TOKEN = "Missing Authentication Token"
SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
    "Access Key and signing method. Consult the service documentation for details."
)
INVALID_TOKEN = "The security token included in the request is invalid."


def forbidden(message: str, detail: str, error_type: str = "InvalidSignatureException") -> InvalidSignature:
    return InvalidSignature(detail, message=message, error_type=error_type)


class _SignedHeadersSigV4(SigV4Auth):
    """botocore's SigV4 signer over exactly the headers the client signed (botocore itself would leave out
    headers it never signs, such as User-Agent, which another client may have signed)."""

    def __init__(self, credentials, region: str, signed_headers: HTTPHeaders):
        super().__init__(credentials, SERVICE, region)
        self._signed_headers = signed_headers

    def headers_to_sign(self, request):
        return self._signed_headers


def _timestamp(value: str | None) -> datetime:
    try:
        return datetime.strptime(value or "", SIGV4_TIMESTAMP).replace(tzinfo=UTC)
    except ValueError:
        raise forbidden(
            MISSING_TOKEN, f"invalid X-Amz-Date {value!r}", "IncompleteSignatureException"
        ) from None


@dataclasses.dataclass(frozen=True)
class Signature:
    """What the client signed, from its Authorization header or its presigned URL."""

    credential: str  # access key id / date / region / service / aws4_request
    signed_headers: str
    signature: str
    amz_date: str
    token: str | None
    query_pairs: list[str]  # the canonical query string's raw pairs (all but X-Amz-Signature)


def _stamp(moment: datetime) -> str:
    return moment.strftime(SIGV4_TIMESTAMP)


def header_signature(
    connection: ConnectionInfo, authorization: str, query_pairs: list[str], now
) -> Signature:
    match = AUTHORIZATION.fullmatch(authorization)
    if not match:
        raise forbidden(
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'. "
            f"Authorization={authorization}",
            "malformed Authorization header",
            "IncompleteSignatureException",
        )
    amz_date = header(connection.handshake_headers, "X-Amz-Date")
    signed_at = _timestamp(amz_date)
    if now - signed_at > MAX_CLOCK_SKEW:
        raise forbidden(
            f"Signature expired: {amz_date} is now earlier than {_stamp(now - MAX_CLOCK_SKEW)} "
            f"({_stamp(now)} - 15 min.)",
            "stale signature",
        )
    if signed_at - now > MAX_CLOCK_SKEW:
        raise forbidden(
            f"Signature not yet current: {amz_date} is still later than {_stamp(now + MAX_CLOCK_SKEW)} "
            f"({_stamp(now)} + 15 min.)",
            "signature from the future",
        )
    return Signature(
        match["credential"],
        match["signed"],
        match["signature"],
        amz_date,
        header(connection.handshake_headers, "X-Amz-Security-Token"),
        query_pairs,
    )


def query_signature(query: dict[str, str], query_pairs: list[str], now) -> Signature:
    missing = [
        p
        for p in ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders")
        if p not in query
    ]
    if missing or query["X-Amz-Algorithm"] != ALGORITHM:
        raise forbidden(
            MISSING_TOKEN,
            f"incomplete presigned URL (missing {missing})",
            "MissingAuthenticationTokenException",
        )
    amz_date = query["X-Amz-Date"]
    signed_at = _timestamp(amz_date)
    expires = int(query["X-Amz-Expires"]) if query.get("X-Amz-Expires", "").isdigit() else 0
    if now > signed_at + timedelta(seconds=expires) or signed_at - now > MAX_CLOCK_SKEW:
        raise forbidden(
            f"Signature expired: {amz_date} is now earlier than {_stamp(now - timedelta(seconds=expires))} "
            f"({_stamp(now)} - {expires} sec.)",
            "presigned URL expired",
        )
    return Signature(
        query["X-Amz-Credential"],
        query["X-Amz-SignedHeaders"],
        query["X-Amz-Signature"],
        amz_date,
        query.get("X-Amz-Security-Token"),
        [pair for pair in query_pairs if not pair.startswith("X-Amz-Signature=")],
    )


def verify(connection: ConnectionInfo, now: datetime | None = None) -> dict:
    """The signer's identity for ``requestContext.identity`` (accountId, caller, user, userArn, accessKey);
    raises InvalidSignature (403) unless the handshake carries a valid signature."""
    now = now or datetime.now(UTC)
    path, _, raw_query = connection.raw_uri.partition("?")
    query_pairs = [pair for pair in raw_query.split("&") if pair]
    query = dict(parse_qsl(raw_query, keep_blank_values=True))
    authorization = header(connection.handshake_headers, "Authorization")
    if authorization and authorization.startswith(ALGORITHM):
        signed = header_signature(connection, authorization, query_pairs, now)
    elif "X-Amz-Signature" in query:
        signed = query_signature(query, query_pairs, now)
    else:
        raise forbidden(MISSING_TOKEN, "the handshake is not signed", "MissingAuthenticationTokenException")
    identity = signer_identity(connection, signed)
    check_signature(connection, path, signed, identity.secret_access_key)
    return {
        "accountId": identity.account_id,
        "caller": identity.caller,
        "user": identity.user,
        "userArn": identity.user_arn,
        "accessKey": identity.access_key_id,
    }


def signer_identity(connection: ConnectionInfo, signed: Signature) -> SigningIdentity:
    """The access key's identity, once the credential scope is right for this API."""
    credential, amz_date = signed.credential, signed.amz_date
    access_key_id, _, scope = credential.partition("/")
    scope_parts = scope.split("/")
    if len(scope_parts) != 4 or scope_parts[3] != "aws4_request":
        raise forbidden(
            "Credential should be scoped to a valid region. ", f"invalid credential scope {credential}"
        )
    date, region, service, _ = scope_parts
    if service != SERVICE:
        raise forbidden(
            f"Credential should be scoped to correct service: '{SERVICE}'. ", f"scope {credential}"
        )
    if region != connection.region:
        raise forbidden("Credential should be scoped to a valid region. ", f"scope {credential}")
    if date != amz_date[:8]:
        raise forbidden(
            f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{date}' != '{amz_date[:8]}', from '{amz_date}'.",
            f"scope {credential}",
        )
    try:
        identity = signing_identity(access_key_id, region)
    except InvalidAccessKey as e:
        raise forbidden(INVALID_TOKEN, str(e), "UnrecognizedClientException") from None
    if identity.session_token is not None and signed.token != identity.session_token:
        raise forbidden(
            INVALID_TOKEN, "session token missing or not the access key's", "UnrecognizedClientException"
        )
    return identity


def check_signature(connection: ConnectionInfo, path: str, signed: Signature, secret_access_key: str) -> None:
    """Recomputes the signature with botocore over what the client signed; raises unless it matches."""
    signed_headers = HTTPHeaders()
    for name in signed.signed_headers.lower().split(";"):
        values = header_values(connection.handshake_headers, name)
        if not values:
            raise forbidden(SIGNATURE_MISMATCH, f"signed header {name} is not in the request")
        for value in values:
            signed_headers.add_header(name, value)
    host = signed_headers.get("host") or header(connection.handshake_headers, "Host") or ""
    url = f"{connection.scheme}://{host}{unquote(path) or '/'}"
    if signed.query_pairs:
        url += "?" + "&".join(signed.query_pairs)
    request = AWSRequest(method="GET", url=url, headers=dict(signed_headers.items()))
    request.context["timestamp"] = signed.amz_date
    access_key_id, _, scope = signed.credential.partition("/")
    signer = _SignedHeadersSigV4(
        Credentials(access_key_id, secret_access_key, signed.token), scope.split("/")[1], signed_headers
    )
    expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    if not hmac.compare_digest(expected, signed.signature.lower()):
        raise forbidden(SIGNATURE_MISMATCH, f"signature mismatch for access key {access_key_id}")
