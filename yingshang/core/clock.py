"""The platform's notion of "now". Deadlines, SLA clocks and overdue status read time only here, so
tests (and a training environment) can move the clock without touching the system time."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


def set_now(moment: dt.datetime | None) -> None:
    """Freeze the clock at ``moment`` (aware datetime) or release it with None."""
    global _frozen
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    _frozen = moment


@contextmanager
def frozen_at(moment: dt.datetime):
    previous = _frozen
    set_now(moment)
    try:
        yield
    finally:
        set_now(previous)
