"""Pure logic of $connect authorization: policy evaluation, identity sources, authorizer output, the result
cache, the authorizer event and SigV4 verification (against botocore's own signer)."""

import json
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from localstack_ws_ext.execute_api import events
from localstack_ws_ext.execute_api.authorizers import iam, lambda_request
from localstack_ws_ext.execute_api.authorizers.cache import AuthorizerCache
from localstack_ws_ext.execute_api.authorizers.identity_sources import identity_source_values
from localstack_ws_ext.execute_api.authorizers.output import (
    AuthorizerOutput,
    InvalidAuthorizerOutput,
    parse_output,
    stringify_context,
)
from localstack_ws_ext.execute_api.authorizers.policy import MalformedPolicy, is_allowed, wildcard_match
from localstack_ws_ext.execute_api.errors import AccessDenied, InvalidSignature, Unauthorized
from localstack_ws_ext.shim.credentials import SigningIdentity
from tests.unit.test_events import connect_context, connection

ARN = "arn:aws:execute-api:us-east-1:000000000000:abcdef1234/prod/$connect"


def allow(resource, effect="Allow", action="execute-api:Invoke"):
    return {
        "Version": "2012-10-17",
        "Statement": [{"Action": action, "Effect": effect, "Resource": resource}],
    }


# --- policy -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "resource, allowed",
    [
        (ARN, True),
        ("arn:aws:execute-api:us-east-1:000000000000:abcdef1234/prod/*", True),
        ("arn:aws:execute-api:us-east-1:000000000000:abcdef1234/*", True),
        ("arn:aws:execute-api:*:*:abcdef1234/*/$connect", True),
        ("arn:aws:execute-api:us-east-1:000000000000:abcdef1234/?rod/$connect", True),
        ("*", True),
        ("arn:aws:execute-api:us-east-1:000000000000:abcdef1234/prod/*/*", False),  # REST style
        ("arn:aws:execute-api:us-east-1:000000000000:abcdef1234/dev/*", False),
        ("arn:aws:execute-api:us-east-1:000000000000:abcdef1234/prod/$default", False),
        ("arn:aws:execute-api:us-east-1:000000000000:ABCDEF1234/prod/$connect", False),  # case-sensitive
        ([ARN.replace("prod", "dev"), ARN], True),
    ],
)
def test_policy_resources_with_wildcards(resource, allowed):
    assert is_allowed(allow(resource), ARN) is allowed


@pytest.mark.parametrize(
    "action, allowed",
    [
        ("execute-api:Invoke", True),
        ("execute-api:*", True),
        ("*", True),
        ("EXECUTE-API:invoke", True),
        ("execute-api:ManageConnections", False),
        (["s3:*", "execute-api:Inv*"], True),
    ],
)
def test_policy_actions(action, allowed):
    assert is_allowed(allow(ARN, action=action), ARN) is allowed


def test_explicit_deny_wins_and_no_allow_is_deny():
    document = allow("*")
    document["Statement"].append({"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": ARN})
    assert is_allowed(document, ARN) is False
    assert is_allowed(allow(ARN, effect="Deny"), ARN) is False
    assert is_allowed({"Version": "2012-10-17", "Statement": []}, ARN) is False
    # a single statement as an object, NotResource
    assert is_allowed({"Statement": {"Action": "*", "Effect": "Allow", "Resource": ARN}}, ARN) is True
    assert (
        is_allowed({"Statement": [{"Action": "*", "Effect": "Allow", "NotResource": "*dev*"}]}, ARN) is True
    )


@pytest.mark.parametrize(
    "document",
    [
        None,
        "policy",
        {"Statement": "x"},
        {"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]},
        {"Statement": [{"Effect": "Allow", "Resource": "*"}]},
        {"Statement": [{"Effect": "Allow", "Action": "*"}]},
        {"Statement": [{"Effect": "Allow", "Action": 5, "Resource": "*"}]},
    ],
)
def test_malformed_policies(document):
    with pytest.raises(MalformedPolicy):
        is_allowed(document, ARN)


def test_wildcards_are_not_regular_expressions():
    assert wildcard_match("a.b", "a.b") and not wildcard_match("a.b", "axb")
    assert wildcard_match("a*", "a/b/c") and wildcard_match("a?c", "abc") and not wildcard_match("a?c", "ac")


# --- identity sources -----------------------------------------------------------------------------------------


def values(sources, headers=(), query=None, stage_variables=None, **connection):
    context = connect_context(handshake_headers=list(headers), query_string=query or {}, **connection)
    context.stage_variables = stage_variables or {}
    return identity_source_values(context, sources)


def test_identity_sources_from_every_place():
    assert values(
        [
            "route.request.header.Auth",
            "route.request.querystring.token",
            "stageVariables.color",
            "context.identity.sourceIp",
            "context.connectedAt",
        ],
        headers=[("auth", "h1"), ("AUTH", "h2")],
        query={"token": ["t1", "t2"]},
        stage_variables={"color": "blue"},
        source_ip="1.2.3.4",
        connected_at=17,
    ) == ["h2", "t2", "blue", "1.2.3.4", "17"]
    assert values([]) == []


@pytest.mark.parametrize(
    "source",
    [
        "route.request.header.Auth",
        "route.request.querystring.Token",
        "stageVariables.x",
        "context.nothing",
        "context.identity",
    ],
)
def test_missing_or_empty_identity_source_is_none(source):
    assert values([source], headers=[("Other", "x"), ("Auth", "")], query={"token": ["x"]}) is None


# --- authorizer output ------------------------------------------------------------------------------------------


def output(**answer):
    return parse_output(json.dumps(answer).encode(), 8192)


def test_context_is_stringified_as_api_gateway_does():
    assert stringify_context({"s": "acme", "t": True, "f": False, "i": 10, "x": 1.5, "n": None, "z": 0}) == {
        "s": "acme",
        "t": "true",
        "f": "false",
        "i": "10",
        "x": "1.5",
        "n": None,
        "z": "0",
    }
    result = output(
        principalId=42, policyDocument=allow(ARN), context={"admin": True}, usageIdentifierKey="k"
    )
    assert (result.principal_id, result.context, result.usage_identifier_key) == (
        "42",
        {"admin": "true"},
        "k",
    )


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b'"allow"',
        b"[1]",
        b"null",
        json.dumps({"policyDocument": allow(ARN)}).encode(),  # no principalId
        json.dumps({"principalId": "u"}).encode(),  # no policy
        json.dumps({"principalId": "u", "policyDocument": allow(ARN), "context": {"a": {"b": 1}}}).encode(),
        json.dumps({"principalId": "u", "policyDocument": allow(ARN), "context": {"a": [1]}}).encode(),
        json.dumps({"principalId": "u", "policyDocument": allow(ARN), "context": "x"}).encode(),
        json.dumps(
            {"principalId": "u", "policyDocument": allow(ARN), "context": {"big": "x" * 9000}}
        ).encode(),
    ],
)
def test_invalid_outputs(payload):
    with pytest.raises(InvalidAuthorizerOutput):
        parse_output(payload, 8192)


# --- cache ----------------------------------------------------------------------------------------------------

TOKEN_AUTHORIZER = {
    "AuthorizerId": "a1b2c3",
    "AuthorizerUri": "arn:aws:lambda:us-east-1:000000000000:function:auth",
    "IdentitySource": ["route.request.querystring.token"],
    "AuthorizerResultTtlInSeconds": 300,
}


def test_cache_expiry_bound_and_clear():
    now = [100.0]
    cache = AuthorizerCache(max_entries=2, clock=lambda: now[0])
    cache.put("a", 1, 10)
    cache.put("zero", 0, 0)  # TTL 0: not cached
    assert (cache.get("a"), cache.get("zero")) == (1, None)
    now[0] = 109.9
    assert cache.get("a") == 1
    now[0] = 110
    assert cache.get("a") is None and len(cache) == 0
    cache.put("a", 1, 10)
    cache.put("b", 2, 10)
    cache.get("a")  # a is now the most recently used
    cache.put("c", 3, 10)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    cache.clear()
    assert len(cache) == 0


@pytest.fixture
def authorizer_answers(monkeypatch):
    """What the (never invoked) authorizer function answers, by token; the tokens it was asked about."""
    answers = {"allow": allow(ARN), "deny": allow(ARN, effect="Deny")}
    asked = []

    def invoke(context, authorizer):
        token = context.connection.query_string["token"][-1]
        asked.append(token)
        return AuthorizerOutput(f"user-{token}", answers[token], {"tenant": "acme"}, None)

    monkeypatch.setattr(lambda_request, "invoke_authorizer", invoke)
    return asked


def authorize(token: str | None, results: AuthorizerCache, authorizer=TOKEN_AUTHORIZER):
    query = {"token": [token]} if token is not None else {}
    return lambda_request.authorize(connect_context(query_string=query), authorizer, results)


def test_results_are_cached_by_identity_source_values_until_the_ttl(authorizer_answers):
    now = [1000.0]
    results = AuthorizerCache(clock=lambda: now[0])
    first = authorize("allow", results)
    assert first.authorizer["principalId"] == "user-allow" and first.authorizer["tenant"] == "acme"
    assert authorize("allow", results).authorizer["integrationLatency"] == 0  # from the cache
    with pytest.raises(AccessDenied):
        authorize("deny", results)
    with pytest.raises(AccessDenied):
        authorize("deny", results)  # a Deny is cached too
    assert authorizer_answers == ["allow", "deny"]
    now[0] += 299.9
    authorize("allow", results)
    assert authorizer_answers == ["allow", "deny"]
    now[0] += 0.1  # the TTL has passed
    authorize("allow", results)
    assert authorizer_answers == ["allow", "deny", "allow"]


def test_without_ttl_or_identity_value_nothing_is_cached(authorizer_answers):
    results = AuthorizerCache(clock=lambda: 0.0)
    uncached = {**TOKEN_AUTHORIZER, "AuthorizerResultTtlInSeconds": 0}
    authorize("allow", results, uncached)
    authorize("allow", results, uncached)
    assert authorizer_answers == ["allow", "allow"] and len(results) == 0
    with pytest.raises(Unauthorized):
        authorize(None, results)  # a missing identity source: 401 without invoking the authorizer
    assert authorizer_answers == ["allow", "allow"]


# --- authorizer event -----------------------------------------------------------------------------------------


def test_authorizer_event_shape():
    info = connection()
    event = events.authorizer_event(info, ARN, "rid", "Root=1-00000000-000000000000000000000000", {})
    assert list(event) == [
        "type",
        "methodArn",
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "stageVariables",
        "requestContext",
    ]
    assert (event["type"], event["methodArn"], event["stageVariables"]) == ("REQUEST", ARN, {})
    assert {"Connection": "Upgrade", "Upgrade": "websocket", "content-length": "0"}.items() <= event[
        "headers"
    ].items()
    assert event["requestContext"]["routeKey"] == "$connect"
    assert event["requestContext"]["connectionId"] == info.connection_id
    assert "authorizer" not in event["requestContext"]
    assert "isBase64Encoded" not in event
    without_query = events.authorizer_event(connection(query_string={}), ARN, "rid", "t", {"a": "b"})
    assert "queryStringParameters" not in without_query and without_query["stageVariables"] == {"a": "b"}


def test_identity_carries_iam_and_api_key_fields():
    info = connection(
        api_key=("key", "kid"), iam_identity={"accountId": "1", "caller": "c", "accessKey": "A"}
    )
    assert info.identity() == {
        "apiKey": "key",
        "apiKeyId": "kid",
        "accountId": "1",
        "caller": "c",
        "accessKey": "A",
        "userAgent": "Mozilla/5.0",
        "sourceIp": "203.0.113.15",
    }


# --- SigV4 verification ---------------------------------------------------------------------------------------

HOST = "127.0.0.1:4566"
PATH = "/_aws/execute-api/abcdef1234/prod"
NOW = datetime(2024, 2, 19, 7, 11, 42, tzinfo=UTC)  # the verifier's clock, and when requests are signed
ROOT = SigningIdentity(
    "test", "test", None, "000000000000", "000000000000", "000000000000", "arn:aws:iam::000000000000:root"
)


def signed_connection(
    signer_class=SigV4Auth,
    secret="test",
    query="a=1&b=x%20y",
    when=NOW,
    service="execute-api",
    region="us-east-1",
    **signer_args,
):
    request = AWSRequest(method="GET", url=f"http://{HOST}{PATH}" + (f"?{query}" if query else ""))
    signer = signer_class(Credentials("test", secret), service, region, **signer_args)
    with mock.patch("botocore.auth.get_current_datetime", return_value=when.replace(tzinfo=None)):
        signer.add_auth(request)
    raw_uri = request.url.removeprefix(f"http://{HOST}")
    headers = [("Host", HOST), ("Connection", "Upgrade"), ("User-Agent", "ua")]
    headers += [(name, value) for name, value in request.headers.items()]
    return connection(handshake_headers=headers, raw_uri=raw_uri, scheme="http", user_agent="ua")


@pytest.fixture(autouse=False)
def root_key():
    with mock.patch.object(iam, "signing_identity", return_value=ROOT):
        yield


def verify(info) -> dict:
    return iam.verify(info, now=NOW)


def test_header_signature_verifies(root_key):
    assert verify(signed_connection()) == {
        "accountId": "000000000000",
        "caller": "000000000000",
        "user": "000000000000",
        "userArn": "arn:aws:iam::000000000000:root",
        "accessKey": "test",
    }
    assert verify(signed_connection(query=""))["accessKey"] == "test"


def test_presigned_url_verifies(root_key):
    assert verify(signed_connection(SigV4QueryAuth, expires=60))["accessKey"] == "test"
    # valid for its 60 s, not after
    assert iam.verify(signed_connection(SigV4QueryAuth, expires=60), now=NOW + timedelta(seconds=60))
    with pytest.raises(InvalidSignature):
        iam.verify(signed_connection(SigV4QueryAuth, expires=60), now=NOW + timedelta(seconds=61))


def forbidden(info) -> InvalidSignature:
    with pytest.raises(InvalidSignature) as failure:
        verify(info)
    assert failure.value.status_code == 403
    return failure.value


def test_invalid_signatures(root_key):
    assert forbidden(connection(raw_uri=PATH)).message == "Missing Authentication Token"
    assert forbidden(signed_connection(secret="wrong")).message.startswith(
        "The request signature we calculated"
    )
    tampered = signed_connection()
    tampered.raw_uri = tampered.raw_uri.replace("a=1", "a=2")
    assert forbidden(tampered).message.startswith("The request signature we calculated")
    old = NOW - timedelta(minutes=20)
    assert forbidden(signed_connection(when=old)).message.startswith("Signature expired")
    assert verify(signed_connection(when=NOW - timedelta(minutes=14)))  # within the allowed clock skew
    future = NOW + timedelta(minutes=20)
    assert forbidden(signed_connection(when=future)).message.startswith("Signature not yet current")
    assert forbidden(signed_connection(SigV4QueryAuth, when=old, expires=60)).message.startswith(
        "Signature expired"
    )
    presigned = signed_connection(SigV4QueryAuth, expires=60)
    presigned.raw_uri = presigned.raw_uri.replace("a=1", "a=3")
    assert forbidden(presigned).message.startswith("The request signature we calculated")


def test_scope_must_be_execute_api_in_the_api_region(root_key):
    assert (
        forbidden(signed_connection(service="lambda")).message
        == "Credential should be scoped to correct service: 'execute-api'. "
    )
    assert (
        forbidden(signed_connection(region="eu-west-1")).message
        == "Credential should be scoped to a valid region. "
    )


def test_temporary_credentials_need_their_token():
    temporary = SigningIdentity(
        "test", "test", "token-1", "000000000000", "AROA:s", "AROA:s", "arn:aws:sts::x"
    )
    with mock.patch.object(iam, "signing_identity", return_value=temporary):
        assert (
            forbidden(signed_connection()).message == "The security token included in the request is invalid."
        )


@pytest.mark.parametrize(
    "headers, raw_uri",
    [
        ([("Authorization", "AWS4-HMAC-SHA256 garbage")], PATH),
        ([("Authorization", "AWS4-HMAC-SHA256 Credential=test, SignedHeaders=host, Signature=00")], PATH),
        (
            [
                (
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=test/x/us-east-1/execute-api/aws4_request, "
                    "SignedHeaders=host, Signature=00",
                ),
                ("X-Amz-Date", "yesterday"),
            ],
            PATH,
        ),
        ([], PATH + "?X-Amz-Signature=00"),
        (
            [],
            PATH + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test&X-Amz-Date=bad"
            "&X-Amz-SignedHeaders=host&X-Amz-Expires=x&X-Amz-Signature=00",
        ),
    ],
)
def test_malformed_signatures_are_403_not_crashes(root_key, headers, raw_uri):
    forbidden(connection(handshake_headers=[("Host", HOST), *headers], raw_uri=raw_uri))
