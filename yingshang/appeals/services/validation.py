"""Validation and resolution of intake values: phone numbers, content, divisions, labels and units."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingshang.core.memo import TtlMemo
from yingshang.core.models import Division, Unit
from yingshang.core.textnorm import normalize_text

from .. import taxonomy
from ..models import (
    MAX_CONTENT_CHARS,
    Appeal,
    Label,
    TaxonomyVersion,
)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}$")  # area code 0xx/0xxx + 7–8 digits
_LOCAL = re.compile(r"^[2-9]\d{6,7}$")  # a local number without area code, as callers give it
_EXTENSION = re.compile(r"(转|ext\.?|#)\d{1,6}$", re.IGNORECASE)


def normalize_phone(value: str) -> str:
    """Digits of a mainland mobile, landline or local number; ValidationError for anything else."""
    raw = normalize_text(value or "")
    if not raw:
        return ""
    digits = _EXTENSION.sub("", raw)
    digits = re.sub(r"[\s\-()()]", "", digits)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits.isdigit() or not (_MOBILE.match(digits) or _LANDLINE.match(digits) or _LOCAL.match(digits)):
        raise ValidationError(_("联系电话“%(value)s”格式不正确:请填写 11 位手机号(如 13912345678)或带区号的固话(如 0411-84561234)") % {"value": value}, code="phone")
    return digits


def clean_content(content: str) -> str:
    """The text as given (HTML included: it is escaped when shown, never interpreted), trimmed."""
    text = (content or "").strip()
    if not text:
        raise ValidationError(_("诉求内容不能为空"), code="content_empty")
    if len(text) > MAX_CONTENT_CHARS:
        raise ValidationError(_("诉求内容为 %(count)s 字,超过 %(max)s 字的上限,请精简后再提交") % {"count": len(text), "max": MAX_CONTENT_CHARS}, code="content_too_long")
    return text


def _division_index() -> dict[tuple[int, str], Division]:
    """Districts and streets by (level, code) and (level, name): every intake names one or two of them."""
    index: dict[tuple[int, str], Division] = {}
    for division in Division.objects.filter(level__in=(Division.Level.DISTRICT, Division.Level.STREET)):
        index.setdefault((division.level, division.name), division)
        index[(division.level, division.code)] = division
    return index


_divisions_memo = TtlMemo(_division_index)


def _resolve_division(value, level: int, label: str) -> Division | None:
    if value in (None, ""):
        return None
    if isinstance(value, Division):
        division = value
    else:
        key = normalize_text(str(value))
        division = _divisions_memo.get().get((level, key))
    if division is None or division.level != level:
        raise ValidationError(_("%(label)s“%(value)s”不在本市区划中") % {"label": label, "value": value}, code="division")
    return division


def _resolve_label(value) -> Label | None:
    if value in (None, ""):
        return None
    if isinstance(value, Label):
        label = value
        if label.taxonomy.status != TaxonomyVersion.Status.PUBLISHED:
            raise ValidationError(_("标签“%(path)s”不属于现行标签体系") % {"path": label.path}, code="label")
        return label
    label = taxonomy.find_label(str(value))
    if label is None:
        raise ValidationError(_("标签“%(value)s”不存在于现行标签体系中") % {"value": value}, code="label")
    return label


def _resolve_unit(value) -> Unit | None:
    if value in (None, ""):
        return None
    if isinstance(value, Unit):
        return value
    from yingshang.core.selectors import unit_resolve

    key = str(value).strip()
    unit = Unit.objects.filter(pk=int(key)).first() if key.isdecimal() else None
    unit = unit or Unit.objects.filter(code=key).first() or next(iter(unit_resolve(key)), None)
    if unit is None or not unit.is_active:
        raise ValidationError(_("单位“%(value)s”不存在或已停用") % {"value": value}, code="unit")
    return unit


def _new_tracking_no(now: dt.datetime) -> str:
    """Date + six random digits. Uniqueness is the database's: a clash (rare below ~10^5 a day) fails the
    insert, and appeal_submit draws again, instead of a look-up before every insert."""
    from django.utils import timezone

    return f"{timezone.localtime(now).strftime('%Y%m%d')}{secrets.randbelow(10**6):06d}"


def unused_tracking_numbers(moments: list[dt.datetime], taken: set[str] | None = None) -> list[str]:
    """A fresh number for each of ``moments`` (its day's date + six digits) that no appeal holds yet and that is not in
    ``taken`` — for the paths that insert many appeals at once (an import), where one clash would fail the whole
    insert rather than one retried row as in appeal_submit. Clashes are drawn again until none is left."""
    taken = set(taken or ())
    numbers = [_new_tracking_no(moment) for moment in moments]
    while True:
        seen: set[str] = set(taken)
        clashes = []
        for index, number in enumerate(numbers):
            if number in seen:
                clashes.append(index)
            seen.add(number)
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            held = set(Appeal.objects.filter(tracking_no__in=chunk).values_list("tracking_no", flat=True))
            clashes += [start + i for i, number in enumerate(chunk) if number in held]
        if not clashes:
            return numbers
        for index in set(clashes):
            numbers[index] = _new_tracking_no(moments[index])


def _content_fingerprint(values: dict) -> str:
    return hashlib.sha256("\x1f".join(str(values.get(k, "")) for k in ("content", "person_phone", "appeal_type", "channel")).encode()).hexdigest()
