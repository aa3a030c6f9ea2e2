"""next_gen's integration requests get the timeout of ``request_timeout()`` (patches/next_gen_integration_timeout.py),
none outside it, and what the patch relies on upstream."""

import inspect
import re

import pytest
import requests

from localstack_ws_ext.patches import next_gen_integration_timeout
from localstack_ws_ext.patches.next_gen_integration_timeout import RequestsWithTimeout, request_timeout


@pytest.fixture(scope="module")
def integrations():
    next_gen_integration_timeout.install()
    from localstack.services.apigateway.next_gen.execute_api.integrations import aws, http

    return http, aws


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(requests, "request", lambda *args, **kwargs: calls.append(kwargs.get("timeout")))
    return calls


def test_the_timeout_applies_inside_the_block_only(sent):
    patched = RequestsWithTimeout()
    patched.request(method="GET", url="http://example.invalid")
    with request_timeout(0.5):
        patched.request(method="GET", url="http://example.invalid")
        patched.request(method="GET", url="http://example.invalid", timeout=7)  # a timeout of the call stays
        with request_timeout(None):
            patched.request(method="GET", url="http://example.invalid")
        patched.request(method="GET", url="http://example.invalid")
    patched.request(method="GET", url="http://example.invalid")
    assert sent == [None, 0.5, 7, None, 0.5, None]


def test_everything_else_is_requests_itself():
    patched = RequestsWithTimeout()
    assert patched.exceptions is requests.exceptions
    assert patched.Session is requests.Session


def test_both_integration_modules_are_patched_once(integrations):
    patched = [module.requests for module in integrations]
    assert all(isinstance(p, RequestsWithTimeout) for p in patched)
    next_gen_integration_timeout.install()
    assert [module.requests for module in integrations] == patched


def test_what_the_patch_relies_on_is_still_upstream(integrations):
    http, aws = integrations
    for module in integrations:
        assert re.search(r"^import requests$", inspect.getsource(module), re.M)
    # every integration that sends, sends with requests.request(**request_parameters) and sets no timeout itself
    for invoke in (
        http.RestApiHttpIntegration.invoke,
        http.RestApiHttpProxyIntegration.invoke,
        aws.RestApiAwsIntegration.invoke,
    ):
        code = "\n".join(
            line for line in inspect.getsource(invoke).splitlines() if not line.strip().startswith("#")
        )
        assert "requests.request(**request_parameters)" in code
        assert "timeout" not in code
    for module in integrations:
        code = inspect.getsource(module).replace("requests.request(**request_parameters)", "")
        assert not re.search(r"requests\.(get|post|put|delete|Session|request)\b", code)
    # a timeout still becomes next_gen's error, which the shim maps to BackendTimedOut by its cause
    source = inspect.getsource(http.RestApiHttpIntegration.invoke)
    assert "except (requests.exceptions.Timeout, requests.exceptions.SSLError) as e:" in source
