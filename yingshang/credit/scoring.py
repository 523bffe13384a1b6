"""The plans-ranking component 「清理拖欠账款」 (core.registry score component ``credit.arrears``).

A debtor unit (with the units below it; a district government for the units of its district) is scored on
the verified complaints against it that were open during the period:

    score = 100 × (0.7 × repaid share + 0.3 × on-time share)

repaid share = paid / owed over those complaints (as of the period's end); on-time share = of the plan's
instalments due in the period, those paid in full by their due date. A unit with no such complaint is left
out (nothing to judge it on), as the registry's contract says.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from yingshang.core.scope import subtree_q

from .models import ArrearsComplaint, ArrearsInstalment

REPAID_WEIGHT, ON_TIME_WEIGHT = 0.7, 0.3
COUNTED = (ArrearsComplaint.Status.VERIFIED, ArrearsComplaint.Status.PLANNED, ArrearsComplaint.Status.REPAID, ArrearsComplaint.Status.CLOSED)


def _unit_condition(unit) -> Q:
    condition = subtree_q(unit, "debtor_unit")
    if unit.kind == "district_gov" and unit.division_id:
        condition |= Q(debtor_unit__division__code__startswith=unit.division.code)
    return condition


def arrears_scores(units, start: dt.date, end: dt.date) -> dict[int, float]:
    scores: dict[int, float] = {}
    for unit in units:
        complaints = list(ArrearsComplaint.objects.filter(_unit_condition(unit), status__in=COUNTED, submitted_on__lte=end)
                          .exclude(closed_on__lt=start))
        if not complaints:
            continue
        owed = sum((c.owed for c in complaints), Decimal("0"))
        instalments = list(ArrearsInstalment.objects.filter(complaint__in=complaints))
        paid = sum((i.paid_amount for i in instalments if i.paid_on and i.paid_on <= end), Decimal("0"))
        due = [i for i in instalments if start <= i.due_on <= end]
        on_time = [i for i in due if i.paid_amount >= i.amount and i.paid_on and i.paid_on <= i.due_on]
        repaid_share = float(paid / owed) if owed else 1.0
        on_time_share = len(on_time) / len(due) if due else repaid_share
        scores[unit.pk] = round(100 * (REPAID_WEIGHT * min(repaid_share, 1.0) + ON_TIME_WEIGHT * on_time_share), 2)
    return scores
