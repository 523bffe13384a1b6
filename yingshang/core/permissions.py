"""The one place that decides who may do what, and on which slice of the city's data.

Two questions, answered here and nowhere else:
- *capability*: may this role perform this kind of action at all? One table, ROLE_CAPABILITIES,
  readable by an auditor in a minute (no order-dependent if-chains);
- *scope*: which units, divisions or enterprise the user's data is limited to. Selectors of every
  app filter through :func:`unit_scope` / :func:`division_scope`, so a handler of unit A can never
  list or open unit B's objects (they get a 404, as if the object did not exist).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from .models import Division, Unit, User

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
}

# Roles whose reads cover the whole city; everyone else is limited to their unit or enterprise.
CITY_WIDE_ROLES = {Role.ADMIN, Role.OPERATOR, Role.LEADER, Role.AUDITOR}


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


def require_capability(user, capability: str) -> None:
    """Raise PermissionDenied unless ``user`` holds ``capability``.

    ``None`` is the system itself (management commands run by the operator of the server);
    web requests always carry a User or AnonymousUser, never None.
    """
    if user is None:
        return
    if not has_capability(user, capability):
        raise PermissionDenied("您的角色无权执行此操作")


@dataclass(frozen=True)
class Scope:
    """The slice of data a user reads. ``city_wide`` wins; otherwise the listed ids bound it."""

    city_wide: bool = False
    unit_path: str | None = None  # the user's unit subtree (tree_path prefix)
    district_code: str | None = None  # the district the user's unit administers
    enterprise_id: int | None = None  # an enterprise user's own 经营主体

    @property
    def empty(self) -> bool:
        return not (self.city_wide or self.unit_path or self.district_code or self.enterprise_id)


def _unit_district(unit: Unit) -> Division | None:
    """The district-level division a unit administers (its own, or its nearest ancestor's)."""
    node = unit
    while node is not None:
        division = node.division
        if division is not None and division.level >= Division.Level.DISTRICT:
            while division.level > Division.Level.DISTRICT and division.parent_id:
                division = division.parent
            return division
        node = node.parent
    return None


def user_scope(user) -> Scope:
    if not getattr(user, "is_authenticated", False):
        return Scope()
    if user.is_superuser or user.role in CITY_WIDE_ROLES:
        return Scope(city_wide=True)
    if user.role == Role.ENTERPRISE:
        return Scope(enterprise_id=user.enterprise_id)
    if user.role in (Role.HANDLER, Role.COORDINATOR) and user.unit_id:
        district = _unit_district(user.unit)
        return Scope(unit_path=user.unit.tree_path, district_code=district.code if district else None)
    return Scope()


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
