"""The peak memory a bootstrap reports with its answer (``max-rss-kb``), as the REPORT line shows it."""

from localstack_ws_ext.lambda_runtime.executor import reported_memory_mb


def test_kilobytes_become_megabytes_at_least_one():
    assert reported_memory_mb({"type": "response", "max-rss-kb": 65 * 1024 + 1000}) == 65
    assert reported_memory_mb({"type": "response", "max-rss-kb": 10}) == 1


def test_an_answer_without_it_falls_back():
    # a process that ended, or a deadline that came first: the executor reads /proc instead
    for message in (
        {"type": "response"},
        {"error": {}},
        {"max-rss-kb": "12"},
        {"max-rss-kb": 0},
        {"max-rss-kb": None},
    ):
        assert reported_memory_mb(message) is None
