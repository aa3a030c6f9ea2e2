"""Identifiers as API Gateway makes them: connection, request and message ids are 16 characters of URL-safe
base64 ending in one ``=`` (11 random bytes), e.g. ``L0SM9cOFvHcCIhw=``."""

import base64
import os


def new_gateway_id() -> str:
    return base64.urlsafe_b64encode(os.urandom(11)).decode()
