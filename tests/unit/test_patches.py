"""The patches of LocalStack's own behaviour: each applies to the localstack-core it was written for, and each test
here fails when the upstream code it relies on moves."""

import inspect
import logging
import sys

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
    assert lines[0].startswith(
        f"localstack-ws-ext: not applying patch {patches.PATCHES[0]} (written for localstack-core 2026.3, "
        "this is 2027.1.0): "
    )


@pytest.mark.parametrize(
    "installed, applies",
    [("2026.3.0", True), ("2026.3.12", True), ("2026.3", True), ("2026.30.0", False), ("2026.4.0", False)],
)
def test_version_prefixes(installed, applies):
    assert patches.applies(("2026.3",), installed) is applies


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
