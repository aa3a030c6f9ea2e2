"""ContentHandlingStrategy conversions (pure logic): UTF-8 is text, anything else binary."""

import pytest

from localstack_ws_ext.execute_api.content_handling import (
    ConversionFailed,
    convert,
    natural,
    to_binary,
    to_text,
)

BINARY = b"\xff\xfe\x00\x01"


@pytest.mark.parametrize(
    "payload, strategy, expected",
    [
        (None, "CONVERT_TO_BINARY", None),
        ("aGVsbG8=", "CONVERT_TO_BINARY", b"hello"),
        (b"aGVs\nbG8=", "CONVERT_TO_BINARY", b"hello"),  # UTF-8 bytes are text; line breaks are ignored
        (BINARY, "CONVERT_TO_BINARY", BINARY),  # already binary
        (BINARY, "CONVERT_TO_TEXT", "//4AAQ=="),
        ("text", "CONVERT_TO_TEXT", "text"),
        (b"text", "CONVERT_TO_TEXT", "text"),
        (b"text", None, "text"),
        (BINARY, None, BINARY),
        ("text", None, "text"),
    ],
)
def test_convert(payload, strategy, expected):
    assert convert(payload, strategy) == expected


def test_text_that_is_not_base64_cannot_become_binary():
    with pytest.raises(ConversionFailed):
        to_binary("not base64!")
    with pytest.raises(ConversionFailed):
        to_binary("abc")  # bad padding


def test_helpers():
    assert natural("é".encode()) == "é"
    assert to_text(None) is None
