"""TimeoutInMillis through next_gen's HTTP integrations (the shim against a real local HTTP server, with
patches/next_gen_integration_timeout.py installed as at LocalStack's startup)."""

import time

import pytest
import requests

from localstack_ws_ext.patches import next_gen_integration_timeout
from localstack_ws_ext.shim.http_integration import (
    BackendRequestFailed,
    BackendTimedOut,
    _timed_out,
    call_backend,
)
from tests.http_backend import Backend


@pytest.fixture(scope="module", autouse=True)
def installed():
    next_gen_integration_timeout.install()


@pytest.fixture(scope="module")
def backend():
    server = Backend()
    yield server
    server.stop()


@pytest.mark.parametrize("integration_type", ["HTTP", "HTTP_PROXY"])
def test_a_silent_backend_times_out(backend, integration_type):
    started = time.monotonic()
    with pytest.raises(BackendTimedOut):
        call_backend(integration_type, "POST", backend.url + "/sleep/1", [], {}, b"", timeout_seconds=0.2)
    assert time.monotonic() - started < 0.9


def test_a_backend_within_the_timeout_answers(backend):
    response = call_backend("HTTP_PROXY", "POST", backend.url + "/sleep/0.1", [], {}, b"", timeout_seconds=2)
    assert (response.status_code, response.body) == (200, b'{"slept": true}')


def test_an_unreachable_backend_is_no_timeout():
    with pytest.raises(BackendRequestFailed) as error:
        call_backend("HTTP_PROXY", "POST", "http://127.0.0.1:1/", [], {}, b"", timeout_seconds=2)
    assert not isinstance(error.value, BackendTimedOut)


def test_timed_out_follows_the_exception_chain():
    try:
        try:
            raise requests.exceptions.ReadTimeout("slow")
        except requests.exceptions.Timeout:
            raise RuntimeError("Network error communicating with endpoint") from None
    except RuntimeError as e:
        assert _timed_out(e)  # `from None` still keeps __context__
    assert not _timed_out(RuntimeError("other"))
