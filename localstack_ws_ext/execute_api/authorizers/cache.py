"""Authorizer results cached by identity-source values for ``AuthorizerResultTtlInSeconds``.

The key names the API, stage, authorizer (and its definition: a redeployed, changed authorizer does not see
the old answers), the stage's cache generation (``ResetAuthorizersCache`` bumps it, which makes every older
entry unreachable) and the identity-source values. Only valid answers are cached, Allow and Deny alike, as on
AWS; errors are not. Bounded: the least recently used entries go first.
"""

import collections
import threading
import time
from collections.abc import Callable, Hashable

MAX_ENTRIES = 10_000


class AuthorizerCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic):
        self._entries: collections.OrderedDict[Hashable, tuple[float, object]] = collections.OrderedDict()
        self._lock = threading.Lock()
        self._max_entries = max_entries
        self._clock = clock

    def get(self, key: Hashable):
        """The cached value, or None when there is none or it expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires_at, value = entry
            if self._clock() >= expires_at:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value, ttl_seconds: float) -> None:
        if ttl_seconds <= 0:
            return
        with self._lock:
            self._entries[key] = (self._clock() + ttl_seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


results = AuthorizerCache()
