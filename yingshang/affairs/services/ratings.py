"""好差评: a rating of a finished case on the national five levels, at the window, online or through the
SMS link (a signed token, no login); a bad rating (不满意/非常不满意) opens a verification and 整改 loop
with working-day limits: 核实 within VERIFY_DAYS, 整改 within RECTIFY_DAYS, then a 回访 by the 营商局."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingshang.core import clock, workcalendar
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.permissions import has_capability
from yingshang.core.scope import in_subtree, is_city_wide

from .. import summaries
from ..models import Case, Rating, Rectification

VERIFY_DAYS = 3  # 差评核实: working days from the rating
RECTIFY_DAYS = 10  # 整改: working days from the confirmation
SMS_SALT = "affairs.rating.sms"
SMS_MAX_AGE = 30 * 24 * 3600  # the link in the SMS is valid for 30 days
RATEABLE = (Case.Status.COMPLETED, Case.Status.DELIVERED, Case.Status.REFUSED)


def sms_token(case: Case) -> str:
    return signing.dumps({"case": case.pk}, salt=SMS_SALT, compress=True)


def case_from_token(token: str) -> Case:
    try:
        data = signing.loads(token, salt=SMS_SALT, max_age=SMS_MAX_AGE)
        return Case.objects.select_related("item", "bundle", "hall").get(pk=int(data["case"]))
    except signing.SignatureExpired:
        raise ValidationError(_("评价链接已过期(有效期30天)")) from None
    except (signing.BadSignature, Case.DoesNotExist, KeyError, TypeError, ValueError):
        raise ValidationError(_("评价链接无效")) from None


def rated_unit(case: Case):
    """Whose service is rated: the department of a one-item case, the receiving hall of a bundle (统一出件)."""
    if case.bundle_id is None:
        sub = case.subcases.select_related("unit").first()
        if sub is not None:
            return sub.unit
    return case.hall


@transaction.atomic
def rating_submit(*, actor, case: Case, level: int, channel: str, comment: str = "") -> Rating:
    """Rate ``case`` once. ``actor`` None: the anonymous SMS link (the token already proved the case)."""
    if channel not in Rating.Channel.values:
        raise ValidationError(_("评价渠道无效"))
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in Rating.Level.values:
        raise ValidationError({"level": [_("请选择评价等级(非常满意、满意、基本满意、不满意、非常不满意)")]})
    if channel == Rating.Channel.ONLINE:
        own = actor is not None and has_capability(actor, "affairs.rate") and (
            case.applicant_id == actor.pk or (case.enterprise_id and case.enterprise_id == getattr(actor, "enterprise_id", None)))
        if not own:
            raise PermissionDenied(_("只有申请人可以在网上评价本办件"))
    elif channel == Rating.Channel.WINDOW:
        if actor is None or not has_capability(actor, "affairs.receive") and not has_capability(actor, "affairs.rate"):
            raise PermissionDenied(_("窗口评价须由窗口评价器记录"))
    if case.status not in RATEABLE:
        raise ValidationError(_("办件办结后才能评价"))
    if Rating.objects.filter(case=case).exists():
        raise ValidationError(_("该办件已评价,每件只能评价一次"))
    now = clock.now()
    with audited_write(actor):
        rating = Rating.objects.create(case=case, unit=rated_unit(case), level=level, channel=channel, comment=(comment or "").strip()[:500], rated_at=now)
        record("affairs.rating.create", rating, after=rating.audit_snapshot())
        summaries.count_rating(rating)
        if rating.is_bad:
            calendar = workcalendar.current()
            loop = Rectification.objects.create(rating=rating, unit=rating.unit, verify_due=calendar.add_workdays(timezone.localdate(now), VERIFY_DAYS))
            record("affairs.rectification.create", loop, after=loop.audit_snapshot())
            from yingshang.core.notifications import notify_unit

            notify_unit(rating.unit, title=_("差评待核实:办件%(n)s") % {"n": case.number},
                        body=_("请于 %(d)s 前核实") % {"d": loop.verify_due}, link=f"/affairs/rectifications/{loop.pk}/",
                        category="affairs", dedup_key=f"affairs.rectification.{loop.pk}")
    return rating


def authorize_rectification(user, operation, loop: Rectification) -> None:
    if is_city_wide(user):
        return
    if not in_subtree(loop.unit, getattr(user, "unit", None)):
        raise PermissionDenied(_("该差评由%(u)s核实整改") % {"u": loop.unit.name})


def do_confirm(step) -> None:
    loop: Rectification = step.obj
    loop.findings = step.reason
    loop.rectify_due = workcalendar.current().add_workdays(timezone.localdate(step.now), RECTIFY_DAYS)


def do_dismiss(step) -> None:
    step.obj.findings = step.reason
    step.obj.closed_at = step.now


def do_report(step) -> None:
    step.obj.measures = step.reason


def do_close(step) -> None:
    step.obj.closed_at = step.now


def do_reopen(step) -> None:
    step.obj.rectify_due = workcalendar.current().add_workdays(timezone.localdate(step.now), RECTIFY_DAYS)


def rectification_act(*, actor, loop: Rectification, operation: str, data=None) -> Rectification:
    from yingshang.core import workflow as wf

    from ..workflow import RECTIFICATIONS

    wf.run_operation(RECTIFICATIONS, loop, operation, actor, data)
    return loop


def overdue_level(loop: Rectification, today) -> str:
    """超期核实 / 超期整改 / "" — the working-day limits of the loop."""
    if loop.status == Rectification.Status.VERIFYING and today > loop.verify_due:
        return "verify_late"
    if loop.status == Rectification.Status.RECTIFYING and loop.rectify_due and today > loop.rectify_due:
        return "rectify_late"
    return ""
