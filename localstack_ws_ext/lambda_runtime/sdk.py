"""The AWS SDKs that function code finds on AWS without bundling them: boto3 for Python, SDK v3 for Node.js.

They live outside LocalStack's own environment (``<venv>/lambda-sdk`` unless ``LAMBDA_LOCAL_SDK_DIR`` says
otherwise), so a function sees the SDK and its own code, nothing of LocalStack's venv.
``python -m localstack_ws_ext.lambda_runtime.sdk install`` puts them there (``make install`` runs it).
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from ..settings import settings

NODE_SDK_MANIFEST_DIR = Path(__file__).parent / "sdk" / "nodejs"
PYTHON_SDK_PACKAGES = ("boto3",)


def sdk_root() -> Path:
    return Path(settings().lambda_local_sdk_dir or Path(sys.prefix) / "lambda-sdk")


def python_sdk_dir() -> Path:
    return sdk_root() / "python"


def node_sdk_modules_dir() -> Path:
    return sdk_root() / "nodejs" / "node_modules"


def install_python_sdk(constraints: str | None) -> None:
    command = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade"]
    command += ["--target", str(python_sdk_dir()), *PYTHON_SDK_PACKAGES]
    if constraints:
        command += ["-c", constraints]
    subprocess.run(command, check=True)


def install_node_sdk() -> bool:
    npm = shutil.which("npm")
    if not npm:
        print("npm not found: nodejs Lambda functions will run without the bundled AWS SDK.", file=sys.stderr)
        return False
    target = node_sdk_modules_dir().parent
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(NODE_SDK_MANIFEST_DIR / name, target / name)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=target, check=True)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    install = sub.add_parser("install", help="install the Python and Node.js SDKs for Lambda functions")
    install.add_argument("--constraints", help="pip constraints file (pins boto3 like LocalStack's own)")
    args = parser.parse_args()
    if args.command == "install":
        install_python_sdk(args.constraints)
        install_node_sdk()
        print(f"Lambda SDKs installed under {sdk_root()}")


if __name__ == "__main__":
    main()
