"""The deployment tools of the end-to-end tests, pinned by the manifests beside this file, installed on first use.

- ``node/package.json`` + ``package-lock.json``: AWS CDK (``cdk``, LocalStack's ``cdklocal``, ``aws-cdk-lib``) and
  the Serverless Framework v3 (``serverless``/``sls``, with the ``serverless-localstack`` plugin), by ``npm ci``.
- ``python/requirements.txt``: AWS SAM CLI (``sam``) and LocalStack's ``samlocal``, in a venv of their own (SAM pins
  boto3/botocore exactly; they must not touch LocalStack's venv), made with the interpreter LocalStack's venv was
  made from (``make install`` picks one >= 3.12; SAM CLI needs >= 3.10).

They are installed into a cache outside the repository, so a fresh clone on a machine that ran before reuses them::

    ${LOCALSTACK_WS_EXT_CACHE:-~/.cache/localstack-ws-ext}/
        tools/node-<hash>  -> .node-<hash>.<random>/   node_modules/.bin: cdk, cdklocal, serverless, sls
        tools/sam-<hash>   -> .sam-<hash>.<random>/    bin: sam, samlocal
        npm/                                           npm's cache (npm ci --cache)
        pip/                                           pip's cache (pip --cache-dir)

``<hash>`` digests the manifest (and for SAM the interpreter), so a changed pin installs fresh. An install is made
in a new directory and published by atomically renaming a symlink onto it, under a lock: an interrupted install is
never taken for a complete one, and the next run removes its leftovers. ``python -m tests.tools install``
(``make tools``) installs everything ahead; ``python -m tests.tools prune`` removes installs of older pins.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import fcntl
import functools
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).parent
NODE_MANIFEST = (HERE / "node" / "package.json", HERE / "node" / "package-lock.json")
SAM_REQUIREMENTS = HERE / "python" / "requirements.txt"
REGION = "us-east-1"

CACHE_VARIABLE = "LOCALSTACK_WS_EXT_CACHE"
SAM_PYTHON_VARIABLE = "LOCALSTACK_WS_EXT_SAM_PYTHON"
# One step of an install (npm ci, venv, pip install): cold installs take about a minute here.
STEP_TIMEOUT = 900
# Waiting for another process's install of the same tool.
LOCK_TIMEOUT = 2 * STEP_TIMEOUT + 60
NODE_BINARIES = ("cdk", "cdklocal", "serverless", "sls")
SAM_BINARIES = ("sam", "samlocal")


class ToolsUnavailable(RuntimeError):
    """A tool cannot be installed here (no npm, no usable Python, the install failed or timed out)."""


def cache_root() -> Path:
    configured = os.environ.get(CACHE_VARIABLE)
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "localstack-ws-ext"


def tools_root() -> Path:
    return cache_root() / "tools"


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:12]


def node_key() -> str:
    return f"node-{_digest(*(path.read_bytes() for path in NODE_MANIFEST))}"


def sam_python() -> str:
    """The interpreter for SAM's venv: $LOCALSTACK_WS_EXT_SAM_PYTHON, else the one this venv was made from."""
    return os.environ.get(SAM_PYTHON_VARIABLE) or getattr(sys, "_base_executable", None) or sys.executable


def sam_key() -> str:
    python = sam_python()
    version = _python_version(python)
    return f"sam-{_digest(SAM_REQUIREMENTS.read_bytes(), python.encode(), version.encode())}"


@functools.cache
def _python_version(python: str) -> str:
    return _run([python, "-c", "import sys; print(sys.version)"], timeout=60).stdout


def node_tools() -> Path:
    """The directory whose ``node_modules/.bin`` has cdk, cdklocal, serverless and sls (installed if needed)."""
    return _ensure(node_key(), _install_node, ["node_modules/.bin/" + name for name in NODE_BINARIES])


def node_bin() -> Path:
    return node_tools() / "node_modules" / ".bin"


def sam_tools() -> Path:
    """The bin directory with sam and samlocal (installed if needed)."""
    return _ensure(sam_key(), _install_sam, ["bin/" + name for name in SAM_BINARIES]) / "bin"


def tool_env(localstack, *, node: bool = True, sam: bool = True, base: dict | None = None) -> dict[str, str]:
    """The environment for cdklocal / serverless / samlocal against ``localstack`` (a harness.LocalStack or URL).

    It installs the tools it names on first use, puts them first on PATH and lets a CDK app ``require`` aws-cdk-lib
    (NODE_PATH). How each wrapper finds LocalStack (read from their sources):

    - cdklocal (aws-cdk >= 2.177): AWS_ENDPOINT_URL, and then AWS_ENDPOINT_URL_S3 too (it refuses one without the
      other; its default S3 endpoint s3.localhost.localstack.cloud needs DNS). It drops every other AWS_* variable
      not in AWS_ENVAR_ALLOWLIST and defaults credentials to test/test and the region to us-east-1.
    - serverless-localstack: AWS_ENDPOINT_URL (else LOCALSTACK_HOSTNAME/EDGE_PORT, or custom.localstack.host and
      edgePort in serverless.yml); it configures each AWS SDK v2 client with that endpoint, S3 path-style.
    - samlocal: AWS_ENDPOINT_URL (else http://$LOCALSTACK_HOSTNAME:$EDGE_PORT) for every boto3 client SAM makes.

    The endpoint is an IP address, for which the AWS SDKs (JS v2/v3, botocore) address S3 path-style by themselves:
    no bucket subdomains, no DNS needed.
    """
    endpoint = localstack if isinstance(localstack, str) else localstack.endpoint
    url = urlsplit(endpoint)
    # no AWS_PROFILE, session token or endpoint of the caller's own AWS setup reaches the tools
    env = {
        key: value
        for key, value in (os.environ if base is None else base).items()
        if not key.startswith("AWS_")
    }
    env.update(
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_REGION=REGION,
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_ENDPOINT_URL=endpoint,
        AWS_ENDPOINT_URL_S3=endpoint,
        # cdklocal keeps only these AWS_* variables (besides AWS_ENDPOINT_URL*)
        AWS_ENVAR_ALLOWLIST="AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY,AWS_REGION,AWS_DEFAULT_REGION,"
        "AWS_CONFIG_FILE,AWS_SHARED_CREDENTIALS_FILE",
        LOCALSTACK_HOSTNAME=url.hostname or "127.0.0.1",
        EDGE_PORT=str(url.port or 4566),
        # CDK: no npm version check, no CLI telemetry, no legacy-exports warning
        CDK_DISABLE_VERSION_CHECK="1",
        CDK_DISABLE_CLI_TELEMETRY="1",
        CDK_DISABLE_LEGACY_EXPORT_WARNING="1",
        # Serverless v3: no telemetry, no update notifications (a local install never auto-updates)
        SLS_TELEMETRY_DISABLED="1",
        SLS_NOTIFICATIONS_MODE="off",
        # SAM CLI: no telemetry, stack polled every second (default 5s); samlocal: no deprecation banner.
        # (SAM's weekly PyPI version check has no switch; `sam delete` polls every 30s, hard-coded.)
        SAM_CLI_TELEMETRY="0",
        SAM_CLI_POLL_DELAY="1",
        DISABLE_DEPRECATION_NOTICE="1",
    )
    installed = install([name for name, wanted in (("node", node), ("sam", sam)) if wanted])
    path = [env.get("PATH", os.defpath)]
    if sam:
        path.insert(0, str(installed["sam"]))
    if node:
        modules = installed["node"] / "node_modules"
        path.insert(0, str(modules / ".bin"))
        env["NODE_PATH"] = str(modules)
    env["PATH"] = os.pathsep.join(path)
    return env


def install(which: list[str] | tuple[str, ...] = ("node", "sam")) -> dict[str, Path]:
    """Install the named tools (``node``, ``sam``) if needed, side by side; name -> :func:`node_tools` /
    :func:`sam_tools`."""
    installers = {"node": node_tools, "sam": sam_tools}
    if len(which) < 2:
        return {name: installers[name]() for name in which}
    with concurrent.futures.ThreadPoolExecutor(len(which)) as pool:
        futures = {name: pool.submit(installers[name]) for name in which}
        return {name: future.result() for name, future in futures.items()}


# --- installing ----------------------------------------------------------------------------------------------


def _ensure(key: str, installer, expected: list[str]) -> Path:
    link = tools_root() / key
    if _complete(link, expected):
        return link
    name = key.split("-", 1)[0]
    with _locked(tools_root() / f".{name}.lock"):
        if _complete(link, expected):  # another process installed it meanwhile
            return link
        _remove_leftovers(name)
        staging = tools_root() / f".{key}.{secrets.token_hex(4)}"
        staging.mkdir(parents=True)
        print(f"tests.tools: installing {key} into {staging} (first use; a minute or two)", file=sys.stderr)
        started = time.monotonic()
        try:
            installer(staging)
            missing = [item for item in expected if not (staging / item).exists()]
            if missing:
                raise ToolsUnavailable(f"{key}: the install has no {', '.join(missing)}")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        temporary_link = link.with_name(f".{key}.link-{secrets.token_hex(4)}")
        temporary_link.symlink_to(staging.name)
        os.replace(temporary_link, link)  # atomic: the link names a complete install or nothing
        print(f"tests.tools: {key} ready in {time.monotonic() - started:.0f}s", file=sys.stderr)
    return link


def _complete(link: Path, expected: list[str]) -> bool:
    return link.is_symlink() and all((link / item).exists() for item in expected)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ToolsUnavailable(f"another install holds {path} for over {LOCK_TIMEOUT}s") from None
                time.sleep(1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _published() -> set[str]:
    root = tools_root()
    return {os.readlink(link) for link in root.iterdir() if link.is_symlink()} if root.exists() else set()


def _remove_leftovers(name: str) -> None:
    """Directories of interrupted installs of ``name`` (no link names them), and stray temporary links."""
    published = _published()
    for path in tools_root().glob(f".{name}-*"):
        if path.is_symlink() and ".link-" in path.name:
            path.unlink()
        elif path.is_dir() and path.name not in published:
            shutil.rmtree(path, ignore_errors=True)


def prune() -> list[Path]:
    """Remove the installs of pins other than the current manifests' (other clones may still use them)."""
    keep = {node_key(), sam_key()}
    removed = []
    for link in list(tools_root().iterdir()) if tools_root().exists() else []:
        if link.is_symlink() and link.name not in keep:
            target = tools_root() / os.readlink(link)
            link.unlink()
            shutil.rmtree(target, ignore_errors=True)
            removed.append(link)
    for name in ("node", "sam"):
        with _locked(tools_root() / f".{name}.lock"):
            _remove_leftovers(name)
    return removed


def _run(command: list[str], timeout: float = STEP_TIMEOUT, **kwargs) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, **kwargs
        )
    except FileNotFoundError as error:
        raise ToolsUnavailable(f"{command[0]} not found") from error
    except subprocess.TimeoutExpired as error:
        raise ToolsUnavailable(f"{' '.join(command)} timed out after {timeout}s") from error
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-6000:]
        raise ToolsUnavailable(f"{' '.join(command)} exited with {result.returncode}:\n{output}")
    return result


def _install_node(target: Path) -> None:
    npm = shutil.which("npm")
    if not npm:
        raise ToolsUnavailable("npm not found: the CDK and Serverless tools need Node.js and npm")
    for manifest in NODE_MANIFEST:
        shutil.copyfile(manifest, target / manifest.name)
    # --ignore-scripts: the lock's only install scripts print banners (serverless, aws-sdk v2, es5-ext)
    command = [npm, "ci", "--cache", str(cache_root() / "npm"), "--prefer-offline", "--ignore-scripts"]
    command += ["--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error"]
    _run(command, cwd=target)


def _install_sam(target: Path) -> None:
    python = sam_python()
    _run([python, "-m", "venv", str(target)], timeout=120)
    pip = [str(target / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run([*pip, "install", "--cache-dir", str(cache_root() / "pip"), "-r", str(SAM_REQUIREMENTS)])
    shutil.copyfile(SAM_REQUIREMENTS, target / SAM_REQUIREMENTS.name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.tools", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    install_parser = sub.add_parser(
        "install", help="install the pinned tools into the cache (if not there yet)"
    )
    install_parser.add_argument("which", nargs="*", choices=["node", "sam"], help="default: both")
    sub.add_parser("path", help="print where the tools are (installing them if needed)")
    sub.add_parser("prune", help="remove the installs of other pins")
    args = parser.parse_args(argv)
    try:
        if args.command in ("install", "path"):
            installed = install(getattr(args, "which", None) or ["node", "sam"])
            if "node" in installed:
                print(f"node tools: {installed['node'] / 'node_modules' / '.bin'}")
            if "sam" in installed:
                print(f"sam tools:  {installed['sam']}")
        elif args.command == "prune":
            for link in prune():
                print(f"removed {link}")
    except ToolsUnavailable as error:
        sys.exit(f"tests.tools: {error}")


@dataclasses.dataclass
class ToolRun:
    command: str
    returncode: int | None  # None: it did not finish in time
    output: str  # stdout + stderr, what was printed until then for a command that timed out
    stdout: str
    seconds: float

    @property
    def outcome(self) -> str:
        return "did not finish in time" if self.returncode is None else f"exited with {self.returncode}"


def run_tool(env: dict[str, str], *command: str, cwd: Path, timeout: float) -> ToolRun:
    """Runs one command of a deployment tool (no input, output captured, bounded in time) and how it went."""
    started = time.monotonic()
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        returncode, stdout, stderr = result.returncode, result.stdout, result.stderr
    except subprocess.TimeoutExpired as error:
        # subprocess does not decode a timed out process's output
        returncode = None
        stdout, stderr = (
            part.decode(errors="replace") if isinstance(part, bytes) else (part or "")
            for part in (error.stdout, error.stderr)
        )
    run = ToolRun(" ".join(command), returncode, stdout + stderr, stdout, time.monotonic() - started)
    print(f"{run.command}: {run.outcome} in {run.seconds:.1f}s", flush=True)
    return run
