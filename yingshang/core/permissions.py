"""The one place that decides who may do what, and on which slice of the city's data.

Two questions, answered here and nowhere else:
- *capability*: may this role perform this kind of action at all? One table, ROLE_CAPABILITIES,
  readable by an auditor in a minute (no order-dependent if-chains);
- *scope*: which rows the user may see at all. That rule lives in :mod:`yingshang.core.scope`
  (``visible(user, queryset)``); each app's permissions.py declares how its models reach a unit, a
  district, an enterprise or a citizen (core's own models at the end of this file). Outside the scope
  an object does not exist (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Division, Enterprise, Unit, User
from .scope import scoped

Role = User.Role

# Capabilities are "<app>.<verb>_<thing>" strings; apps add theirs through register_capabilities().
ROLE_CAPABILITIES: dict[str, set[str]] = {
    Role.ADMIN: {
        "core.view_units", "core.manage_units", "core.view_enterprises", "core.manage_enterprises",
        "core.import_enterprises", "core.view_audit", "core.view_personal_data", "core.manage_users",
        "core.manage_calendar",
    },
    Role.OPERATOR: {"core.view_units", "core.view_enterprises", "core.view_personal_data"},
    Role.HANDLER: {"core.view_units", "core.view_enterprises", "core.view_personal_data"},
    Role.COORDINATOR: {"core.view_units", "core.view_enterprises", "core.view_personal_data"},
    Role.LEADER: {"core.view_units", "core.view_enterprises"},
    Role.AUDITOR: {"core.view_units", "core.view_enterprises", "core.view_audit"},
    Role.ENTERPRISE: {"core.view_own_enterprise"},
    Role.CITIZEN: set(),
    Role.WINDOW_CLERK: {"core.view_units", "core.view_enterprises", "core.view_personal_data"},
}


def register_capabilities(mapping: dict[str, set[str]]) -> None:
    """Called by each app's AppConfig.ready() to add its capabilities to roles."""
    for role, capabilities in mapping.items():
        ROLE_CAPABILITIES.setdefault(role, set()).update(capabilities)


def has_capability(user, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return capability in ROLE_CAPABILITIES.get(user.role, set())


def is_read_only(user) -> bool:
    """A role whose every capability is a read ("<app>.view…", e.g. the auditor): it may change nothing,
    so core.middleware.ReadOnlyRoleMiddleware refuses its POST/PUT/PATCH/DELETE before any view runs."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    capabilities = ROLE_CAPABILITIES.get(user.role, set())
    return bool(capabilities) and all(c.split(".", 1)[-1].startswith("view") for c in capabilities)


def reads_only(view):
    """Mark a view that answers POST but changes nothing (e.g. the audit chain verification, a POST because
    it is expensive): ReadOnlyRoleMiddleware lets read-only roles use it."""
    view.reads_only = True
    return view


def require_capability(user, capability: str) -> None:
    """Raise PermissionDenied unless ``user`` holds ``capability``.

    ``None`` is the system itself (management commands run by the operator of the server);
    web requests always carry a User or AnonymousUser, never None.
    """
    if user is None:
        return
    if not has_capability(user, capability):
        raise PermissionDenied("您的角色无权执行此操作")


def can_see_personal_data(user) -> bool:
    return has_capability(user, "core.view_personal_data")


def mask_phone(value: str) -> str:
    """138****5678: keeps enough to recognise a caller, not enough to call them."""
    value = (value or "").strip()
    if len(value) >= 7:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * len(value)


def mask_id_number(value: str) -> str:
    value = (value or "").strip()
    if len(value) >= 8:
        return value[:4] + "*" * (len(value) - 8) + value[-4:]
    return "*" * len(value)


def mask_name(value: str) -> str:
    value = (value or "").strip()
    return value[:1] + "*" * max(len(value) - 1, 1) if value else ""


# --- how core's models reach a scope (core.scope) ---------------------------------------------------------

scoped(Unit, unit="")
scoped(Division, district="")
# The registry is city reference data: district staff read their district, city-level staff all of it.
scoped(Enterprise, district="district", enterprise="", registry=True)
