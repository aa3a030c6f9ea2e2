"""Which DynamoDB serves this LocalStack: DynamoDB Local where it can run, moto where it cannot.

LocalStack community runs DynamoDB Local on its own Java 21, and installs both at the first DynamoDB call. On a
machine that has neither installed nor can download them, every DynamoDB call fails with 500. At startup (before
any service loads, services load lazily) this module checks both facts and, only when DynamoDB Local cannot run,
selects this extension's ``dynamodb:moto`` provider through LocalStack's own provider configuration, with one log
line that says why. ``PROVIDER_OVERRIDE_DYNAMODB``, when set (to anything), is the user's choice and is left alone.
"""

import logging
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple
from urllib.parse import urlsplit

from localstack import config

LOG = logging.getLogger(__name__)

OVERRIDE_VARIABLE = "PROVIDER_OVERRIDE_DYNAMODB"
MOTO_PROVIDER = "moto"
# the whole reachability probe (name lookups, connections and TLS handshakes, all hosts at once) ends within this
PROBE_TIMEOUT = 2.0


class Target(NamedTuple):
    host: str
    port: int
    tls: bool  # complete a verified TLS handshake for the host, not only the TCP connection


def choose_dynamodb_provider(environ: Mapping[str, str] = os.environ) -> str | None:
    """Selects moto for DynamoDB when DynamoDB Local cannot run here; returns why, or None when nothing changed.

    Called once at LocalStack startup. Never raises: when a check fails, LocalStack's default stays.
    """
    try:
        reason = moto_reason(
            # the user's choice, or one made by the host (e.g. LocalStack Pro's own providers), wins. The config's
            # keys are the services with a provider set (`in` on the config itself is always true: it has a default)
            override_set=OVERRIDE_VARIABLE in environ or "dynamodb" in list(config.SERVICE_PROVIDER_CONFIG),
            missing=missing_dynamodb_local_parts,
            unreachable=lambda missing: unreachable_targets(download_targets(missing), PROBE_TIMEOUT),
        )
    except Exception as e:
        LOG.debug("localstack-ws-ext: could not check whether DynamoDB Local can run (%r): default kept", e)
        return None
    if reason:
        config.SERVICE_PROVIDER_CONFIG.set_provider("dynamodb", MOTO_PROVIDER)
        LOG.info(
            "localstack-ws-ext: DynamoDB Local cannot run here (%s): DynamoDB is served by moto (%s=%s)",
            reason,
            OVERRIDE_VARIABLE,
            MOTO_PROVIDER,
        )
    return reason


def moto_reason(
    override_set: bool,
    missing: Callable[[], Sequence[str]],
    unreachable: Callable[[Sequence[str]], Mapping[str, str]],
) -> str | None:
    """The decision: why DynamoDB Local cannot run, or None when it can (or the user chose a provider).

    The facts are callables so that each is gathered only when the decision needs it: nothing when the override is
    set, no network probe when everything is installed. ``missing`` names the parts not installed;
    ``unreachable`` maps each download target that cannot be reached to the cause.
    """
    if override_set:
        return None
    parts = missing()
    if not parts:
        return None
    failed = unreachable(parts)
    if not failed:
        return None
    causes = ", ".join(f"{target} {cause}" for target, cause in failed.items())
    return f"{' and '.join(parts)} not installed, downloads unreachable: {causes}"


def missing_dynamodb_local_parts() -> list[str]:
    """The parts of LocalStack's DynamoDB that are not installed, by LocalStack's own installed-dir checks."""
    from localstack.packages.java import java_package
    from localstack.services.dynamodb.packages import dynamodblocal_package

    installer = dynamodblocal_package.get_installer()
    missing = []
    if not java_package.get_installer(installer.java_version).is_installed():
        missing.append(f"Java {installer.java_version}")
    if not installer.is_installed():
        missing.append("DynamoDB Local")
    return missing


def download_urls(missing: Sequence[str]) -> list[str]:
    """The URLs LocalStack's installers would download the missing parts from."""
    from localstack.packages.java import java_package
    from localstack.services.dynamodb import packages

    installer = packages.dynamodblocal_package.get_installer()
    urls = []
    if f"Java {installer.java_version}" in missing:
        # Temurin's pinned GitHub release; Adoptium's "latest" API also points at GitHub's releases
        urls.append(java_package.get_installer(installer.java_version)._download_url_fallback())
    if "DynamoDB Local" in missing:
        urls += [packages.DDBLOCAL_URL, packages.DDB_AGENT_JAR_URL, packages.JAVASSIST_JAR_URL]
    return urls


def download_targets(missing: Sequence[str]) -> list[Target]:
    """Where each download would connect: its HTTPS server, or the proxy it goes through as LocalStack's do.

    A server is probed up to a verified TLS handshake: a network that accepts every TCP connection (a sandbox, a
    captive portal) must not count as reachable. A proxy is only connected to.
    """
    import requests.utils

    targets: list[Target] = []
    for url in download_urls(missing):
        if proxy := config.OUTBOUND_HTTPS_PROXY or requests.utils.get_environ_proxies(url).get("https"):
            target = Target(*host_and_port(proxy), tls=False)
        else:
            target = Target(*host_and_port(url), tls=True)
        if target not in targets:
            targets.append(target)
    return targets


def host_and_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def unreachable_targets(targets: Iterable[Target], timeout: float) -> dict[str, str]:
    """``host:port`` -> cause for each target not reached within ``timeout`` seconds in total; {} when all were.

    All targets are tried at once, each in a daemon thread (name resolution cannot be given a timeout), and the
    answer comes by the deadline whatever the threads still do.
    """
    targets = list(dict.fromkeys(targets))
    deadline = time.monotonic() + timeout
    lock = threading.Lock()
    reached: set[Target] = set()
    failures: dict[Target, str] = {}

    def probe(target: Target) -> None:
        try:
            with socket.create_connection((target.host, target.port), timeout=timeout) as sock:
                if target.tls:
                    sock.settimeout(max(0.01, deadline - time.monotonic()))
                    _tls_context().wrap_socket(sock, server_hostname=target.host).close()
        except socket.gaierror:
            cause = "name not resolved"
        except ConnectionRefusedError:
            cause = "connection refused"
        except TimeoutError:
            return  # stays "no answer"
        except ssl.SSLError as e:
            cause = f"TLS handshake failed: {e.reason or type(e).__name__}"
        except OSError as e:
            cause = e.strerror or type(e).__name__
        else:
            with lock:
                reached.add(target)
            return
        with lock:
            failures[target] = cause

    threads = [
        threading.Thread(target=probe, args=(t,), name="ws-ext-dynamodb-probe", daemon=True) for t in targets
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    with lock:
        return {
            f"{t.host}:{t.port}": f"({failures.get(t, f'no answer in {timeout:g} s')})"
            for t in targets
            if t not in reached
        }


def _tls_context() -> ssl.SSLContext:
    """Verifies as LocalStack's downloads (requests) do: certifi's CA bundle."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())
