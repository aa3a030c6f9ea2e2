"""A TLS certificate for LocalStack's port that also covers the execute-api hosts, and its trust in functions.

The AWS idiom in WebSocket Lambdas is ``endpoint = "https://" + domainName + "/" + stage`` with ``domainName``
``{apiId}.execute-api.localhost.localstack.cloud:4566``. LocalStack multiplexes TLS on its port, but its own
certificate (downloaded, or self-signed as a fallback) does not name ``*.execute-api.localhost.localstack.cloud``.
So, unless the user brings a certificate (``CUSTOM_SSL_CERT_PATH``) or turns this off
(``WS_EXECUTE_API_CERTIFICATE=0``), the extension makes a self-signed one at startup that names those hosts,
LocalStack serves it, and the local Lambda executor makes functions trust it (``AWS_CA_BUNDLE`` for boto3,
``NODE_EXTRA_CA_CERTS`` for Node.js) unless the function sets those itself.
"""

import datetime
import ipaddress
import logging
import os

from localstack import config, constants

from .settings import settings

LOG = logging.getLogger(__name__)
CERTIFICATE_PREFIX = "localstack-ws-ext"


def certificate_file_name() -> str:
    # one per port: LocalStacks on one host share the cache folder
    return f"{CERTIFICATE_PREFIX}-{config.GATEWAY_LISTEN[0].port}.pem"


def certificate_path() -> str | None:
    """The PEM (key + certificate) LocalStack serves when it is ours, else None."""
    path = config.CUSTOM_SSL_CERT_PATH
    return path if path and os.path.basename(path) == certificate_file_name() else None


def trusted_certificate_file() -> str | None:
    """The file functions should trust for LocalStack's TLS: our certificate (the .crt part)."""
    path = certificate_path()
    return f"{path}.crt" if path and os.path.exists(f"{path}.crt") else None


def _regions() -> list[str]:
    import botocore.session

    session = botocore.session.get_session()
    return sorted(
        {
            region
            for partition in ("aws", "aws-cn", "aws-us-gov")
            for region in session.get_available_regions("apigateway", partition)
        }
    )


def install_certificate() -> None:
    """Generates the certificate (fresh at every start) and makes LocalStack serve it."""
    if not settings().execute_api_certificate or config.CUSTOM_SSL_CERT_PATH:
        return
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    hosts = {constants.LOCALHOST_HOSTNAME, config.LOCALSTACK_HOST.host, "localhost"}
    names: list[x509.GeneralName] = []
    for host in sorted(hosts):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names += [x509.DNSName(host), x509.DNSName(f"*.{host}"), x509.DNSName(f"*.execute-api.{host}")]
            # the host form with the region label, as CloudFormation and CDK build execute-api URLs
            names += [x509.DNSName(f"*.execute-api.{region}.{host}") for region in _regions()]
    names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, constants.LOCALHOST_HOSTNAME)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    certificate_pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    os.makedirs(config.dirs.cache, exist_ok=True)
    path = os.path.join(config.dirs.cache, certificate_file_name())
    # LocalStack reads <path> and writes <path>.crt/.key itself; written here too so functions can trust the .crt
    for file, content in (
        (path, f"{key_pem}{certificate_pem}"),
        (f"{path}.key", key_pem),
        (f"{path}.crt", certificate_pem),
    ):
        with open(file, "w") as f:
            f.write(content)
    config.CUSTOM_SSL_CERT_PATH = path
    LOG.debug("localstack-ws-ext: serving TLS certificate %s for %s", path, sorted(hosts))
