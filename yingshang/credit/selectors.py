"""Reads of the credit app, always through the reader's scope (core.scope), plus the public lists (信用公示,
恶意拖欠曝光: no personal data) and the one credit provider registered in core.registry."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.db.models import QuerySet, Sum

from yingshang.core import clock
from yingshang.core.models import Enterprise
from yingshang.core.registry import CreditStanding
from yingshang.core.scope import visible, visible_or_404

from .models import (
    ArrearsComplaint, ArrearsInstalment, BlacklistEntry, CreditEvaluation, CreditModel, CreditRun, Penalty, RepairApplication,
)


def credit_unit_code() -> str:
    """The unit that runs the city's public credit platform (市发展改革委 / 信用办): its staff read every record."""
    return getattr(settings, "YINGSHANG_CREDIT_UNIT_CODE", "U017")


def _scoped(user, queryset: QuerySet) -> QuerySet:
    if _credit_unit_staff(user):
        return queryset
    return visible(user, queryset)


def _get_or_404(user, queryset: QuerySet, **lookup):
    """One row of ``queryset`` the user may read (the same 404 whether missing or out of scope)."""
    if not _credit_unit_staff(user):
        return visible_or_404(user, queryset, **lookup)
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404(_("对象不存在或不在您的权限范围内")) from None


# --- the provider (core.registry.credit_standing) --------------------------------------------------------

def standings(enterprise_ids) -> dict[int, CreditStanding]:
    """The stored evaluations as the kernel's CreditStanding; enterprises never evaluated fall back to the
    registry's class and no blacklist (what the kernel answers without a provider). Many ids (a full policy
    match over 10^6 enterprises) are read in one scan, and the reasons once per combination (``basis``)."""
    ids = [int(i) for i in enterprise_ids]
    many = len(ids) > 5000
    rows = CreditEvaluation.objects.all() if many else CreditEvaluation.objects.filter(enterprise_id__in=ids)
    wanted = set(ids)
    found = [row for row in rows.values_list("enterprise_id", "risk_class", "score", "blacklisted", "basis").iterator(chunk_size=20000)
             if row[0] in wanted]
    reasons_of: dict[str, tuple[str, ...]] = {}
    for basis in {row[4] for row in found}:
        stored = CreditEvaluation.objects.filter(basis=basis).values_list("reasons", flat=True).first() or []
        reasons_of[basis] = tuple(_reason_text(r) for r in (stored if isinstance(stored, list) else json.loads(stored)))
    result = {pk: CreditStanding(pk, cls, score, bool(black), reasons_of[basis]) for pk, cls, score, black, basis in found}
    missing = [pk for pk in ids if pk not in result]
    if missing:
        registry = Enterprise.objects.all() if len(missing) > 5000 else Enterprise.objects.filter(pk__in=missing)
        missing_set = set(missing)
        for pk, cls in registry.values_list("pk", "credit_class").iterator(chunk_size=20000):
            if pk in missing_set:
                result[pk] = CreditStanding(pk, cls or "")
    return result


def _reason_text(reason: dict) -> str:
    points = reason.get("points")
    if points is None:
        return f"{reason.get('label', '')}({reason.get('note', '')})"
    return f"{reason.get('label', '')}({points:+d}分)"


# --- staff and enterprise reads ----------------------------------------------------------------------------

def evaluation_for(enterprise: Enterprise) -> CreditEvaluation | None:
    return CreditEvaluation.objects.filter(enterprise=enterprise).first()


def _credit_unit_staff(user) -> bool:
    unit = getattr(user, "unit", None)
    return unit is not None and getattr(user, "role", None) != "enterprise" and unit.code == credit_unit_code()


def enterprise_get_for_user(user, pk: int) -> Enterprise:
    """An enterprise whose credit page the user may open: the credit unit any; others through the registry scope."""
    return _get_or_404(user, Enterprise.objects.all(), pk=pk)


def enterprise_by_code_for_user(user, credit_code: str) -> Enterprise:
    return _get_or_404(user, Enterprise.objects.all(), credit_code=credit_code)


def penalties_for_user(user) -> QuerySet:
    return _scoped(user, Penalty.objects.select_related("enterprise", "unit"))


def record_get_for_user(user, kind: str, pk: int):
    """A penalty (kind "penalty") or blacklist entry (kind "blacklist") the user may read; 404 otherwise."""
    if kind not in ("penalty", "blacklist"):
        raise Http404(_("对象不存在或不在您的权限范围内"))
    queryset = Penalty.objects.select_related("enterprise", "unit") if kind == "penalty" else BlacklistEntry.objects.select_related("enterprise", "unit")
    return _get_or_404(user, queryset, pk=pk)


def blacklist_for_user(user) -> QuerySet:
    return _scoped(user, BlacklistEntry.objects.select_related("enterprise", "unit"))


def repairs_for_user(user) -> QuerySet:
    return _scoped(user, RepairApplication.objects.select_related("enterprise", "unit", "penalty", "blacklist_entry"))


def repair_get_for_user(user, pk) -> RepairApplication:
    return _get_or_404(user, repairs_for_user(user), pk=pk)


def arrears_for_user(user) -> QuerySet:
    return _scoped(user, ArrearsComplaint.objects.select_related("enterprise", "debtor_unit", "debtor_enterprise"))


def arrears_get_for_user(user, pk) -> ArrearsComplaint:
    return _get_or_404(user, arrears_for_user(user), pk=pk)


def runs() -> QuerySet:
    return CreditRun.objects.select_related("model")


def models_history() -> QuerySet:
    return CreditModel.objects.prefetch_related("indicators")


def is_overdue(due_on, done: bool) -> bool:
    return not done and due_on is not None and due_on < clock.today()


def class_counts() -> dict[str, int]:
    from django.db.models import Count

    return dict(CreditEvaluation.objects.values_list("risk_class").annotate(n=Count("pk")).values_list("risk_class", "n"))


def debtor_totals(queryset: QuerySet) -> list[dict]:
    """Amounts owed and repaid per debtor (verified complaints), largest outstanding first."""
    owed: dict[str, Decimal] = defaultdict(Decimal)
    repaid: dict[str, Decimal] = defaultdict(Decimal)
    cases: dict[str, int] = defaultdict(int)
    counted = queryset.exclude(status__in=[ArrearsComplaint.Status.SUBMITTED, ArrearsComplaint.Status.REJECTED])
    paid = dict(ArrearsInstalment.objects.filter(complaint__in=counted).values_list("complaint_id").annotate(s=Sum("paid_amount"))
                .values_list("complaint_id", "s"))
    for complaint in counted:
        owed[complaint.debtor_name] += complaint.owed
        repaid[complaint.debtor_name] += paid.get(complaint.pk) or Decimal("0")
        cases[complaint.debtor_name] += 1
    rows = [{"debtor": name, "cases": cases[name], "owed": owed[name], "repaid": repaid[name], "outstanding": owed[name] - repaid[name],
             "share": float(repaid[name] / owed[name]) if owed[name] else None} for name in owed]
    return sorted(rows, key=lambda r: -r["outstanding"])


def paid_total(complaint: ArrearsComplaint) -> Decimal:
    return complaint.instalments.aggregate(s=Sum("paid_amount"))["s"] or Decimal("0")


# --- public (信用公示, 恶意拖欠曝光): enterprise names and credit codes of legal persons, no personal data ------

def public_penalties() -> QuerySet:
    return Penalty.objects.filter(repaired_on__isnull=True).select_related("enterprise", "unit").exclude(enterprise__kind=Enterprise.Kind.INDIVIDUAL)


def public_blacklist() -> QuerySet:
    return BlacklistEntry.objects.filter(removed_on__isnull=True).select_related("enterprise", "unit").exclude(enterprise__kind=Enterprise.Kind.INDIVIDUAL)


def public_malicious_arrears() -> QuerySet:
    return ArrearsComplaint.objects.filter(malicious=True).select_related("debtor_unit")
