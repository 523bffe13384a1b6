"""Per-process memo with a time-to-live, for the small configuration tables every request reads.

The intake API reads the working calendar, the SLA table and the hub's settings on each request; at
hundreds of requests a second those reads cost more than the appeal itself. They change a few times a
year, so each process keeps its copy for ``settings.YINGSHANG_CONFIG_CACHE_SECONDS`` (30 s by default):
the service that changes a table drops the copy of its own process at once, other processes see the
change within the time-to-live. Tests set the time-to-live to 0 (always reload), because their
transactions roll back underneath any cache.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Generic, TypeVar

from django.conf import settings

T = TypeVar("T")


def config_ttl() -> float:
    return float(getattr(settings, "YINGSHANG_CONFIG_CACHE_SECONDS", 30))


class TtlMemo(Generic[T]):
    def __init__(self, loader: Callable[[], T], ttl: Callable[[], float] = config_ttl):
        self._loader, self._ttl = loader, ttl
        self._value: T | None = None
        self._loaded_at = -float("inf")
        self._lock = threading.Lock()

    def get(self) -> T:
        ttl = self._ttl()
        if ttl <= 0:
            return self._loader()
        with self._lock:
            if time.monotonic() - self._loaded_at >= ttl:
                self._value, self._loaded_at = self._loader(), time.monotonic()
            return self._value

    def invalidate(self) -> None:
        with self._lock:
            self._value, self._loaded_at = None, -float("inf")
