"""Reminders of time limits about to run out or already past."""

from __future__ import annotations

import datetime as dt

from yingshang.core import clock
from yingshang.core.models import Unit
from yingshang.core.notifications import notify_unit

# --- reminders ---------------------------------------------------------------------------------------------

def send_reminders(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Inbox reminders for overdue and soon-due appeals, once per appeal, clock and day (dedup keys)."""
    from ..selectors import due_buckets

    now = now or clock.now()
    sent = {"overdue": 0, "soon": 0}
    buckets = due_buckets(now=now)
    day = now.strftime("%Y%m%d")
    for kind, items in (("overdue", buckets["overdue"]), ("soon", buckets["soon"])):
        for item in items:
            appeal, clock_name, due = item.appeal, item.clock, item.due
            verb = "已超期" if kind == "overdue" else "即将到期"
            title = f"诉求{verb}:{appeal.tracking_no}({item.clock_label}时限 {due:%m-%d %H:%M})"
            key = f"appeal-{kind}-{appeal.pk}-{clock_name}-{day}"
            if appeal.unit_id and clock_name != "dispatch":
                sent[kind] += notify_unit(appeal.unit, title=title, body=appeal.summary, link=f"/appeals/{appeal.tracking_no}/", category="appeals", dedup_key=key)
            else:
                hotline = Unit.objects.filter(kind=Unit.Kind.HOTLINE).first()
                if hotline:
                    sent[kind] += notify_unit(hotline, title=title, body=appeal.summary, link=f"/appeals/{appeal.tracking_no}/", category="appeals", dedup_key=key)
    return sent
