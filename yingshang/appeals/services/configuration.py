"""Configuration of the hub: its settings row, routing table, classifier versions and time limits.

The working calendar the time limits count on is core's (core/workcalendar.py, edited through
core/calendar_services.py)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk
from yingshang.core.memo import TtlMemo
from yingshang.core.models import Division
from yingshang.core.permissions import require_capability
from yingshang.core.services import save_versioned

from .. import suggest, taxonomy
from ..models import (
    ClassifierVersion,
    HubSettings,
    RoutingRule,
    SlaPolicy,
)
from ..sla import PolicyBook
from .validation import _resolve_division, _resolve_unit

_hub_settings_memo = TtlMemo(lambda: hub_settings())


def hub_settings_cached() -> HubSettings:
    """The settings row as read a few seconds ago (for reading on every intake, never for editing)."""
    return _hub_settings_memo.get()


def hub_settings() -> HubSettings:
    settings_row = HubSettings.objects.order_by("id").first()
    if settings_row is None:
        with audited_write(None):
            settings_row = HubSettings()
            settings_row.save()
            record("appeals.hub_settings.create", settings_row, after=settings_row.audit_snapshot())
    return settings_row



# --- routing ----------------------------------------------------------------------------------------------

def routing_rule_save(*, actor, label_prefix: str, unit, district=None, note: str = "") -> RoutingRule:
    """Create or replace the rule of (prefix, district)."""
    require_capability(actor, "appeals.manage_routing")
    prefix = taxonomy.normalize_path(label_prefix)
    if not prefix:
        raise ValidationError(_("标签路径前缀不能为空"))
    known = taxonomy.current_labels()
    if known and prefix not in known:
        raise ValidationError(_("现行标签体系中没有“%(prefix)s”,请从标签中选择") % {"prefix": prefix})
    unit_obj = _resolve_unit(unit)
    if unit_obj is None:
        raise ValidationError(_("请选择承办单位"))
    district_obj = _resolve_division(district, Division.Level.DISTRICT, "区县")
    with audited_write(actor):
        rule = RoutingRule.objects.filter(label_prefix=prefix, district=district_obj).first()
        before = rule.audit_snapshot() if rule else None
        if rule is None:
            rule = RoutingRule(label_prefix=prefix, district=district_obj)
        rule.unit, rule.note = unit_obj, note[:200]
        save_versioned(rule, rule.version if rule.pk else None)
        record("appeals.routing_rule.save", rule, before=before, after=rule.audit_snapshot())
    return rule


def routing_rule_delete(*, actor, rule: RoutingRule) -> None:
    require_capability(actor, "appeals.manage_routing")
    with audited_write(actor):
        record("appeals.routing_rule.delete", rule, before=rule.audit_snapshot(), after=None)
        rule.delete()


def routing_install_defaults(*, actor, rows: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """Load (label_prefix, unit_name) rows as city-wide rules; returns (rules saved, problems)."""
    require_capability(actor, "appeals.manage_routing")
    saved, problems = 0, []
    known = taxonomy.current_labels()
    from yingshang.core.selectors import unit_resolve

    with audited_write(actor):
        existing = {(r.label_prefix, r.district_id): r for r in RoutingRule.objects.all()}
        new_rules = []
        for prefix, unit_name in rows:
            units = unit_resolve(unit_name)
            if not units:
                problems.append(f"{prefix}:单位“{unit_name}”不在组织机构中")
                continue
            if known and prefix not in known:
                problems.append(f"{prefix}:不在现行标签体系中")
                continue
            if (prefix, None) in existing:
                continue
            new_rules.append(RoutingRule(label_prefix=prefix, unit=units[0], note="默认权责清单"))
            existing[(prefix, None)] = new_rules[-1]
        RoutingRule.objects.bulk_create(new_rules)
        saved = len(new_rules)
        if saved:
            record_bulk("appeals.routing_rule.load", RoutingRule, count=saved, summary={"rules": saved, "problems": len(problems)})
    return saved, problems


# --- classifier versions -------------------------------------------------------------------------------

def classifier_register(*, actor, name: str, file: str, metrics: dict, trained_on: str = "", training_size: int = 0, activate: bool = False) -> ClassifierVersion:
    require_capability(actor, "appeals.manage_models")
    with audited_write(actor):
        version = ClassifierVersion(name=name[:100], file=file, metrics=metrics or {}, trained_on=trained_on[:200], training_size=training_size)
        version.save()
        record("appeals.classifier_version.register", version, after=version.audit_snapshot())
        if activate:
            _activate_classifier(version)
    return version


def classifier_activate(*, actor, version: ClassifierVersion) -> ClassifierVersion:
    require_capability(actor, "appeals.manage_models")
    path = suggest.model_path(version)
    if not path.exists():
        raise ValidationError(_("模型文件 %(file)s 不存在,不能启用") % {"file": version.file})
    with audited_write(actor):
        _activate_classifier(version)
    suggest.forget_loaded_model()
    return version


def _activate_classifier(version: ClassifierVersion) -> None:
    for other in ClassifierVersion.objects.filter(is_active=True).exclude(pk=version.pk):
        other.is_active = False
        save_versioned(other, other.version)
        record("appeals.classifier_version.deactivate", other, before={"is_active": True}, after={"is_active": False})
    version.is_active = True
    save_versioned(version, version.version)
    record("appeals.classifier_version.activate", version, before={"is_active": False}, after={"is_active": True})


def hub_settings_update(*, actor, expected_version: int | None, **values) -> HubSettings:
    require_capability(actor, "appeals.manage_models")
    row = hub_settings()
    threshold = values.get("auto_dispatch_threshold")
    if threshold is not None and not (0 < float(threshold) <= 1.0):
        raise ValidationError(_("自动派单阈值应在 0 到 1 之间(1 = 从不自动派单)"))
    with audited_write(actor):
        before = row.audit_snapshot()
        for key, value in values.items():
            if value is not None:
                setattr(row, key, value)
        save_versioned(row, expected_version)
        record("appeals.hub_settings.update", row, before=before, after=row.audit_snapshot())
    _hub_settings_memo.invalidate()
    return row


# --- time limits --------------------------------------------------------------------------------------

def sla_policy_update(*, actor, policy: SlaPolicy, expected_version: int | None, **limits) -> SlaPolicy:
    require_capability(actor, "appeals.manage_calendar")
    with audited_write(actor):
        before = policy.audit_snapshot()
        for key, value in limits.items():
            if key.endswith("_limit") and (value is None or Decimal(value) <= 0):
                raise ValidationError(_("时限必须是正数"))
            setattr(policy, key, value)
        save_versioned(policy, expected_version)
        record("appeals.sla_policy.update", policy, before=before, after=policy.audit_snapshot())
    PolicyBook.forget()
    return policy
