"""Identifiers as API Gateway makes them: connection, request and message ids are 16 characters of URL-safe
base64 ending in one ``=`` (11 random bytes), e.g. ``L0SM9cOFvHcCIhw=``. The one generator of them: the gateway's
and the transport's (``accept_connection``'s default connection ids).

They identify, they do not authenticate (the @connections API is reached with credentials), so a fast
non-cryptographic generator is enough: ids are made several times per message.
"""

import base64
import random
import time


def new_gateway_id() -> str:
    return base64.urlsafe_b64encode(random.randbytes(11)).decode()


def new_trace_id() -> str:
    """An X-Ray trace header as API Gateway adds it: ``Root=1-<8 hex epoch>-<24 hex>``."""
    return f"Root=1-{int(time.time()):08x}-{random.randbytes(12).hex()}"
