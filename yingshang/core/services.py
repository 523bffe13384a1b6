"""Writes of the core domain. Each service is one audited transaction (see audit.py)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext as _

from . import fastsql
from .audit import AuditedModel, audited_write
from .auditlog import record, record_many
from .creditcode import credit_code_errors, normalize_credit_code
from .models import Division, Enterprise, Industry, Qualification, Unit, UnitAlias, User
from .permissions import require_capability
from .scope import in_subtree, subtree_q
from .sizeclass import classify_size
from .textnorm import normalize_text, normalize_unit_name


class ConcurrentEditError(ValidationError):
    def __init__(self):
        super().__init__(_("该记录已被他人修改,请刷新页面查看最新内容后再提交"), code="stale_version")


def save_versioned(obj, expected_version: int | None) -> None:
    """Save ``obj`` only if nobody else saved it since the editor loaded ``expected_version``.

    The conditional UPDATE of the version is the compare-and-set: in PostgreSQL it locks the row
    until commit, so of two concurrent editors exactly one matches; SQLite serialises writers.
    """
    if expected_version is not None:
        matched = type(obj).objects.filter(pk=obj.pk, version=expected_version).audited_update(version=expected_version + 1)
        if matched != 1:
            raise ConcurrentEditError()
        obj.version = expected_version + 1
    else:
        obj.version = (obj.version or 0) + 1
    obj.save()


# --- units -------------------------------------------------------------------------------------------

def _tree_path(parent: Unit | None, code: str) -> str:
    return f"{parent.tree_path if parent else '/'}{code}/"


def unit_create(*, actor, code: str, name: str, kind: str, parent: Unit | None = None, division: Division | None = None, aliases: list[str] | None = None) -> Unit:
    require_capability(actor, "core.manage_units")
    name = normalize_unit_name(name)
    if not name:
        raise ValidationError(_("单位名称不能为空"))
    if kind not in Unit.Kind.values:
        raise ValidationError(_("单位类别“%(kind)s”无效") % {"kind": kind})
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(_("单位编码“%(code)s”已存在") % {"code": code})
    with audited_write(actor):
        unit = Unit(code=code, name=name, kind=kind, parent=parent, division=division, tree_path=_tree_path(parent, code))
        unit.full_clean()
        unit.save()
        record("core.unit.create", unit, after=unit.audit_snapshot())
        for alias in aliases or []:
            unit_alias_add(actor=actor, unit=unit, alias=alias)
    return unit


def unit_update(*, actor, unit: Unit, expected_version: int | None, name: str | None = None, kind: str | None = None, parent: Unit | None = None, division: Division | None = None, is_active: bool | None = None) -> Unit:
    require_capability(actor, "core.manage_units")
    with audited_write(actor):
        before = unit.audit_snapshot()
        if name is not None:
            unit.name = normalize_unit_name(name)
        if kind is not None:
            unit.kind = kind
        if division is not None:
            unit.division = division
        if is_active is not None:
            unit.is_active = is_active
        old_path = unit.tree_path
        if parent is not None and parent.pk != unit.parent_id:
            if in_subtree(parent, unit):
                raise ValidationError(_("不能把单位移动到它自己的下级单位之下"))
            unit.parent = parent
            unit.tree_path = _tree_path(parent, unit.code)
        unit.full_clean()
        save_versioned(unit, expected_version)
        record("core.unit.update", unit, before=before, after=unit.audit_snapshot())
        if unit.tree_path != old_path:
            for child in Unit.objects.filter(subtree_q(old_path)).exclude(pk=unit.pk):
                child_before = child.audit_snapshot()
                child.tree_path = unit.tree_path + child.tree_path[len(old_path):]
                child.save()
                record("core.unit.move", child, before=child_before, after=child.audit_snapshot())
    return unit


def unit_alias_add(*, actor, unit: Unit, alias: str) -> UnitAlias:
    key = normalize_unit_name(alias)
    if not key:
        raise ValidationError(_("别名不能为空"))
    existing = UnitAlias.objects.filter(unit=unit, alias=key).first()
    if existing or key == unit.name:
        return existing
    with audited_write(actor):
        item = UnitAlias(unit=unit, alias=key)
        item.save()
        record("core.unit_alias.create", item, after={"unit_id": unit.pk, "alias": key})
    return item


def unit_alias_remove(*, actor, alias: UnitAlias) -> None:
    require_capability(actor, "core.manage_units")
    with audited_write(actor):
        record("core.unit_alias.delete", alias, before={"unit_id": alias.unit_id, "alias": alias.alias})
        alias.delete()


# --- enterprises -----------------------------------------------------------------------------------

ENTERPRISE_FIELDS = (
    "credit_code", "name", "kind", "district", "address", "industry", "founded_on", "registered_capital",
    "employees", "annual_revenue", "annual_tax", "credit_class", "status", "contact_name", "contact_phone",
)


def _clean_enterprise_values(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)
    if "credit_code" in cleaned:
        cleaned["credit_code"] = normalize_credit_code(cleaned["credit_code"])
        code_errors = credit_code_errors(cleaned["credit_code"])
        if code_errors:
            errors["credit_code"] = code_errors
    if "name" in cleaned:
        cleaned["name"] = normalize_text(cleaned["name"])
        if not cleaned["name"]:
            errors["name"] = [_("名称不能为空")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _derive_size(enterprise: Enterprise) -> None:
    enterprise.size_class = classify_size(
        enterprise.industry_id,
        enterprise.employees,
        float(enterprise.annual_revenue) if enterprise.annual_revenue is not None else None,
    )


def _qualification_codes(enterprise: Enterprise) -> list[str]:
    """An enterprise's qualifications as its audit entries keep them (a many-to-many, not a column)."""
    return sorted(enterprise.qualifications.values_list("code", flat=True)) if enterprise.pk else []


def enterprise_create(*, actor, qualifications: list[str] | None = None, **values) -> Enterprise:
    require_capability(actor, "core.manage_enterprises")
    values = _clean_enterprise_values(values)
    if Enterprise.objects.filter(credit_code=values["credit_code"]).exists():
        raise ValidationError({"credit_code": [_("统一社会信用代码 %(credit_code)s 已登记") % {"credit_code": values["credit_code"]}]})
    with audited_write(actor):
        enterprise = Enterprise(**values)
        _derive_size(enterprise)
        enterprise.full_clean()
        enterprise.save()
        if qualifications:
            enterprise.qualifications.set(Qualification.objects.filter(code__in=qualifications))
        record("core.enterprise.create", enterprise, after=enterprise.audit_snapshot() | {"qualifications": _qualification_codes(enterprise)})
    return enterprise


def _apply_checked(enterprise: Enterprise, values: dict) -> None:
    """Set cleaned ``values`` on ``enterprise``, derive its size class and validate it as a chunk of an import does:
    a district or industry given as a stored row needs no existence query (the database's foreign key still holds),
    and uniqueness is left to the database (the import read the registered codes first)."""
    for field, value in values.items():
        setattr(enterprise, field, value)
    _derive_size(enterprise)
    looked_up = [name for name in ("district", "industry") if getattr(values.get(name), "pk", None) is not None]
    enterprise.full_clean(exclude=looked_up, validate_unique=False)


def _known_qualifications(codes) -> set[str]:
    """Those of ``codes`` that name a qualification, one query for a chunk."""
    named = set(codes)
    return set(Qualification.objects.filter(code__in=named).values_list("code", flat=True)) if named else set()


def enterprises_create_many(*, actor, rows: list[tuple[dict, list[str] | None]]) -> list[Enterprise | ValidationError]:
    """``enterprise_create`` for many new enterprises at once (a chunk of a registry import): each row is
    checked as ``enterprise_create`` checks it; the valid ones are written with multi-row INSERTs, with the
    same signals and one audit entry each, of the same content. Returns per row the enterprise or the
    ValidationError that ``enterprise_create`` would have raised.

    The caller has established that the credit codes are distinct and not registered (an import reads the
    existing ones first), so the per-row uniqueness queries are left to the database: a code registered
    meanwhile fails the whole write with an IntegrityError, and the caller then writes the rows one by one."""
    require_capability(actor, "core.manage_enterprises")
    results: list[Enterprise | ValidationError] = []
    valid: list[tuple[Enterprise, list[str]]] = []
    for values, qualifications in rows:
        try:
            enterprise = Enterprise()
            _apply_checked(enterprise, _clean_enterprise_values(values))
        except ValidationError as error:
            results.append(error)
            continue
        results.append(enterprise)
        valid.append((enterprise, qualifications or []))
    if not valid:
        return results
    known = _known_qualifications(code for _enterprise, codes in valid for code in codes)
    valid = [(enterprise, sorted(set(codes) & known)) for enterprise, codes in valid]
    with audited_write(actor):
        fastsql.insert_many([enterprise for enterprise, _codes in valid])
        through = Enterprise.qualifications.through
        through.objects.bulk_create([through(enterprise_id=enterprise.pk, qualification_id=code) for enterprise, codes in valid for code in codes])
        for enterprise, codes in valid:
            if codes:  # what enterprise.qualifications.set() tells its receivers about a new enterprise
                for action in ("pre_add", "post_add"):
                    m2m_changed.send(sender=through, instance=enterprise, action=action, reverse=False, model=Qualification, pk_set=set(codes),
                                     using=enterprise._state.db)
        record_many([("core.enterprise.create", enterprise, None, AuditedModel.audit_snapshot(enterprise) | {"qualifications": codes})
                     for enterprise, codes in valid])
    return results


def enterprise_update(*, actor, enterprise: Enterprise, expected_version: int | None, qualifications: list[str] | None = None, **values) -> Enterprise:
    require_capability(actor, "core.manage_enterprises")
    values = _clean_enterprise_values(values)
    with audited_write(actor):
        before = enterprise.audit_snapshot() | {"qualifications": _qualification_codes(enterprise)}
        stored = {field.attname: getattr(enterprise, field.attname) for field in enterprise._meta.concrete_fields}
        for field, value in values.items():
            setattr(enterprise, field, value)
        _derive_size(enterprise)
        enterprise.full_clean()
        if qualifications is not None:
            qualifications = sorted(Qualification.objects.filter(code__in=qualifications).values_list("code", flat=True))
        if not _enterprise_changed(enterprise, stored, before, qualifications):
            # Nothing to write (a re-imported row, a form saved unchanged): no version bump, no audit entry.
            if expected_version is not None and expected_version != enterprise.version:
                raise ConcurrentEditError()
            return enterprise
        save_versioned(enterprise, expected_version)
        if qualifications is not None:
            enterprise.qualifications.set(Qualification.objects.filter(code__in=qualifications))
        record("core.enterprise.update", enterprise, before=before, after=enterprise.audit_snapshot() | {"qualifications": _qualification_codes(enterprise)})
    return enterprise


def enterprises_update_many(*, actor, rows: list[tuple[Enterprise, list[str], dict, list[str] | None]]) -> list[bool | ValidationError]:
    """``enterprise_update(expected_version=None)`` for many enterprises at once (a chunk of a registry re-import).
    Rows are (enterprise, its current qualification codes, values, qualifications): the caller read the
    enterprises by their credit codes and their qualifications for the whole chunk. Per row: True when it
    changed (saved with its version moved on, one audit entry of the same content as ``enterprise_update``'s),
    False when nothing would change (nothing written), or the ValidationError ``enterprise_update`` would raise.
    The enterprises are changed in place, also those that fail: after an error the caller reads them again."""
    require_capability(actor, "core.manage_enterprises")
    known = _known_qualifications(code for _enterprise, _current, _values, codes in rows for code in codes or [])
    results: list[bool | ValidationError] = []
    changed: list[tuple[Enterprise, dict, list[str] | None]] = []
    for enterprise, current, values, qualifications in rows:
        try:
            values = _clean_enterprise_values(values)
            before = AuditedModel.audit_snapshot(enterprise) | {"qualifications": sorted(current)}
            stored = {field.attname: getattr(enterprise, field.attname) for field in enterprise._meta.concrete_fields}
            _apply_checked(enterprise, values)  # the credit code is the one the row was found by
        except ValidationError as error:
            results.append(error)
            continue
        wanted = sorted(set(qualifications) & known) if qualifications is not None else None
        is_changed = _enterprise_changed(enterprise, stored, before, wanted)
        results.append(is_changed)
        if is_changed:
            changed.append((enterprise, before, wanted))
    if changed:
        with audited_write(actor):
            for enterprise, before, wanted in changed:
                save_versioned(enterprise, None)
                if wanted is not None and wanted != before["qualifications"]:
                    enterprise.qualifications.set(Qualification.objects.filter(code__in=wanted))
            record_many([("core.enterprise.update", enterprise, before,
                          AuditedModel.audit_snapshot(enterprise) | {"qualifications": before["qualifications"] if wanted is None else wanted})
                         for enterprise, before, wanted in changed])
    return results


def _enterprise_changed(enterprise: Enterprise, stored: dict[str, Any], before: dict[str, Any], qualifications: list[str] | None) -> bool:
    """Whether an update changes anything, comparing values as the database keeps them (500 = 500.00,
    "2020-05-01" = date(2020, 5, 1)), so a no-op edit is not recorded as a change."""
    for field in enterprise._meta.concrete_fields:
        if field.name in {"created_at", "updated_at", "version"}:
            continue
        old, new = stored[field.attname], getattr(enterprise, field.attname)
        try:
            old, new = field.to_python(old), field.to_python(new)
        except ValidationError:
            return True
        if old != new:
            return True
    return qualifications is not None and sorted(before.get("qualifications", [])) != list(qualifications)


# --- users -------------------------------------------------------------------------------------------

def user_create(*, actor, username: str, password: str, role: str, display_name: str = "", unit: Unit | None = None, enterprise: Enterprise | None = None, phone: str = "", is_staff: bool = False,
                hashed_password: str = "") -> User:
    """Create a user. ``hashed_password`` (from ``make_password``) stands in for ``password`` when many
    accounts share one password (the demo city's handlers): the slow hash is computed once."""
    require_capability(actor, "core.manage_users")
    if role not in User.Role.values:
        raise ValidationError(_("角色“%(role)s”无效") % {"role": role})
    staff_roles = {User.Role.OPERATOR, User.Role.HANDLER, User.Role.COORDINATOR, User.Role.WINDOW_CLERK}
    if role in staff_roles and unit is None:
        raise ValidationError(_("话务员、办理人员、综合窗口人员和区县协调员必须属于一个单位"))
    if role == User.Role.ENTERPRISE and enterprise is None:
        raise ValidationError(_("企业用户必须绑定一个经营主体"))
    with audited_write(actor), transaction.atomic():
        user = User(username=username, role=role, display_name=display_name, unit=unit, enterprise=enterprise, phone=phone, is_staff=is_staff)
        if hashed_password:
            # A hash made once for many demo accounts of one password (already checked against the rules).
            user.password = hashed_password
        else:
            from django.contrib.auth.password_validation import validate_password

            validate_password(password, user)  # the password rules of settings.AUTH_PASSWORD_VALIDATORS
            user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        from .auditlog import append_entry

        append_entry(
            action="core.user.create", object_type="core.User", object_id=user.pk, object_repr=username,
            after={"username": username, "role": role, "unit_id": unit.pk if unit else None, "enterprise_id": enterprise.pk if enterprise else None},
        )
    return user


def parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = normalize_text(str(value)).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise ValidationError(_("日期“%(value)s”无法识别,请使用 2020-05-01 格式") % {"value": value})


_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_decimal(value: Any, label: str, *, minimum: Decimal | int | None = 0, max_digits: int = 14, decimal_places: int = 2) -> Decimal | None:
    """A number typed by a person or read from a file, as the Decimal a DecimalField(max_digits, decimal_places)
    stores; a Chinese ValidationError for anything else.

    The one parser of imported numbers: "1,234.5" (thousands grouped by three) and "1234.50" are numbers;
    "1,2", "inf", "nan", "1e400", text, or a value beyond the column are refused, never passed on to fail in the
    database after other rows were saved. The value is rounded to ``decimal_places``, so that 500, 500.0 and
    500.00 are the same value and re-importing them changes nothing.
    """
    if value in (None, ""):
        return None
    text = normalize_text(str(value)).strip()
    if not text:
        return None
    if "," in text:
        if not _GROUPED_NUMBER.fullmatch(text):
            raise ValidationError(_("%(label)s“%(value)s”不是有效的数字(千分位逗号应每三位一组,如 1,234.5)") % {"label": label, "value": value})
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValidationError(_("%(label)s“%(value)s”不是数字") % {"label": label, "value": value})
    try:
        number = Decimal(text)
        limit = Decimal(10) ** (max_digits - decimal_places)
        if not number.is_finite() or abs(number) >= limit:
            raise InvalidOperation
        number = number.quantize(Decimal(1).scaleb(-decimal_places))
    except InvalidOperation:
        raise ValidationError(_("%(label)s“%(value)s”超出允许的范围") % {"label": label, "value": value})
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise ValidationError(_("%(label)s不能为负数") % {"label": label})
        raise ValidationError(_("%(label)s不能小于 %(minimum)s") % {"label": label, "minimum": minimum})
    return number


def parse_count(value: Any, label: str, *, maximum: int = 2_147_483_647) -> int | None:
    """A whole, non-negative number (a head count): "12", "1,200", "12.0"; "12.5", "-3", "inf", "nan" are refused."""
    number = parse_decimal(value, label, minimum=0, max_digits=20, decimal_places=4)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValidationError(_("%(label)s“%(value)s”应为整数") % {"label": label, "value": value})
    if number > maximum:
        raise ValidationError(_("%(label)s“%(value)s”超出允许的范围") % {"label": label, "value": value})
    return int(number)


def industry_lookup(code: str) -> Industry:
    code = normalize_text(code).upper()
    industry = Industry.objects.filter(code=code).first()
    if industry is None and len(code) > 2 and code[:1].isalpha():
        industry = Industry.objects.filter(code=code[1:3]).first()  # C3911 → 大类 39
    if industry is None and len(code) > 2 and code[:2].isdigit():
        industry = Industry.objects.filter(code=code[:2]).first()
    if industry is None or industry.level != 2:
        raise ValidationError(_("行业代码“%(code)s”不是有效的国民经济行业分类(GB/T 4754-2017)大类代码") % {"code": code})
    return industry


def division_lookup(value: str) -> Division:
    value = normalize_text(value)
    division = Division.objects.filter(level=Division.Level.DISTRICT).filter(code=value).first() or Division.objects.filter(
        level=Division.Level.DISTRICT, name=value
    ).first()
    if division is None:
        raise ValidationError(_("注册区县“%(value)s”不在本市区划中") % {"value": value})
    return division


# --- credit class written by the credit evaluation -------------------------------------------------------

CREDIT_CLASS_ROW_ENTRIES = 200  # up to this many changes get one audit entry each (before/after); more, one per class


def enterprise_credit_classes_set(*, actor, classes: dict[int, str], source: str) -> int:
    """Write the class the credit evaluation gave each enterprise (``classes``: id → "A".."D"), so that readers
    of the registry see the same class as ``core.registry.credit_standing``. A few changes (one enterprise's
    repair) are recorded row by row; a full recomputation, one entry per class with the count and the source."""
    from collections import defaultdict

    from .auditlog import record_bulk

    valid = {c for c, _label in Enterprise.Credit.choices}
    if any(value not in valid for value in classes.values()):
        raise ValidationError(_("信用等级只能是 A、B、C、D"))
    with audited_write(actor):
        if len(classes) <= CREDIT_CLASS_ROW_ENTRIES:
            for enterprise in Enterprise.objects.filter(pk__in=list(classes)).order_by("pk"):
                before = {"credit_class": enterprise.credit_class}
                enterprise.credit_class = classes[enterprise.pk]
                enterprise.version += 1
                enterprise.save(update_fields=["credit_class", "version", "updated_at"])
                record("core.enterprise.set_credit_class", enterprise, before=before, after={"credit_class": enterprise.credit_class})
            return len(classes)
        by_class: dict[str, list[int]] = defaultdict(list)
        for pk, value in classes.items():
            by_class[value].append(int(pk))
        # One UPDATE joined to a temporary table of the changes (10^6 rows in seconds on SQLite and PostgreSQL);
        # a plain statement: the entries below record these rows, one per class rather than one per row.
        from django.db import connection

        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE credit_class_changes (enterprise_id bigint PRIMARY KEY, credit_class varchar(1) NOT NULL)")
            try:
                cursor.executemany("INSERT INTO credit_class_changes (enterprise_id, credit_class) VALUES (%s, %s)",
                                   [(int(pk), value) for pk, value in classes.items()])
                table = qn(Enterprise._meta.db_table)
                cursor.execute(
                    f"UPDATE {table} SET credit_class = (SELECT c.credit_class FROM credit_class_changes c WHERE c.enterprise_id = {table}.id), "
                    f"version = version + 1 WHERE id IN (SELECT enterprise_id FROM credit_class_changes)")
            finally:
                cursor.execute("DROP TABLE credit_class_changes")
        for value, ids in sorted(by_class.items()):
            record_bulk("core.enterprise.set_credit_class", Enterprise, count=len(ids),
                        summary={"credit_class": value, "source": source, "first_ids": sorted(ids)[:20]})
    return len(classes)
