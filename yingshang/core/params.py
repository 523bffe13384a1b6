"""One way to read a value a person or another system sent (a form field, a query parameter, a JSON value).

Each reader returns the typed value or raises ``ValidationError({field: [中文说明]})``, which the API layer
answers with its error format (400) and the pages with the Chinese 400 page (``core.middleware.
RequestErrorsMiddleware``) — never a 500. The API's own schemas do the same for JSON bodies; these are for
the values that arrive outside a schema (form posts, Open311, CSV cells, service parameters).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "on", "是", "对", "✓", "√"})
FALSE_WORDS = frozenset({"0", "false", "f", "no", "n", "off", "否", "不", "", "none", "null"})

# Dates outside these years are typing mistakes (9999-12-31) or probes; refused before any arithmetic overflows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def _invalid(field: str | None, message: str) -> ValidationError:
    return ValidationError({field: [message]}) if field else ValidationError(message)


def parse_bool(value, *, field: str | None = None) -> bool:
    """``True``/``False`` from a checkbox, a JSON value or a spreadsheet cell.

    ``bool("false")`` is True in Python; this is the one rule instead: on/true/1/是 are yes, off/false/0/否
    and empty are no, anything else is refused (a typo must not silently mean yes)."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _invalid(field, _("应为“是”或“否”(true/false),收到“%(value)s”") % {"value": str(value)[:40]})


def parse_int(value, *, field: str | None = None, default: int | None = None, minimum: int | None = None,
              maximum: int | None = None) -> int | None:
    """An integer within bounds; empty gives ``default``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        if isinstance(value, bool) or isinstance(value, float):
            raise ValueError
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise _invalid(field, _("应为整数,收到“%(value)s”") % {"value": str(value)[:40]}) from None
    if minimum is not None and number < minimum:
        raise _invalid(field, _("应不小于 %(n)s") % {"n": minimum})
    if maximum is not None and number > maximum:
        raise _invalid(field, _("应不大于 %(n)s") % {"n": maximum})
    return number


def int_param(data, name: str, default: int | None = None, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """``parse_int`` of ``data[name]`` (``request.GET`` / ``request.POST``), the field named in the error."""
    return parse_int(data.get(name), field=name, default=default, minimum=minimum, maximum=maximum)


def _in_range(moment, field, value):
    if not (EARLIEST_YEAR <= moment.year <= LATEST_YEAR):
        raise _invalid(field, _("日期“%(value)s”超出范围(%(first)s—%(last)s 年)")
                       % {"value": str(value)[:40], "first": EARLIEST_YEAR, "last": LATEST_YEAR})
    return moment


def parse_moment(value, *, field: str | None = None) -> dt.datetime | None:
    """A W3C / ISO 8601 date-time (a bare date is its midnight), made aware in the platform's zone; empty is None.

    The ``+`` of an offset often arrives as a space in a query string (``2026-01-01T00:00:00 08:00``)."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        moment = parse_datetime(text.replace(" ", "+")) if "T" in text or ":" in text else None
        if moment is None:
            day = parse_date(text)
            moment = dt.datetime.combine(day, dt.time()) if day else None
    except (ValueError, OverflowError):  # well-formed but impossible (2026-13-45), or out of the calendar
        moment = None
    if moment is None:
        raise _invalid(field, _("日期“%(value)s”格式不正确,应为 W3C 格式(如 2026-01-01T00:00:00+08:00)") % {"value": text[:40]})
    _in_range(moment, field, text)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def parse_day(value, *, field: str | None = None) -> dt.date | None:
    """A calendar day (``2026-01-31``); empty is None."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise _invalid(field, _("日期“%(value)s”格式不正确,应为 2026-01-31") % {"value": text[:40]})
    return _in_range(day, field, text)


# The largest key a database row can have (a 64-bit signed integer): a bigger one cannot name any object, and
# SQLite refuses to even compare with it ("Python int too large to convert to SQLite INTEGER").
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The id of an object, as a filter or a link gives it (``?unit=12``): a positive whole number the database can
    hold, or None when the value cannot name any object (``abc``, ``-1``, twenty digits) — a filter then matches
    nothing instead of failing."""
    text = str(value).strip() if value is not None else ""
    if not text.isdecimal():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
