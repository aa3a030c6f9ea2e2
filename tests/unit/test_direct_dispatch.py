"""@connections calls dispatched in the router (management/direct_dispatch.py): which calls qualify, and what it
relies on upstream. The answers themselves are compared with LocalStack's whole chain in tests/test_front_door.py."""

import inspect

import pytest
from localstack.aws.app import LocalstackAwsGateway
from localstack.http import Request

from localstack_ws_ext.management import direct_dispatch


class Context:
    def __init__(self, request: Request):
        self.request = request


@pytest.mark.parametrize(
    "method, query, headers, expected",
    [
        ("POST", "", {}, True),
        ("GET", "", {}, True),
        ("DELETE", "", {}, True),
        ("PUT", "", {}, False),  # LocalStack's chain answers what the management API does not have
        ("POST", "X-Amz-Signature=x", {}, False),  # a pre-signed URL
        ("POST", "", {"Origin": "http://example.com"}, False),  # CORS enforcement
        ("POST", "", {"Content-Encoding": "gzip"}, False),  # to be decoded first
    ],
)
def test_which_calls_are_dispatched_in_the_router(method, query, headers, expected):
    request = Request(method, "/@connections/abc%3D", query_string=query, headers=headers)
    assert direct_dispatch.can_dispatch(Context(request)) is expected


def test_the_steps_are_localstacks_own_in_its_chains_order():
    """Each step is one of LocalStack's request handlers, in the order its gateway runs them; the steps skipped are
    those before ``inject_auth_header_if_missing`` that find out what a request is."""
    from localstack.aws import handlers

    names = {id(handler): name for name, handler in vars(handlers).items()}
    step_names = [names[id(step)] for step in direct_dispatch.REQUEST_STEPS]
    source = inspect.getsource(LocalstackAwsGateway.__init__)
    positions = [source.index(f"handlers.{name},") for name in step_names]
    assert positions == sorted(positions), step_names
    skipped = source[source.index("handlers.preprocess_request,") : positions[0]]
    assert "handlers.parse_service_name," in skipped and "handlers.serve_edge_router_rules," in skipped
