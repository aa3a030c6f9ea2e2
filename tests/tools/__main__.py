"""``python -m tests.tools install|path|prune`` (``make tools`` installs)."""

from tests.tools import main

main()
