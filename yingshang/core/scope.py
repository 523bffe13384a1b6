"""Scope: the one answer to "which rows may this user see", for every kind of object.

Each model declares once how it reaches the four things a reader's scope is made of: a government
unit, a district (Division), an enterprise (经营主体) and a citizen's own account::

    scoped(Appeal, unit="unit", district="district", enterprise="enterprise", citizen="submitted_by")

Declarations live in each app's ``permissions.py`` (discovered on first use, like admin.py). Every
selector, view, API, export and panel then reads through :func:`visible` / :func:`visible_or_404` /
:func:`can_see`; nobody writes a tree-path test of their own.

The rule (docs/adr/0003-scope-in-selectors.md):

- city-wide roles (admin, operator, leader, auditor, superusers) see every row;
- a handler sees the rows reached through a unit in their unit's subtree;
- a coordinator (who speaks for a district government) sees the same, and also the rows that lie in
  the district their unit administers (by any declared district path);
- an enterprise user sees the rows of their own enterprise, and the rows they submitted themselves;
- a citizen sees the rows they submitted;
- anyone else (anonymous, a staff member with no unit) sees nothing.

A model may declare ``registry=True`` for city reference data (the 经营主体 registry): staff whose unit
administers a district read that district's rows, staff of city-level units read all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Division, Unit, User

Paths = tuple[str, ...]
Role = User.Role


# Roles whose reads cover the whole city; everyone else is limited to their unit, district or enterprise.
CITY_WIDE_ROLES = {Role.ADMIN, Role.OPERATOR, Role.LEADER, Role.AUDITOR}


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
    """The parts of the city ``user`` reads (prefer :func:`visible`, which applies them to a queryset)."""
    if not getattr(user, "is_authenticated", False):
        return Scope()
    if user.is_superuser or user.role in CITY_WIDE_ROLES:
        return Scope(city_wide=True)
    if user.role == Role.ENTERPRISE:
        return Scope(enterprise_id=user.enterprise_id)
    if user.role in (Role.HANDLER, Role.COORDINATOR, Role.WINDOW_CLERK) and user.unit_id:
        district = _unit_district(user.unit)
        return Scope(unit_path=user.unit.tree_path, district_code=district.code if district else None)
    return Scope()


# --- the unit subtree: the one prefix test -------------------------------------------------------------

def _path_of(unit_or_path) -> str:
    return unit_or_path if isinstance(unit_or_path, str) else unit_or_path.tree_path


def subtree_q(unit_or_path, via: str = "") -> Q:
    """Rows whose unit (reached through ``via``, e.g. "item__unit"; "" for Unit itself) lies in the
    subtree of ``unit_or_path`` (a Unit or its tree_path), the unit itself included."""
    field = f"{via}__tree_path" if via else "tree_path"
    return Q(**{f"{field}__startswith": _path_of(unit_or_path)})


def in_subtree(unit_or_path, ancestor) -> bool:
    """The Python twin of :func:`subtree_q`, for an object already in memory (None is in no subtree)."""
    if unit_or_path is None or ancestor is None:
        return False
    path, top = _path_of(unit_or_path) or "", _path_of(ancestor) or ""
    return bool(top) and path.startswith(top)


def district_q(district_code: str, via: str) -> Q:
    """Rows whose division (through ``via``) is the district ``district_code`` or lies inside it."""
    return Q(**{f"{via}__code__startswith" if via else "code__startswith": district_code})


# --- the registry --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reach:
    """How rows of one model reach the parts of a scope (each a tuple of ORM paths; "" = the row itself)."""

    unit: Paths = ()
    district: Paths = ()
    enterprise: Paths = ()
    citizen: Paths = ()
    registry: bool = False
    # True when a path crosses a to-many relation: the filter then goes through a pk subquery so that
    # a row reached twice is listed once.
    many: bool = False


_REGISTRY: dict[type[Model], Reach] = {}
_discovered = False


def _paths(value) -> Paths:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def scoped(model: type[Model], *, unit=None, district=None, enterprise=None, citizen=None, registry: bool = False, many: bool = False) -> type[Model]:
    """Declare how ``model``'s rows reach a unit / district / enterprise / citizen (each a path or a tuple
    of paths). Declaring a model twice with a different reach is an error: one rule per model."""
    reach = Reach(unit=_paths(unit), district=_paths(district), enterprise=_paths(enterprise), citizen=_paths(citizen),
                  registry=registry, many=many)
    known = _REGISTRY.get(model)
    if known is not None and known != reach:
        raise ImproperlyConfigured(f"{model.__name__} 的可见范围已声明为 {known},不能再声明为 {reach}")
    _REGISTRY[model] = reach
    return model


def _discover() -> None:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")
        _discovered = True


def reach_of(model: type[Model]) -> Reach:
    _discover()
    concrete = model._meta.concrete_model
    try:
        return _REGISTRY[concrete]
    except KeyError:
        raise ImproperlyConfigured(f"{concrete.__name__} 未声明可见范围:请在其应用的 permissions.py 中调用 core.scope.scoped()") from None


def registered_models() -> dict[type[Model], Reach]:
    _discover()
    return dict(_REGISTRY)


# --- reading through the scope -------------------------------------------------------------------------

def scope_of(user) -> Scope:
    """The user's :class:`Scope`, computed once per user object (a request reuses it)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope()
    # Keyed by what the scope depends on, so an account edited in the same request is not read stale.
    key = (user.pk, user.role, user.unit_id, user.enterprise_id, user.is_superuser, user.is_active)
    cached = getattr(user, "_yingshang_scope", None)
    if cached is None or cached[0] != key:
        cached = (key, user_scope(user))
        try:
            user._yingshang_scope = cached
        except AttributeError:  # pragma: no cover - a user object that refuses attributes
            pass
    return cached[1]


def is_city_wide(user) -> bool:
    return scope_of(user).city_wide


def _field(path: str, suffix: str) -> str:
    return f"{path}__{suffix}" if path else suffix


def scope_q(user, model: type[Model]) -> Q | None:
    """None = every row; otherwise the condition on ``model`` that selects the rows ``user`` may see."""
    scope = scope_of(user)
    if scope.city_wide:
        return None
    reach = reach_of(model)
    nothing = Q(pk__in=[])
    condition = nothing
    role = getattr(user, "role", None)
    if scope.enterprise_id or role in (Role.ENTERPRISE, Role.CITIZEN):
        if scope.enterprise_id:
            for path in reach.enterprise:
                condition |= Q(**{_field(path, "pk"): scope.enterprise_id})
        for path in reach.citizen:
            condition |= Q(**{_field(path, "pk"): user.pk})
        return condition
    if reach.registry and (scope.district_code or scope.unit_path):
        if not scope.district_code:
            return None  # a city-level unit: the registry is its reference data
        for path in reach.district:
            condition |= district_q(scope.district_code, path)
        return condition
    if scope.unit_path:
        for path in reach.unit:
            condition |= subtree_q(scope.unit_path, path)
    if scope.district_code and role == Role.COORDINATOR:
        for path in reach.district:
            condition |= district_q(scope.district_code, path)
    return condition


def visible(user, queryset: QuerySet) -> QuerySet:
    """``queryset`` limited to the rows ``user`` may see (the rule above); ``.none()`` for anyone else."""
    condition = scope_q(user, queryset.model)
    if condition is None:
        return queryset
    if condition == Q(pk__in=[]):
        return queryset.none()
    if reach_of(queryset.model).many:
        return queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def visible_or_404(user, queryset: QuerySet, message: str | None = None, **lookup):
    """The one row of ``queryset`` matching ``lookup`` that ``user`` may see; 404 otherwise, with the same
    message whether the row is missing or outside the scope (nothing leaks)."""
    try:
        return visible(user, queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404(message or _("对象不存在或不在您的权限范围内")) from None


def can_see(user, obj: Model) -> bool:
    """Whether ``user`` may see ``obj`` (one indexed query; city-wide readers need none)."""
    if obj is None or obj.pk is None:
        return False
    if is_city_wide(user):
        return True
    return visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
