"""The SLA clocks of an appeal: the time limits per type and urgency (SlaPolicy), counted on the city's one
working calendar (core/workcalendar.py, maintained by the administrator on the 工作日历 page).

The arithmetic (working hours 09:00–12:00 and 13:00–18:00, "N 个工作日" ending at 18:00 of the N-th working day
after the day of intake) lives only in core (``core.workcalendar.WorkCalendar``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yingshang.core.memo import TtlMemo


# --- SLA policy ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Limits:
    dispatch: tuple[Decimal, str]
    feedback: tuple[Decimal, str]
    completion: tuple[Decimal, str]


class PolicyBook:
    """All SlaPolicy rows, looked up by (type, urgency) with a type-blank row as the fallback."""

    def __init__(self, rows):
        self._rows = {(r.appeal_type, r.urgency): r for r in rows}

    @classmethod
    def load(cls) -> "PolicyBook":
        return _policy_memo.get()

    @classmethod
    def read(cls) -> "PolicyBook":
        from .models import SlaPolicy

        return cls(SlaPolicy.objects.all())

    @classmethod
    def forget(cls) -> None:
        _policy_memo.invalidate()

    def limits(self, appeal_type: str, urgency: str) -> Limits:
        row = self._rows.get((appeal_type, urgency)) or self._rows.get(("", urgency)) or self._rows.get(("", "normal"))
        if row is None:
            raise ValueError("未配置办理时限(办理时限表为空),请管理员在“办理时限”页设置")
        return Limits(
            (row.dispatch_limit, row.dispatch_measure), (row.feedback_limit, row.feedback_measure),
            (row.completion_limit, row.completion_measure),
        )



_policy_memo = TtlMemo(PolicyBook.read)


def describe_limit(amount, measure: str) -> str:
    amount = Decimal(amount).normalize()
    return f"{amount:f}{'个工作日' if measure == 'days' else '个工作小时'}"
