"""Interpreter discovery for the local executor (pure logic, real interpreters on this host)."""

import sys

import pytest

from localstack_ws_ext.lambda_runtime import interpreters
from localstack_ws_ext.lambda_runtime.interpreters import (
    InterpreterNotFound,
    find_interpreter,
)
from localstack_ws_ext.settings import runtime_interpreter_variable


@pytest.fixture(autouse=True)
def fresh_cache():
    find_interpreter.cache_clear()
    yield
    find_interpreter.cache_clear()


@pytest.mark.parametrize(
    "runtime, variable",
    [("python3.12", "LAMBDA_LOCAL_RUNTIME_PYTHON3_12"), ("nodejs20.x", "LAMBDA_LOCAL_RUNTIME_NODEJS20_X")],
)
def test_override_variable_names(runtime, variable):
    assert runtime_interpreter_variable(runtime) == variable


def test_override_that_does_not_run_is_named_in_the_error(environment):
    environment(LAMBDA_LOCAL_RUNTIME_PYTHON3_12="/nonexistent/python")
    with pytest.raises(InterpreterNotFound) as error:
        find_interpreter("python3.12")
    assert str(error.value) == (
        "LAMBDA_LOCAL_RUNTIME_PYTHON3_12=/nonexistent/python does not run; "
        "point it at a working interpreter for runtime python3.12."
    )


def test_override_is_used_as_given(environment):
    environment(LAMBDA_LOCAL_RUNTIME_PYTHON3_9=sys.executable)
    interpreter = find_interpreter("python3.9")
    assert interpreter.path == sys.executable
    assert interpreter.language == "python"


def test_only_a_matching_version_serves_a_runtime(monkeypatch, environment):
    # candidates that run but have the wrong version (here: this interpreter for python3.9) are not taken
    monkeypatch.setattr(interpreters, "_python_candidates", lambda major, minor: [sys.executable])
    environment(LAMBDA_LOCAL_RUNTIME_PYTHON3_9="")
    if sys.version_info[:2] == (3, 9):
        pytest.skip("this interpreter is 3.9")
    with pytest.raises(InterpreterNotFound) as error:
        find_interpreter("python3.9")
    assert str(error.value) == (
        "No python3.9 interpreter found on this host for runtime python3.9: install one, or set "
        "LAMBDA_LOCAL_RUNTIME_PYTHON3_9=/path/to/interpreter."
    )


def test_unsupported_runtime():
    with pytest.raises(
        InterpreterNotFound, match="Runtime 'java21' is not supported by the local Lambda executor"
    ):
        find_interpreter("java21")
