"""What an AWS call that must fail answered."""

import pytest
from botocore.exceptions import ClientError


def error_of(call, **kwargs) -> tuple[int, str, str]:
    """``call(**kwargs)`` must raise; returns its HTTP status, error code and message."""
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    response = error.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"]["Message"],
    )
