"""The patches of LocalStack's own behaviour: each applies to the localstack-core it was written for, and each test
here fails when the upstream code it relies on moves."""

import importlib
import inspect
import logging
import pathlib
import subprocess
import sys
import types

import pytest

from localstack_ws_ext import patches
from localstack_ws_ext.patches import cloudformation_refs, cloudformation_urls
from localstack_ws_ext.patches.after_import import after_import


@pytest.fixture(scope="module", autouse=True)
def installed():
    return patches.install_all()


def test_every_patch_is_written_for_the_installed_localstack(installed):
    assert installed == list(patches.PATCHES)


def test_a_patch_for_another_localstack_is_left_out_with_one_log_line(monkeypatch, caplog):
    monkeypatch.setattr(patches, "localstack_version", lambda: "2027.1.0")
    with caplog.at_level(logging.WARNING):
        assert patches.install_all() == []
    lines = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert len(lines) == len(patches.PATCHES)
    first = importlib.import_module(f"{patches.__name__}.{patches.PATCHES[0]}")
    assert lines[0] == (
        f"localstack-ws-ext: not applying patch {patches.PATCHES[0]} (written for localstack-core 2026.3, "
        f"this is 2027.1.0): {patches.summary(first)}"
    )
    assert patches.summary(first).endswith(".")  # the whole first paragraph, not a line cut short


@pytest.mark.parametrize(
    "installed, applies",
    [("2026.3.0", True), ("2026.3.12", True), ("2026.3", True), ("2026.30.0", False), ("2026.4.0", False)],
)
def test_version_prefixes(installed, applies):
    assert patches.applies(("2026.3",), installed) is applies


PATCHES_DIR = pathlib.Path(patches.__file__).parent
HELPERS = {"__init__", "after_import", "replacing"}  # modules of this package that patch nothing themselves


def test_every_patch_module_is_listed_and_complete():
    assert sorted(p.stem for p in PATCHES_DIR.glob("*.py") if p.stem not in HELPERS) == sorted(
        patches.PATCHES
    )
    for name in patches.PATCHES:
        patch = importlib.import_module(f"{patches.__name__}.{name}")
        assert patch.VERSIONS and all(isinstance(v, str) for v in patch.VERSIONS), name
        assert callable(patch.install) and not inspect.signature(patch.install).parameters, name
        assert len((patch.__doc__ or "").strip().splitlines()) >= 3, (
            f"{name}: what LocalStack does, why, what changes"
        )
        assert hasattr(patch, "enabled") == hasattr(patch, "SWITCH"), name


def test_docs_list_every_patch_with_its_versions():
    table = (PATCHES_DIR.parents[1] / "docs" / "patches.md").read_text()
    for name in patches.PATCHES:
        patch = importlib.import_module(f"{patches.__name__}.{name}")
        rows = [line for line in table.splitlines() if line.startswith(f"| `{name}`")]
        assert len(rows) == 1, name
        assert all(version in rows[0] for version in patch.VERSIONS), name
        if hasattr(patch, "SWITCH"):
            assert f"`{patch.SWITCH}" in rows[0], name


def test_a_patch_that_fails_is_left_out_with_one_log_line(monkeypatch, caplog):
    broken = types.ModuleType(f"{patches.__name__}.broken_probe", "A probe.\n\nWhat.\nWhy.")
    broken.VERSIONS = ("2026.3",)

    def install():
        raise AttributeError("upstream moved")

    broken.install = install
    monkeypatch.setitem(sys.modules, broken.__name__, broken)
    monkeypatch.setattr(patches, "PATCHES", ("broken_probe", *patches.PATCHES))
    with caplog.at_level(logging.WARNING):
        assert patches.install_all() == list(patches.PATCHES[1:])
    assert [r.getMessage() for r in caplog.records if r.name == patches.__name__] == [
        "localstack-ws-ext: patch broken_probe not applied: AttributeError: upstream moved"
    ]


def test_a_patch_that_fails_on_import_fails_in_one_log_line_not_the_import(tmp_path, monkeypatch, caplog):
    (tmp_path / "ws_ext_failing_probe.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    def patch(module):
        raise TypeError("not what the patch expects")

    patch.__module__ = "localstack_ws_ext.patches.probe"
    after_import("ws_ext_failing_probe", patch)
    with caplog.at_level(logging.WARNING):
        import ws_ext_failing_probe

    assert ws_ext_failing_probe.VALUE == 1
    assert [r.getMessage() for r in caplog.records if r.name == "localstack_ws_ext.patches.after_import"] == [
        "localstack-ws-ext: patch probe not applied to ws_ext_failing_probe: TypeError: not what the patch expects"
    ]
    del sys.modules["ws_ext_failing_probe"]


NOTHING_PATCHED_AT_IMPORT = """
import importlib, pathlib, sys, threading
import airspeed, requests
import localstack_ws_ext

root = pathlib.Path(localstack_ws_ext.__file__).parent
for path in sorted(root.rglob("*.py")):
    if "bootstraps" in path.parts:
        continue  # scripts of the function processes
    parts = path.relative_to(root.parent).with_suffix("").parts
    importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))

from localstack.services.apigateway.next_gen.execute_api.integrations import aws, http
from localstack.services.cloudformation.engine.v2 import change_set_model, change_set_model_executor
from localstack.services.cloudformation.engine.v2 import change_set_model_preproc
from localstack.services.cloudformation.v2 import entities
from localstack.services.lambda_.invocation import execution_environment, logs, version_manager
from localstack.services.plugins import ServiceContainer
from localstack.utils.aws import templating
from localstack.utils import threads

patched = [
    getattr(target, "_ws_ext_patched", False)
    for target in (
        ServiceContainer.start,
        version_manager.start_thread,
        logs.LogHandler.run_log_loop,
        change_set_model.ChangeSetModel._resolve_intrinsic_function_ref,
        change_set_model_executor.ChangeSetModelExecutor.execute,
        entities.Stack.set_stack_status,
        change_set_model_preproc.ChangeSetModelPreproc._perform_static_replacements,
    )
]
assert patched == [False] * len(patched), patched
assert execution_environment.Timer is threading.Timer
assert version_manager.start_thread is threads.start_thread
assert templating.airspeed is airspeed
assert http.requests is requests and aws.requests is requests
assert "wss?" not in change_set_model_preproc.REGEX_OUTPUT_APIGATEWAY.pattern
assert not any(type(f).__module__.startswith("localstack_ws_ext") for f in sys.meta_path)
print("untouched")
"""


def test_nothing_is_patched_when_the_extension_is_imported():
    """Patches are installed by install_all() at startup, never as a side effect of importing a module."""
    result = subprocess.run(
        [sys.executable, "-c", NOTHING_PATCHED_AT_IMPORT],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PATCHES_DIR.parents[1],
    )
    assert result.stdout.strip().splitlines()[-1:] == ["untouched"], result.stderr[-3000:]


def test_after_import_runs_on_first_import_and_at_once_after(tmp_path, monkeypatch):
    (tmp_path / "ws_ext_probe_module.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    seen = []
    after_import("ws_ext_probe_module", lambda module: seen.append(("first", module.VALUE)))
    assert seen == []
    import ws_ext_probe_module  # noqa: F401

    assert seen == [("first", 1)]
    after_import("ws_ext_probe_module", lambda module: seen.append(("later", module.VALUE)))
    assert seen == [("first", 1), ("later", 1)]
    del sys.modules["ws_ext_probe_module"]


# --- cloudformation_urls ---------------------------------------------------------------------------------------


def test_websocket_urls_get_localstacks_port_in_both_engines():
    from localstack.services.cloudformation.engine import template_deployer
    from localstack.services.cloudformation.engine.v2 import change_set_model_preproc as preproc
    from localstack.utils.urls import localstack_host

    port = localstack_host().port
    for module in (preproc, template_deployer):
        assert module.REGEX_OUTPUT_APIGATEWAY.pattern.startswith(
            cloudformation_urls.HTTP_AND_WEBSOCKET_SCHEMES
        )
    replace = preproc.ChangeSetModelPreproc._perform_static_replacements
    for scheme in ("wss", "ws", "https", "http"):
        url = f"{scheme}://abc123.execute-api.us-east-1.localhost.localstack.cloud/dev"
        assert replace(url) == f"{scheme}://abc123.execute-api.localhost.localstack.cloud:{port}/dev"
    assert replace("wss://example.com/dev") == "wss://example.com/dev"
    # the host AWS's chat-app template spells out becomes LocalStack's (LocalStack kept amazonaws.com)
    assert replace("wss://abc123.execute-api.eu-west-1.amazonaws.com/Prod") == (
        f"wss://abc123.execute-api.localhost.localstack.cloud:{port}/Prod"
    )
    assert replace.__wrapped__("https://abc123.execute-api.eu-west-1.amazonaws.com/Prod") == (
        f"https://abc123.execute-api.amazonaws.com:{port}/Prod"
    )


def test_the_url_pattern_is_refused_when_upstream_changes_it():
    import re

    with pytest.raises(ValueError):
        cloudformation_urls.with_websocket_schemes(re.compile(r"^(?:https?)://(.+)$"))


# --- cloudformation_refs ------------------------------------------------------------------------------------------


def _resource_nodes(before: dict, after: dict) -> dict:
    from localstack.services.cloudformation.engine.v2.change_set_model import ChangeSetModel

    model = ChangeSetModel(
        before_template=before, after_template=after, before_parameters={}, after_parameters={}
    )
    return {node.name: node for node in model.get_update_model().node_template.resources.resources}


def _template(description: str, api_type: str = "WEBSOCKET") -> dict:
    return {
        "Resources": {
            "Api": {
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {"Name": "a", "ProtocolType": api_type, "Description": description},
            },
            "Route": {
                "Type": "AWS::ApiGatewayV2::Route",
                "Properties": {"ApiId": {"Ref": "Api"}, "RouteKey": "$default"},
            },
        }
    }


def test_a_ref_to_a_resource_updated_in_place_is_unchanged():
    from localstack.services.cloudformation.engine.v2.change_set_model import ChangeType

    nodes = _resource_nodes(_template("one"), _template("two"))
    assert (nodes["Api"].change_type, nodes["Api"].requires_replacement) == (ChangeType.MODIFIED, False)
    assert (nodes["Route"].change_type, nodes["Route"].requires_replacement) == (ChangeType.UNCHANGED, False)


def test_a_ref_to_a_replaced_resource_stays_modified():
    from localstack.services.cloudformation.engine.v2.change_set_model import ChangeType

    nodes = _resource_nodes(_template("one"), _template("one", api_type="HTTP"))
    assert nodes["Api"].requires_replacement is True
    assert (nodes["Route"].change_type, nodes["Route"].requires_replacement) == (ChangeType.MODIFIED, True)


def test_the_ref_resolver_is_patched_once():
    from localstack.services.cloudformation.engine.v2.change_set_model import ChangeSetModel

    resolver = ChangeSetModel._resolve_intrinsic_function_ref
    assert resolver._ws_ext_patched is True
    cloudformation_refs.install()
    assert ChangeSetModel._resolve_intrinsic_function_ref is resolver


# --- cloudformation_rollback --------------------------------------------------------------------------------------


def test_what_the_rollback_relies_on_is_still_upstream():
    from localstack.services.cloudformation.engine.v2.change_set_model_executor import ChangeSetModelExecutor
    from localstack.services.cloudformation.v2.entities import Stack

    assert ChangeSetModelExecutor.execute._ws_ext_patched is True
    assert Stack.set_stack_status._ws_ext_patched is True
    parameters = inspect.signature(ChangeSetModelExecutor._execute_resource_action).parameters
    assert {
        "action",
        "logical_resource_id",
        "resource_type",
        "before_properties",
        "part_of_replacement",
    } <= set(parameters)
    assert {"action", "logical_resource_id", "event_status", "resource_type", "reason"} <= set(
        inspect.signature(ChangeSetModelExecutor._process_event).parameters
    )
    # the executor still ends a failed creation in ROLLBACK_COMPLETE (the patch's cue) without deleting anything
    upstream = inspect.getsource(ChangeSetModelExecutor.execute.__wrapped__)
    assert "StackStatus.ROLLBACK_COMPLETE" in upstream
    assert "ChangeAction.Remove" not in upstream
