"""What the service generates for a new resource: its id and its timestamps."""

import random
import string
from datetime import UTC, datetime

ID_ALPHABET = string.ascii_lowercase + string.digits


def new_id(length: int) -> str:
    return "".join(random.choices(ID_ALPHABET, k=length))


def now() -> datetime:
    """Whole seconds, as AWS's dates are."""
    return datetime.now(UTC).replace(microsecond=0)
