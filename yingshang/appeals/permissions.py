"""Who may do what in the appeals hub: the capability table, the one authorisation path for workflow
actions, and how much of the person behind an appeal each reader may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from yingshang.core.models import User
from yingshang.core.permissions import can_see_personal_data, has_capability, mask_name, mask_phone
from yingshang.core.scope import in_subtree, is_city_wide, scoped

Role = User.Role

CAPABILITIES: dict[str, set[str]] = {
    Role.ADMIN: {
        "appeals.view", "appeals.intake", "appeals.dispatch", "appeals.supervise", "appeals.import", "appeals.view_kpi",
        "appeals.manage_taxonomy", "appeals.manage_routing", "appeals.manage_models", "appeals.manage_calendar",
    },
    Role.OPERATOR: {"appeals.view", "appeals.intake", "appeals.dispatch", "appeals.import", "appeals.view_kpi"},
    Role.HANDLER: {"appeals.view", "appeals.handle", "appeals.view_kpi"},
    Role.COORDINATOR: {"appeals.view", "appeals.handle", "appeals.supervise", "appeals.view_kpi"},
    Role.LEADER: {"appeals.view", "appeals.supervise", "appeals.view_kpi"},
    Role.AUDITOR: {"appeals.view", "appeals.view_kpi"},
    Role.ENTERPRISE: {"appeals.view_own"},
    Role.CITIZEN: {"appeals.view_own"},
}


def is_unit_staff_of(user, appeal) -> bool:
    """The user belongs to the appeal's handling unit or to a unit above it."""
    unit = getattr(user, "unit", None)
    return bool(appeal.unit_id) and in_subtree(appeal.unit, unit)


# Who acts on an appeal: the hotline centre (city-wide, capability appeals.dispatch), the handling unit
# (its own staff and those of the units above it, appeals.handle), or a supervisor (appeals.supervise).
HOTLINE, UNIT, SUPERVISOR = _("热线中心"), _("承办单位"), _("督办部门")
SIDE_CAPABILITY = {HOTLINE: "appeals.dispatch", UNIT: "appeals.handle", SUPERVISOR: "appeals.supervise"}


def authorize(user, operation, appeal) -> None:
    """The appeal workflow's authorisation hook (core.workflow has already checked the operation's
    capability): the handling unit acts only on its own appeals, and only city-wide staff act on
    appeals outside their unit. ``None`` is the system (auto-dispatch, imports, the demo)."""
    if user is None:
        return
    if str(operation.side) == str(UNIT) and not is_unit_staff_of(user, appeal):
        raise PermissionDenied("只有承办单位的人员才能执行此操作")
    if not is_city_wide(user) and not is_unit_staff_of(user, appeal):
        raise PermissionDenied("该诉求不在您的权限范围内")


def person_view(user, appeal) -> dict:
    """The person behind an appeal as ``user`` may see them.

    保密 appeals hide the person from the handling unit entirely (the hotline keeps them to call back);
    roles without the personal-data capability see masked values."""
    if appeal.is_confidential and not is_city_wide(user) and not _is_submitter(user, appeal):
        return {"name": "(保密)", "phone": "(保密)", "hidden": True}
    if can_see_personal_data(user) or _is_submitter(user, appeal):
        return {"name": appeal.person_name, "phone": appeal.person_phone, "hidden": False}
    return {"name": mask_name(appeal.person_name), "phone": mask_phone(appeal.person_phone), "hidden": False}


def _is_submitter(user, appeal) -> bool:
    return bool(getattr(user, "is_authenticated", False) and appeal.submitted_by_id == user.pk)


def may(user, capability: str) -> bool:
    return has_capability(user, capability)


def _declare_scope() -> None:
    """How appeals reach a reader's scope (core.scope): handled by a unit, lying in a district,
    about an enterprise, submitted by a citizen's account."""
    from .models import Appeal, Attachment

    scoped(Appeal, unit="unit", district="district", enterprise="enterprise", citizen="submitted_by")
    scoped(Attachment, unit="appeal__unit", district="appeal__district", enterprise="appeal__enterprise", citizen="appeal__submitted_by")


_declare_scope()
