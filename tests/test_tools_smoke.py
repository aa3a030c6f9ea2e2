"""The pinned deployment tools (tests/tools) install and run: the exact versions of the manifests answer --version.

The first run installs them into the cache outside the repository (about two minutes); later runs take seconds.
"""

import json
import os
import re
import subprocess

import pytest

from tests import tools

NODE_PINS = json.loads(tools.NODE_MANIFEST[0].read_text())["dependencies"]
SAM_PINS = dict(
    re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line).groups()
    for line in tools.SAM_REQUIREMENTS.read_text().splitlines()
    if "==" in line and not line.startswith("#")
)
# an endpoint nothing listens on: --version talks to no AWS API
NO_ENDPOINT = "http://127.0.0.1:9"


# installing cold takes about two minutes here: more than the suite's default per-test timeout allows for
pytestmark = pytest.mark.timeout(tools.LOCK_TIMEOUT + 60)


@pytest.fixture(scope="module")
def env():
    try:
        return tools.tool_env(NO_ENDPOINT)
    except tools.ToolsUnavailable as error:
        pytest.fail(f"the deployment tools cannot be installed: {error}")


def run(env: dict[str, str], *command: str, cwd=None) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_pins_are_exact():
    assert NODE_PINS and all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in NODE_PINS.values())
    assert NODE_PINS["serverless"].startswith("3."), "Serverless v4 needs a login: the tests use v3"
    assert {"aws-sam-cli", "aws-sam-cli-local", "boto3", "botocore"} <= set(SAM_PINS)


def test_cdklocal_version(env, tmp_path):
    output = run(env, "cdklocal", "--version", cwd=tmp_path)
    assert f"cdklocal v{NODE_PINS['aws-cdk-local']}" in output
    assert f"cdk cli version v{NODE_PINS['aws-cdk']}" in output


def test_serverless_version(env, tmp_path):
    output = run(env, "serverless", "--version", cwd=tmp_path)
    assert f"Framework Core: {NODE_PINS['serverless']} (local)" in output
    # the plugin and the CDK library resolve the way the tests' apps load them
    script = "for (const p of process.argv.slice(1)) console.log(p, require(p + '/package.json').version)"
    packages = ["serverless-localstack", "aws-cdk-lib", "constructs"]
    output = run(env, "node", "-e", script, *packages, cwd=tmp_path)
    for package in packages:
        assert f"{package} {NODE_PINS[package]}" in output


def test_samlocal_version(env, tmp_path):
    output = run(env, "samlocal", "--version", cwd=tmp_path)
    assert f"SAM CLI, version {SAM_PINS['aws-sam-cli']}" in output
    python = os.path.join(tools.sam_tools(), "python")
    script = "import importlib.metadata as m; print(m.version('aws-sam-cli-local'))"
    assert run(env, python, "-c", script).strip() == SAM_PINS["aws-sam-cli-local"]


def test_tool_env_points_every_tool_at_localstack(env):
    assert env["AWS_ENDPOINT_URL"] == env["AWS_ENDPOINT_URL_S3"] == NO_ENDPOINT  # cdklocal needs both
    assert (env["LOCALSTACK_HOSTNAME"], env["EDGE_PORT"]) == ("127.0.0.1", "9")
    assert env["AWS_ACCESS_KEY_ID"] == "test" and env["AWS_REGION"] == "us-east-1"
    assert "AWS_PROFILE" not in env


def test_an_interrupted_install_is_never_used(tmp_path, monkeypatch):
    monkeypatch.setenv(tools.CACHE_VARIABLE, str(tmp_path))

    def broken(target):
        (target / "bin").mkdir()
        (target / "bin" / "tool").touch()
        raise KeyboardInterrupt  # as a Ctrl-C halfway through

    with pytest.raises(KeyboardInterrupt):
        tools._ensure("fake-abc", broken, ["bin/tool"])
    assert not (tmp_path / "tools" / "fake-abc").exists()
    assert [path.name for path in (tmp_path / "tools").iterdir()] == [".fake.lock"]

    leftover = tmp_path / "tools" / ".fake-abc.deadbeef"  # a killed process leaves its staging directory
    leftover.mkdir()
    calls = []

    def install(target):
        calls.append(target)
        (target / "bin").mkdir()
        (target / "bin" / "tool").touch()

    link = tools._ensure("fake-abc", install, ["bin/tool"])
    assert link.is_symlink() and (link / "bin" / "tool").exists()
    assert not leftover.exists()
    assert tools._ensure("fake-abc", install, ["bin/tool"]) == link and len(calls) == 1  # a cache hit
