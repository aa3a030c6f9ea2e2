"""The headless browser of the inspector's page tests: Debian's ``chromium`` and ``chromium-driver``.

Selenium (pinned in setup.cfg's ``test`` extra and constraints.txt) drives ``/usr/bin/chromium`` through
``/usr/bin/chromedriver``; both come from the same Debian package set, so their versions always match. Selenium's
own driver download (Selenium Manager) cannot work offline and is never used: the service is given the
chromedriver path. When either binary is missing, ``ensure_chromium()`` installs both with ``apt-get`` (as root,
which CI and the project's machines are), once, under a lock; ``make browser`` (or ``python -m
tests.tools.browser``) does the same ahead of the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.tools import ToolsUnavailable, _locked, tools_root

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PACKAGES = ("chromium", "chromium-driver")
APT_TIMEOUT = 900
# what works here: root, no network, no GPU, no display
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def installed() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


def _apt(*arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        return subprocess.run(
            ["apt-get", *arguments],
            capture_output=True,
            text=True,
            timeout=APT_TIMEOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    except FileNotFoundError as error:
        raise ToolsUnavailable("apt-get not found: install chromium and chromedriver by hand") from error
    except subprocess.TimeoutExpired as error:
        raise ToolsUnavailable(f"apt-get {' '.join(arguments)} timed out after {APT_TIMEOUT}s") from error


def ensure_chromium() -> tuple[Path, Path]:
    """(chromium, chromedriver), installed with apt-get if missing; ``ToolsUnavailable`` when that cannot be."""
    if installed():
        return CHROMIUM, CHROMEDRIVER
    if os.geteuid() != 0:
        raise ToolsUnavailable(
            f"{CHROMIUM} or {CHROMEDRIVER} is missing and only root can install them: "
            f"apt-get install -y {' '.join(PACKAGES)}"
        )
    with _locked(tools_root() / ".browser.lock"):
        if installed():
            return CHROMIUM, CHROMEDRIVER
        print(f"tests.tools: apt-get install {' '.join(PACKAGES)} (first use)", file=sys.stderr)
        started = time.monotonic()
        install = ("install", "-y", "--no-install-recommends", *PACKAGES)
        result = _apt(*install)
        if result.returncode != 0:  # an empty or stale package list: read it and try once more
            _apt("update")
            result = _apt(*install)
        if result.returncode != 0 or not installed():
            output = (result.stdout + result.stderr)[-4000:]
            raise ToolsUnavailable(
                f"apt-get install {' '.join(PACKAGES)} failed ({result.returncode}):\n{output}"
            )
        print(f"tests.tools: chromium ready in {time.monotonic() - started:.0f}s", file=sys.stderr)
    return CHROMIUM, CHROMEDRIVER


def new_driver(user_data_dir: str | None = None):
    """A headless Chromium under Selenium, with a new empty profile (the caller quits it; the profile directory is
    removed with the temporary directory it lives in)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = ensure_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir or tempfile.mkdtemp(prefix='chromium-profile-')}")
    return webdriver.Chrome(service=Service(executable_path=str(chromedriver)), options=options)


def main() -> None:
    try:
        chromium, chromedriver = ensure_chromium()
    except ToolsUnavailable as error:
        sys.exit(f"tests.tools.browser: {error}")
    version = subprocess.run([str(chromium), "--version"], capture_output=True, text=True, timeout=60).stdout
    print(f"chromium: {chromium} ({version.strip()})\nchromedriver: {chromedriver}")
    if shutil.which("chromedriver") is None:
        print("note: chromedriver is not on PATH; the tests pass its path to Selenium")


if __name__ == "__main__":
    main()
