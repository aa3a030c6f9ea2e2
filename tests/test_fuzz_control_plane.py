"""Fuzzing the apigatewayv2 control plane (issue #12): every operation the extension serves, called in turn with
random and boundary values drawn from botocore's model of its input (empty, huge and unicode strings, ids of
other resources, negative and huge numbers, wrong JSON types, unknown members, deep nesting: tests/fuzz/shapes.py)
on a small world of real resources made fresh for each case (tests/fuzz/control_plane.py).

Every answer must be a 2xx or an AWS-shaped 4xx (one of the service's errors, with its status, named in
``x-amzn-ErrorType``, a JSON body with a ``message``), never a 5xx; every served operation is called; afterwards
LocalStack is healthy, its log holds no traceback, ERROR or 5xx, and a WebSocket connection opened before the
first case still answers after each one.

``WS_FUZZ_SEED`` / ``WS_FUZZ_BUDGET`` / ``WS_FUZZ_SECONDS`` / ``WS_FUZZ_CASE``: tests/fuzz/run.py.
"""

import json

import pytest

from tests.fuzz.control_plane import (
    aws_shaped,
    build_world,
    draw_call,
    error_statuses,
    operation_order,
    served_operations,
)
from tests.fuzz.run import FuzzRun, say
from tests.fuzz.server import LogWatch, assert_healthy
from tests.fuzz.shapes import RawCalls
from tests.websocket_apps import deploy_app

RUN = FuzzRun.from_environment("control-plane", "tests/test_fuzz_control_plane.py", per_case=1.0)
pytestmark = pytest.mark.timeout(RUN.timeout)

CALLS_PER_CASE = 16
MAX_FAILURES = 20


def _describe(params: dict) -> str:
    text = json.dumps(params, default=repr, ensure_ascii=True)
    return text if len(text) < 700 else text[:500] + f"...({len(text)} chars)"


def cleanup(v2, apis_before: set[str], domains_before: set[str]) -> None:
    """Deletes what the case made (the world, and what the fuzzed calls created)."""
    for api in v2.get_apis(MaxResults="500")["Items"]:
        if api["ApiId"] not in apis_before:
            v2.delete_api(ApiId=api["ApiId"])
    for domain in v2.get_domain_names(MaxResults="500")["Items"]:
        if domain["DomainName"] not in domains_before:
            v2.delete_domain_name(DomainName=domain["DomainName"])


def test_every_other_operation_answers_501(localstack):
    """What the fuzzer leaves out: the operations the extension does not serve answer LocalStack's 501 (called
    with members of the right types, so that the request parses)."""
    v2 = localstack.client("apigatewayv2", parameter_validation=False)
    model = v2.meta.service_model
    unserved = sorted(set(model.operation_names) - set(served_operations(model)))
    assert "CreateVpcLink" in unserved and "CreateRoute" not in unserved
    calls = RawCalls(v2)
    typed = {"string": "x", "integer": 1, "long": 1, "boolean": False, "list": [], "map": {}, "structure": {}}
    for operation in unserved:
        shape = model.operation_model(operation).input_shape
        params = {
            name: typed[shape.members[name].type_name] for name in (shape.required_members if shape else [])
        }
        outcome = calls.call(operation, params)
        assert (outcome.status, outcome.code) == (501, "InternalFailure"), (operation, outcome[:3])


def test_fuzz_control_plane(localstack, capsys):
    say(capsys, RUN.header())
    v2 = localstack.client("apigatewayv2")
    raw = RawCalls(localstack.client("apigatewayv2", parameter_validation=False))
    model = raw.model
    errors = error_statuses(model)
    operations = operation_order(RUN.seed, served_operations(model))
    bystander_app = deploy_app(localstack, routes=("$default",))
    apis_before = {api["ApiId"] for api in v2.get_apis(MaxResults="500")["Items"]}
    domains_before = {d["DomainName"] for d in v2.get_domain_names(MaxResults="500")["Items"]}
    watch = LogWatch(localstack)
    failures: list[str] = []
    operations_called: set[str] = set()
    with bystander_app.connect() as bystander:
        for case in RUN.cases():
            world = build_world(v2, case.label, case.rng)
            for call_index in range(CALLS_PER_CASE):
                operation = operations[(case.index * CALLS_PER_CASE + call_index) % len(operations)]
                params = draw_call(case.rng, operation, model, world)
                outcome = raw.call(operation, params)
                operations_called.add(operation)
                RUN.counts["calls"] += 1
                if outcome.status is None:
                    RUN.counts["not sent (botocore refused)"] += 1
                    continue
                RUN.counts[f"{outcome.status // 100}xx"] += 1
                if outcome.status >= 400:
                    RUN.counts[outcome.code or "no code"] += 1
                if why := aws_shaped(outcome, errors):
                    failures.append(
                        f"{case.replay()} call={call_index}\n  {operation} {_describe(params)}\n"
                        f"  -> {outcome.status} {outcome.code}: {outcome.message[:500]}\n  {why}"
                    )
            cleanup(v2, apis_before, domains_before)
            # a connection opened before the first case still answers
            bystander.send(f"after case {case.index}")
            assert json.loads(bystander.recv(timeout=30))["echo"] == f"after case {case.index}"
            if len(failures) >= MAX_FAILURES:
                break
    RUN.counts["operations"] = len(operations_called)
    say(capsys, RUN.figures())
    assert not failures, f"{len(failures)} answers were neither 2xx nor an AWS-shaped 4xx:\n\n" + "\n\n".join(
        failures
    )
    if RUN.only_case is None and not RUN.stopped_by_time and RUN.ran * CALLS_PER_CASE >= len(operations):
        assert operations_called == set(operations), sorted(set(operations) - operations_called)
    assert_healthy(localstack, watch)
