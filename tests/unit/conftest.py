import pytest

from localstack_ws_ext import settings


@pytest.fixture
def environment(monkeypatch):
    """Sets environment variables and reads the extension's settings again; both are restored afterwards."""

    def set_variables(**variables: str) -> settings.Settings:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return settings.load()

    yield set_variables
    monkeypatch.undo()
    settings.load()
