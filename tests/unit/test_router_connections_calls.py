"""Which requests are @connections calls (execute_api/router.py ``connections_call_of``): the one reading of a
request that both the router and the reactor's gate (patches/connections_on_reactor.py) act on."""

import pytest

from localstack_ws_ext.execute_api.router import ConnectionsCall, connections_call_of, target_of

SIGNED_FOR_EXECUTE_API = "AWS4-HMAC-SHA256 Credential=test/20261129/us-east-1/execute-api/aws4_request, ..."
SIGNED_FOR_S3 = "AWS4-HMAC-SHA256 Credential=test/20261129/us-east-1/s3/aws4_request, ..."
LOCALSTACK = "127.0.0.1:4566"
API_HOST = "abc123.execute-api.localhost.localstack.cloud:4566"


@pytest.mark.parametrize(
    "path, host, authorization, expected",
    [
        (
            "/_aws/execute-api/abc123/dev/@connections/c1=",
            LOCALSTACK,
            "",
            ConnectionsCall("abc123", "dev", "c1="),
        ),
        (
            "/_aws/execute-api/ABC123/dev/@connections/c1=/",
            LOCALSTACK,
            "",
            ConnectionsCall("abc123", "dev", "c1="),
        ),
        ("/dev/@connections/c1=", API_HOST, "", ConnectionsCall("abc123", "dev", "c1=")),
        ("/@connections/c1=", LOCALSTACK, SIGNED_FOR_EXECUTE_API, ConnectionsCall(None, "", "c1=")),
        ("/@connections/c1=", LOCALSTACK, SIGNED_FOR_S3, None),  # an S3 key
        ("/@connections/c1=", LOCALSTACK, "", None),
        ("/_aws/execute-api/abc123//@connections/c1=", LOCALSTACK, "", None),  # no stage
        ("/_aws/execute-api/abc123/dev/@connections/c1=/more", LOCALSTACK, "", None),
        ("/_aws/execute-api/abc123/dev/connections/c1=", LOCALSTACK, "", None),
        ("/_aws/execute-api/abc123/dev", LOCALSTACK, "", None),
        ("/bucket/dev/@connections/c1=", "bucket.s3.localhost.localstack.cloud:4566", SIGNED_FOR_S3, None),
    ],
)
def test_which_requests_are_connections_calls(path, host, authorization, expected):
    assert connections_call_of(target_of(path, host), path, authorization) == expected
