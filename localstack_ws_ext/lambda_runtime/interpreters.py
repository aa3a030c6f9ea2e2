"""Which host interpreter runs which Lambda runtime.

A runtime is served only by an interpreter whose version really matches (python3.12 by a Python 3.12, nodejs20.x
by a Node.js 20), found by *running* the candidates: pyenv puts shims such as ``python3.12`` on PATH that exist but
fail to run. ``LAMBDA_LOCAL_RUNTIME_<RUNTIME>`` (e.g. ``LAMBDA_LOCAL_RUNTIME_PYTHON3_12``,
``LAMBDA_LOCAL_RUNTIME_NODEJS20_X``) names the interpreter explicitly and disables discovery for that runtime.
"""

import dataclasses
import functools
import glob
import os
import shutil
import subprocess
import sys

from ..settings import settings

PYTHON_RUNTIMES = {f"python3.{minor}": (3, minor) for minor in range(9, 14)}
NODE_RUNTIMES = {f"nodejs{major}.x": major for major in (18, 20, 22)}
SUPPORTED_RUNTIMES = (*PYTHON_RUNTIMES, *NODE_RUNTIMES)


class InterpreterNotFound(Exception):
    """No usable interpreter for a runtime; the message tells the user how to provide one."""


@dataclasses.dataclass(frozen=True)
class Interpreter:
    runtime: str
    path: str
    version: str

    @property
    def language(self) -> str:
        return "python" if self.runtime.startswith("python") else "nodejs"


def _probe_version(path: str, language: str) -> str | None:
    """Runs the candidate and returns its version string, or None when it does not run."""
    if language == "python":
        argv = [path, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"]
    else:
        argv = [path, "-e", "process.stdout.write(process.versions.node)"]
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


def _python_candidates(major: int, minor: int) -> list[str]:
    candidates = []
    if sys.version_info[:2] == (major, minor):
        candidates.append(sys.executable)
    candidates += [shutil.which(f"python{major}.{minor}") or ""]
    pyenv_root = settings().pyenv_root or os.path.expanduser("~/.pyenv")
    candidates += sorted(
        glob.glob(f"{pyenv_root}/versions/{major}.{minor}.*/bin/python{major}.{minor}"), reverse=True
    )
    candidates += [f"/usr/local/bin/python{major}.{minor}", f"/usr/bin/python{major}.{minor}"]
    return [c for c in candidates if c]


def _node_candidates(major: int) -> list[str]:
    candidates = [
        shutil.which(f"node{major}") or "",
        shutil.which("node") or "",
        shutil.which("nodejs") or "",
    ]
    candidates += sorted(
        glob.glob(os.path.expanduser(f"~/.nvm/versions/node/v{major}.*/bin/node")), reverse=True
    )
    return [c for c in candidates if c]


@functools.cache
def find_interpreter(runtime: str) -> Interpreter:
    """The interpreter for ``runtime``; raises InterpreterNotFound with an actionable message."""
    if runtime not in SUPPORTED_RUNTIMES:
        raise InterpreterNotFound(
            f"Runtime {runtime!r} is not supported by the local Lambda executor "
            f"(supported: {', '.join(SUPPORTED_RUNTIMES)})."
        )
    language = "python" if runtime in PYTHON_RUNTIMES else "nodejs"
    variable, override = settings().runtime_interpreter(runtime)
    if override:
        version = _probe_version(override, language)
        if version is None:
            raise InterpreterNotFound(
                f"{variable}={override} does not run; point it at a working interpreter for runtime {runtime}."
            )
        return Interpreter(runtime, override, version)

    if language == "python":
        major, minor = PYTHON_RUNTIMES[runtime]
        candidates, wanted = _python_candidates(major, minor), f"{major}.{minor}."
    else:
        major = NODE_RUNTIMES[runtime]
        candidates, wanted = _node_candidates(major), f"{major}."
    seen = set()
    for candidate in candidates:
        if candidate in seen:
            continue
        seen.add(candidate)
        version = _probe_version(candidate, language)
        if version and version.startswith(wanted):
            return Interpreter(runtime, candidate, version)
    executable = f"python{wanted[:-1]}" if language == "python" else f"node {wanted[:-1]}.x"
    raise InterpreterNotFound(
        f"No {executable} interpreter found on this host for runtime {runtime}: install one, or set "
        f"{variable}=/path/to/interpreter."
    )


def available_interpreters() -> list[Interpreter]:
    found = []
    for runtime in SUPPORTED_RUNTIMES:
        try:
            found.append(find_interpreter(runtime))
        except InterpreterNotFound:
            pass
    return found
